using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>Level-1 and level-2 scores of two TMK hashes.</summary>
/// <param name="Level1">Cosine similarity of the average features, −1..1.</param>
/// <param name="Level2">The normalised temporal match kernel at the best time offset, 0..1 (1 for a video and itself).</param>
[Experimental(VideoApi.DiagnosticId)]
public readonly record struct TmkScore(float Level1, float Level2)
{
    /// <summary>The reference's suggested threshold for both levels: 0.7 (tmk/cpp/bin/tmk-compare-two-tmks.cpp).</summary>
    public static float DefaultThreshold => TmkParameters.DefaultThreshold;

    /// <summary>The reference's decision: both scores at or above their thresholds (suggested 0.7 each).</summary>
    public bool IsMatch(float level1Threshold = TmkParameters.DefaultThreshold, float level2Threshold = TmkParameters.DefaultThreshold) =>
        Level1 >= level1Threshold && Level2 >= level2Threshold;
}
