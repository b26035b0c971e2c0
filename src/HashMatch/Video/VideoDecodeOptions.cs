using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>
/// Limits and tools for decoding videos. Every limit is checked against the probe before a frame is allocated, and
/// the work limits (<see cref="MaxFramePixels"/>, <see cref="MaxFrames"/>, <see cref="MaxDecodedPixels"/>,
/// <see cref="Timeout"/>) are enforced again while FFmpeg decodes, since a container can misstate its size and length.
/// </summary>
[Experimental(VideoApi.DiagnosticId)]
public sealed record VideoDecodeOptions
{
    /// <summary>
    /// The defaults: 8K frames, 6 hours, 1,000,000 decoded frames, 2×10¹² decoded pixels, 30 minutes per file.
    /// </summary>
    public static VideoDecodeOptions Default { get; } = new();

    /// <summary>
    /// Largest frame accepted, in pixels (default 7680×4320, 8K UHD): the probed size is checked, and FFmpeg's decoder
    /// refuses a larger frame met later (its <c>-max_pixels</c>), as a stream may change size midway.
    /// </summary>
    public long MaxFramePixels { get; init; } = 7680L * 4320;

    /// <summary>Longest duration accepted (default 6 hours).</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Most frames FFmpeg decodes from one file (default 1,000,000: over 9 hours at 30 fps). This counts every decoded
    /// frame, not only those sampled for hashing: it is checked against the probe, and FFmpeg stops decoding at the
    /// limit (a container may state 1 second and hold a million frames), which is then an error.
    /// </summary>
    public long MaxFrames { get; init; } = 1_000_000;

    /// <summary>
    /// Most pixels decoded from one file, frame width × height × decoded frames (default 2×10¹²: the
    /// <see cref="MaxFrames"/> default at 1080p, or about 60,000 frames of 8K, half an hour at 30 fps). With the
    /// probed frame size it lowers the decoded-frame limit for large frames, so a small file of huge frames cannot
    /// take hours of decoding.
    /// </summary>
    public long MaxDecodedPixels { get; init; } = 2_000_000_000_000;

    /// <summary>
    /// Wall-clock limit for each FFmpeg process run for a file, the probe and the decode (default 30 minutes);
    /// FFmpeg is stopped when it passes, and the call fails as <see cref="HashMatchErrorReason.TimedOut"/>.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Accept a file whose data ends early or does not decode cleanly, hashing the frames FFmpeg produced. Default
    /// false: such a file is rejected as <see cref="HashMatchErrorReason.Truncated"/> or
    /// <see cref="HashMatchErrorReason.Corrupt"/>, as truncated images are, since its hash would not be the video's;
    /// FFmpeg then stops at the first decoding error (<c>-xerror</c>). Damage that a codec cannot detect (most codecs,
    /// VP8 and H.264 among them, carry no checksum over their coded data) decodes silently and is not reported.
    /// </summary>
    public bool AllowDamaged { get; init; }

    /// <summary>
    /// The <c>ffmpeg</c> executable; null means the <c>HASHMATCH_FFMPEG</c> environment variable, else <c>ffmpeg</c>
    /// on the PATH. <c>ffprobe</c> is looked for beside it.
    /// </summary>
    public string? FfmpegPath { get; init; }
}
