namespace HashMatch.Video;

/// <summary>
/// The video API (vPDQ, TMK+PDQF, FFmpeg decoding) is experimental until it settles: every public type here carries
/// <see cref="System.Diagnostics.CodeAnalysis.ExperimentalAttribute"/> with <see cref="DiagnosticId"/>, so a caller
/// opts in knowingly (<c>&lt;NoWarn&gt;$(NoWarn);HASHMATCH0001&lt;/NoWarn&gt;</c>) and a later version may change it
/// without a major version (docs/video.md). The image API beside it is frozen (PublicAPI.Shipped.txt).
/// </summary>
internal static class VideoApi
{
    /// <summary>The compiler diagnostic a use of the video API raises until the caller opts in.</summary>
    public const string DiagnosticId = "HASHMATCH0001";

}
