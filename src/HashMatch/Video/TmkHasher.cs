using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>
/// Computes TMK+PDQF video hashes (ThreatExchange <c>tmk</c>): frames resampled to 15 per second and scaled to
/// 64×64 by FFmpeg with the reference's options, a PDQF feature per frame, and the temporal match kernel's features.
/// </summary>
/// <remarks>
/// FFmpeg decodes and scales in its own process (and threads) while this thread computes each frame's feature and
/// folds it into the kernel sums, so decoding and hashing overlap; one 12 KiB frame is in memory at a time.
/// </remarks>
[Experimental(VideoApi.DiagnosticId)]
public static class TmkHasher
{
    /// <summary>Decodes and hashes a video file.</summary>
    /// <exception cref="HashMatchException">The file cannot be decoded within the limits, or FFmpeg is missing.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (FFmpeg is stopped).</exception>
    public static TmkHash HashFile(string path, TmkHashOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= TmkHashOptions.Default;
        var request = new VideoFrameRequest
        {
            Width = TmkParameters.FrameSide,
            Height = TmkParameters.FrameSide,
            FramesPerSecond = TmkParameters.FramesPerSecond,
            ApplyDisplayRotation = true,
        };
        TmkAccumulator accumulator = TmkAccumulator.ForPdqf();
        Span<float> feature = stackalloc float[TmkParameters.FeatureDimension];
        foreach (VideoFrame frame in options.Decoder.ProbeAndReadFrames(path, request, options.DecodeOptions, cancellationToken))
        {
            using (frame)
            {
                PdqfFeature.Compute(frame.Pixels, feature);
                accumulator.Add(feature);
            }
        }

        return accumulator.Finish("PDQF", TmkParameters.FramesPerSecond);
    }
}
