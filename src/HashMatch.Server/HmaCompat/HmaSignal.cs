using HashMatch.Pdq;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA's two default signal types and the HashMatch hash each one is: <c>pdq</c> (64 lower-case hex digits; HMA's
/// validator refuses upper case) is an entry's PDQ, and <c>video_md5</c> (32 hex digits, trimmed and lower-cased
/// first, as HMA does) is an entry's MD5 of the file bytes. No other HMA signal type exists here.
/// </summary>
internal readonly record struct HmaSignal(string Type, string Value, PdqHash? Pdq, ExactHash? Md5)
{
    public const string PdqType = "pdq";
    public const string VideoMd5Type = "video_md5";

    /// <summary>The signal types, in the order HMA lists them.</summary>
    public static readonly IReadOnlyList<string> Types = [PdqType, VideoMd5Type];

    /// <summary>Whether <paramref name="type"/> names a signal type.</summary>
    public static bool IsType(string? type) => type is PdqType or VideoMd5Type;

    /// <summary>
    /// The signal <paramref name="value"/> of <paramref name="type"/> (a known type), normalised as HMA normalises it,
    /// or the validator's message as HMA words it ("invalid PDQ hash", "'x' is not a valid MD5 hash").
    /// </summary>
    public static (HmaSignal? Signal, string? Problem) Parse(string type, string value)
    {
        if (type == PdqType)
        {
            return value.Length == PdqHash.HexLength && value.All(char.IsAsciiHexDigitLower) && PdqHash.TryParse(value, out PdqHash hash)
                ? (new HmaSignal(type, value, hash, null), null)
                : (null, "invalid PDQ hash");
        }

        string md5 = value.Trim().ToLowerInvariant();
        return md5.Length == 32 && ExactHash.TryParse(ExactHashAlgorithm.Md5, md5, out ExactHash digest)
            ? (new HmaSignal(type, md5, null, digest), null)
            : (null, $"'{value}' is not a valid MD5 hash");
    }

    /// <summary>The signals an entry carries, by HMA type: its PDQ and its MD5.</summary>
    public static IReadOnlyDictionary<string, string> Of(Lists.ListEntry entry)
    {
        var signals = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entry.Pdq is { } pdq)
        {
            signals[PdqType] = pdq.ToString();
        }

        if (entry.Md5 is { } md5)
        {
            signals[VideoMd5Type] = md5.ToString();
        }

        return signals;
    }
}
