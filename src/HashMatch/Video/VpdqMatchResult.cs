using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>How much of two vPDQ hashes matched.</summary>
/// <param name="QueryMatchPercent">Percentage of the query's distinct compared frames within the distance of some frame of the other video.</param>
/// <param name="ComparedMatchPercent">Percentage of the other video's distinct compared frames within the distance of some query frame.</param>
/// <param name="QueryFramesCompared">Distinct query hashes at or above the quality threshold.</param>
/// <param name="ComparedFramesCompared">Distinct hashes of the other video at or above the quality threshold.</param>
/// <param name="IsMatch">Both percentages reach their thresholds (and both videos had frames to compare).</param>
[Experimental(VideoApi.DiagnosticId)]
public readonly record struct VpdqMatchResult(double QueryMatchPercent, double ComparedMatchPercent, int QueryFramesCompared, int ComparedFramesCompared, bool IsMatch);
