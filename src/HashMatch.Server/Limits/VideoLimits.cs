using HashMatch.Video;

namespace HashMatch.Server.Limits;

/// <summary>
/// The service's decoding limits for uploaded videos, from <see cref="ServerOptions"/>: far tighter than the library's
/// defaults (made for an analyst's own files), since any key with the read scope may upload one. Damaged files are
/// refused, as the library does by default: their hash would not be the video's.
/// </summary>
internal static class VideoLimits
{
    /// <summary>The decode options <c>/v1/match</c> uses.</summary>
    public static VideoDecodeOptions DecodeOptions(ServerOptions options) => new()
    {
        MaxDuration = options.MaxVideoDuration,
        MaxFramePixels = options.MaxVideoFramePixels,
        MaxFrames = options.MaxVideoFrames,
        // The frame limit at the largest frame: no more pixels than that, whatever the container claims.
        MaxDecodedPixels = options.MaxVideoFrames > long.MaxValue / options.MaxVideoFramePixels ? long.MaxValue : options.MaxVideoFrames * options.MaxVideoFramePixels,
        Timeout = options.VideoTimeout,
        FfmpegPath = options.FfmpegPath,
    };
}
