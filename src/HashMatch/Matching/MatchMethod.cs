namespace HashMatch.Matching;

/// <summary>Which hash found a match.</summary>
public enum MatchMethod
{
    /// <summary>Identical file bytes (MD5).</summary>
    Md5,

    /// <summary>PDQ Hamming distance within the list's threshold.</summary>
    Pdq,
}
