using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>What a probe learned about a video's first video stream, before any frame is decoded.</summary>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="FramesPerSecond">
/// The stream's average frame rate (FFmpeg's <c>avg_frame_rate</c>, else <c>r_frame_rate</c>), the rate vPDQ's
/// reference divides frame numbers by to get timestamps.
/// </param>
/// <param name="Duration">The container's or stream's duration, when it states one.</param>
/// <param name="FrameCount">The number of frames the container states, when it states one (it can be wrong).</param>
/// <param name="Codec">The codec's short name (for example <c>h264</c>).</param>
[Experimental(VideoApi.DiagnosticId)]
public sealed record VideoInfo(int Width, int Height, double FramesPerSecond, TimeSpan? Duration, long? FrameCount, string Codec)
{
    /// <summary>
    /// The container format the probe detected, as FFmpeg's demuxer name (for example <c>mov,mp4,m4a,3gp,3g2,mj2</c>);
    /// <see cref="FfmpegVideoDecoder"/> decodes with exactly this demuxer. Null when not known.
    /// </summary>
    public string? Format { get; init; }

    /// <summary>
    /// Frames the decoder is expected to produce: the stated count, else duration × rate; null when neither is known.
    /// </summary>
    public long? ExpectedFrames => FrameCount ?? (Duration is { } d ? (long)Math.Ceiling(d.TotalSeconds * FramesPerSecond) : null);
}
