namespace HashMatch;

/// <summary>The result of matching one input against every list of a <see cref="HashMatcher"/>.</summary>
/// <param name="Input">The input's name (path, or the name given for a stream).</param>
/// <param name="Md5">MD5 of the input's bytes, when the bytes were read.</param>
/// <param name="Pdq">PDQ hash and quality, when the image was decoded.</param>
/// <param name="Candidates">MD5 matches first, then PDQ candidates by list, distance and entry id; includes candidates rejected by a quality limit (see <see cref="ListMatch.Verdict"/>).</param>
/// <param name="Error">Why the image could not be hashed by PDQ (MD5 matching still ran when the bytes were read), or null.</param>
public sealed record MatchReport(string Input, Md5Hash? Md5, PdqHashResult? Pdq, IReadOnlyList<ListMatch> Candidates, HashMatchException? Error)
{
    /// <summary>Candidates that are matches.</summary>
    public IEnumerable<ListMatch> Matches => Candidates.Where(c => c.IsMatch);

    /// <summary>Whether any list matched.</summary>
    public bool IsMatch => Candidates.Any(c => c.IsMatch);
}
