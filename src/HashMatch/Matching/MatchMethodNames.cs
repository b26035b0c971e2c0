namespace HashMatch.Matching;

/// <summary>
/// The text names of <see cref="MatchMethod"/>s — <c>md5</c>, <c>sha1</c>, <c>sha256</c>, <c>pdq</c>, <c>local</c> — as the CLI's
/// output, the service's answers and its metrics show them: one table, the exact-hash names being
/// <see cref="ExactHash.NameOf"/>'s.
/// </summary>
public static class MatchMethodNames
{
    /// <summary>The name of <paramref name="method"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a <see cref="MatchMethod"/>.</exception>
    public static string Name(MatchMethod method) => method switch
    {
        MatchMethod.Md5 => ExactHash.NameOf(ExactHashAlgorithm.Md5),
        MatchMethod.Sha1 => ExactHash.NameOf(ExactHashAlgorithm.Sha1),
        MatchMethod.Sha256 => ExactHash.NameOf(ExactHashAlgorithm.Sha256),
        MatchMethod.Pdq => "pdq",
        MatchMethod.Local => "local",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown match method."),
    };
}
