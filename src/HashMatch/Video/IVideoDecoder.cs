using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>
/// The seam between video files and the video hashes: probes a file and streams its frames as RGB24 pixels.
/// <see cref="FfmpegVideoDecoder"/> is the default.
/// </summary>
[Experimental(VideoApi.DiagnosticId)]
public interface IVideoDecoder
{
    /// <summary>Reads the first video stream's size, rate and length, and checks them against the limits.</summary>
    /// <exception cref="HashMatchException">
    /// The file is missing or empty, is not a video in an allowed container, exceeds a limit, or the decoder is not
    /// installed.
    /// </exception>
    VideoInfo Probe(string path, VideoDecodeOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decodes the first video stream of <paramref name="path"/> (already probed as <paramref name="info"/>) and
    /// yields the requested frames in order. Each frame is the caller's to dispose; at most a few are buffered, so
    /// memory stays bounded whatever the video's length.
    /// </summary>
    /// <exception cref="HashMatchException">
    /// The stream is truncated or corrupt, its container is not an allowed one, it needs more decoding than
    /// <see cref="VideoDecodeOptions.MaxFrames"/> or <see cref="VideoDecodeOptions.MaxDecodedPixels"/> allow (counting
    /// every decoded frame, not only the requested ones), or decoding passes <see cref="VideoDecodeOptions.Timeout"/>.
    /// </exception>
    IEnumerable<VideoFrame> ReadFrames(string path, VideoInfo info, VideoFrameRequest request, VideoDecodeOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Probes and decodes in one call, for requests that give the output size (so the probe is needed only for the
    /// limits); a decoder may overlap the two. The default probes, then reads.
    /// </summary>
    /// <exception cref="HashMatchException">As for <see cref="Probe"/> and <see cref="ReadFrames"/>.</exception>
    IEnumerable<VideoFrame> ProbeAndReadFrames(string path, VideoFrameRequest request, VideoDecodeOptions options, CancellationToken cancellationToken = default) =>
        ReadFrames(path, Probe(path, options, cancellationToken), request, options, cancellationToken);
}
