namespace HashMatch;

/// <summary>One candidate found in one list, with everything needed to explain it.</summary>
/// <param name="List">Name of the list.</param>
/// <param name="EntryId">Id of the list entry.</param>
/// <param name="Method">MD5 or PDQ.</param>
/// <param name="Distance">PDQ Hamming distance (0 for MD5 matches).</param>
/// <param name="Variant">Which dihedral variant of the query matched (<see cref="PdqVariant.Original"/> unless dihedral matching is on).</param>
/// <param name="QueryQuality">PDQ quality of the query, when it was hashed.</param>
/// <param name="EntryQuality">Quality the list recorded for the entry, when it did.</param>
/// <param name="Verdict">Whether this is a match, or a candidate rejected by a quality limit.</param>
public sealed record ListMatch(string List, long EntryId, MatchMethod Method, int Distance, PdqVariant Variant, int? QueryQuality, int? EntryQuality, MatchVerdict Verdict)
{
    /// <summary>True for <see cref="MatchVerdict.Match"/>.</summary>
    public bool IsMatch => Verdict == MatchVerdict.Match;
}
