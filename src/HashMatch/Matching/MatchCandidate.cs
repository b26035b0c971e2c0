namespace HashMatch.Matching;

/// <summary>One candidate found in one list, with everything needed to explain it.</summary>
public sealed record MatchCandidate
{
    /// <summary>Name of the list.</summary>
    public required string List { get; init; }

    /// <summary>Id of the list entry.</summary>
    public required long EntryId { get; init; }

    /// <summary>Which hash found it.</summary>
    public required MatchMethod Method { get; init; }

    /// <summary>PDQ Hamming distance (0 for exact-hash matches).</summary>
    public int Distance { get; init; }

    /// <summary>Which dihedral variant of the query matched (<see cref="PdqVariant.Original"/> unless dihedral matching is on).</summary>
    public PdqVariant Variant { get; init; }

    /// <summary>PDQ quality of the query, when it was hashed.</summary>
    public int? QueryQuality { get; init; }

    /// <summary>Quality the list recorded for the entry, when it did.</summary>
    public int? EntryQuality { get; init; }

    /// <summary>Whether this is a match, or a candidate rejected by a quality limit.</summary>
    public required MatchVerdict Verdict { get; init; }

    /// <summary>True for <see cref="MatchVerdict.Match"/>.</summary>
    public bool IsMatch => Verdict == MatchVerdict.Match;
}
