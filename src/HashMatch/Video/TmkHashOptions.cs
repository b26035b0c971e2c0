using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>How <see cref="TmkHasher"/> decodes a video.</summary>
[Experimental(VideoApi.DiagnosticId)]
public sealed record TmkHashOptions
{
    /// <summary>The defaults: FFmpeg with the default limits.</summary>
    public static TmkHashOptions Default { get; } = new();

    /// <summary>The decoder (default <see cref="FfmpegVideoDecoder"/>).</summary>
    public IVideoDecoder Decoder { get; init; } = FfmpegVideoDecoder.Instance;

    /// <summary>Decoding limits.</summary>
    public VideoDecodeOptions DecodeOptions { get; init; } = VideoDecodeOptions.Default;
}
