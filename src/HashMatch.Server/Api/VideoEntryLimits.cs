namespace HashMatch.Server.Api;

/// <summary>
/// How much one request to <c>POST /v1/banks/{name}/videos</c> may carry. A video hashed at one frame a second has
/// 3,600 vPDQ frames an hour and the reference's <c>.tmk</c> file is 263 KB, so real entries stay far below these; the
/// bounds keep a hostile body from costing more than a bounded parse (the body limit, <c>--max-body-bytes</c>, applies
/// too).
/// </summary>
internal static class VideoEntryLimits
{
    /// <summary>Most video entries one request adds.</summary>
    public const int MaxBatch = 100;

    /// <summary>Most vPDQ frames one video entry holds (about 28 hours at one frame a second).</summary>
    public const int MaxFrames = 100_000;

    /// <summary>Longest vPDQ text, in characters: a frame's line is under 100.</summary>
    public const int MaxVpdqChars = MaxFrames * 128;

    /// <summary>Largest <c>.tmk</c> file, in bytes (the reference's are 263,380).</summary>
    public const int MaxTmkBytes = 1 << 20;

    /// <summary>The frame rate every TMK signature is made at (the reference's resampling, and <c>TmkHasher</c>'s): a stored signature at another could never be compared.</summary>
    public const int TmkFramesPerSecond = 15;
}
