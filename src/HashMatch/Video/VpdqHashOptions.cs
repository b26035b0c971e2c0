using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>How <see cref="VpdqHasher"/> samples and decodes a video.</summary>
[Experimental(VideoApi.DiagnosticId)]
public sealed record VpdqHashOptions
{
    /// <summary>The defaults: one frame per second, FFmpeg, default limits, one hashing thread per core.</summary>
    public static VpdqHashOptions Default { get; } = new();

    /// <summary>
    /// Seconds between hashed frames (reference default 1); 0 hashes every frame, as the published sample hashes do.
    /// </summary>
    public double SecondsPerHash { get; init; } = 1.0;

    /// <summary>Frames hashed at once while the decoder runs ahead (default: one per core).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The decoder (default <see cref="FfmpegVideoDecoder"/>).</summary>
    public IVideoDecoder Decoder { get; init; } = FfmpegVideoDecoder.Instance;

    /// <summary>Decoding limits.</summary>
    public VideoDecodeOptions DecodeOptions { get; init; } = VideoDecodeOptions.Default;
}
