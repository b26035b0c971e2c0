namespace HashMatch.Matching;

/// <summary>Which hash found a candidate. Exact methods come first in every report: they are cheap and certain.</summary>
public enum MatchMethod
{
    /// <summary>Identical file bytes by MD5.</summary>
    Md5,

    /// <summary>Identical file bytes by SHA-1.</summary>
    Sha1,

    /// <summary>Identical file bytes by SHA-256.</summary>
    Sha256,

    /// <summary>PDQ Hamming distance within the list's threshold.</summary>
    Pdq,

    /// <summary>
    /// Local features (<see cref="Local.LocalSignal"/>) consistent with one geometric transform, for lists that carry
    /// the signal: finds crops, overlays and small rotations PDQ misses (experimental, <c>HASHMATCH0002</c>).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.Experimental(global::HashMatch.Local.LocalApi.DiagnosticId)]
    Local,
}
