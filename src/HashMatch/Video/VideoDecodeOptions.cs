namespace HashMatch.Video;

/// <summary>Limits and tools for decoding videos; every limit is checked from the probe, before frames are allocated.</summary>
public sealed record VideoDecodeOptions
{
    /// <summary>The defaults: 8K frames, 6 hours, 1,000,000 frames, 30 minutes per file.</summary>
    public static VideoDecodeOptions Default { get; } = new();

    /// <summary>Largest frame accepted, in pixels (default 7680×4320, 8K UHD).</summary>
    public long MaxFramePixels { get; init; } = 7680L * 4320;

    /// <summary>Longest duration accepted (default 6 hours).</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Most frames decoded from one file (default 1,000,000: over 9 hours at 30 fps). Checked against the probe and
    /// again while decoding, since a container may understate its length.
    /// </summary>
    public long MaxFrames { get; init; } = 1_000_000;

    /// <summary>Wall-clock limit for probing and decoding one file (default 30 minutes); FFmpeg is stopped when it passes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Accept a file whose data ends early or does not decode cleanly, hashing the frames FFmpeg produced. Default
    /// false: such a file is rejected as <see cref="HashMatchErrorReason.Truncated"/> or
    /// <see cref="HashMatchErrorReason.Corrupt"/>, as truncated images are, since its hash would not be the video's.
    /// </summary>
    public bool AllowDamaged { get; init; }

    /// <summary>
    /// The <c>ffmpeg</c> executable; null means the <c>HASHMATCH_FFMPEG</c> environment variable, else <c>ffmpeg</c>
    /// on the PATH. <c>ffprobe</c> is looked for beside it.
    /// </summary>
    public string? FfmpegPath { get; init; }
}
