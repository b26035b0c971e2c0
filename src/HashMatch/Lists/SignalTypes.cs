namespace HashMatch.Lists;

/// <summary>
/// python-threatexchange's signal type names for the hashes HashMatch handles (<c>SignalType.get_name()</c>: the class
/// name in lower_snake_case without "Signal"): <c>pdq</c> (PdqSignal), <c>video_md5</c> (VideoMD5Signal),
/// <c>video_sha256</c> (VideoSHA256Signal), and <c>photo_md5</c> (PhotoMD5Signal, for photos, in releases before
/// 1.0). Video types tag the entry <see cref="ListEntryBuilder.VideoTag"/>, the tag python-threatexchange gives them.
/// </summary>
internal static class SignalTypes
{
    public const string Pdq = "pdq", PhotoMd5 = "photo_md5", VideoMd5 = "video_md5", VideoSha256 = "video_sha256";

    /// <summary>The names accepted in signal lines, for messages.</summary>
    public const string Names = "pdq, photo_md5, video_md5, video_sha256";

    /// <summary>
    /// The column a signal of type <paramref name="type"/> goes to, or <see cref="ListColumn.Ignored"/> for an unknown type;
    /// <paramref name="generic"/> also accepts plain algorithm names (md5, sha1, sha256, photodna) as hash_type columns use.
    /// </summary>
    public static ListColumn Column(string type, bool generic, out bool video)
    {
        video = type.StartsWith("video_", StringComparison.Ordinal);
        return type switch
        {
            Pdq => ListColumn.Pdq,
            PhotoMd5 or VideoMd5 => ListColumn.Md5,
            VideoSha256 => ListColumn.Sha256,
            "md5" when generic => ListColumn.Md5,
            "sha1" or "sha_1" when generic => ListColumn.Sha1,
            "sha256" or "sha_256" when generic => ListColumn.Sha256,
            "photodna" or "pdna" when generic => ListColumn.PhotoDna,
            _ => ListColumn.Ignored,
        };
    }
}
