namespace HashMatch.Matching;

/// <summary>The result of matching one input against every list of a <see cref="HashMatcher"/>.</summary>
public sealed class MatchReport
{
    /// <summary>The input's name (path, or the name given for a stream).</summary>
    public required string Input { get; init; }

    /// <summary>MD5, SHA-1 and SHA-256 of the input's bytes, when the bytes were read.</summary>
    public ExactHashes? Exact { get; init; }

    /// <summary>PDQ hash and quality, when the image was decoded.</summary>
    public PdqHashResult? Pdq { get; init; }

    /// <summary>
    /// Exact-hash candidates first (MD5, SHA-1, SHA-256), then PDQ candidates by list, distance and entry; includes
    /// candidates rejected by a quality limit or excluded (see <see cref="MatchCandidate.Verdict"/>).
    /// </summary>
    public required IReadOnlyList<MatchCandidate> Candidates { get; init; }

    /// <summary>Why the input could not be hashed by PDQ (exact-hash matching still ran when the bytes were read), or null.</summary>
    public HashMatchException? Error { get; init; }

    /// <summary>Candidates that are matches.</summary>
    public IEnumerable<MatchCandidate> Matches => Candidates.Where(c => c.IsMatch);

    /// <summary>Whether any list matched.</summary>
    public bool IsMatch => Candidates.Any(c => c.IsMatch);

    /// <summary>Whether an exclusion list cancelled what would otherwise have matched (or the query simply is a known-good file).</summary>
    public bool IsExcluded => Candidates.Any(c => c.Verdict == MatchVerdict.Excluded);
}
