using HashMatch.Lists;
using HashMatch.Pdq;

namespace HashMatch.Matching;

/// <summary>One candidate a query found in one list, with everything needed to explain it.</summary>
public sealed record MatchCandidate
{
    /// <summary>Name of the list (for a merged index, the list the entry came from).</summary>
    public required string List { get; init; }

    /// <summary>The list's id of the entry.</summary>
    public required string EntryId { get; init; }

    /// <summary>Which hash found it.</summary>
    public required MatchMethod Method { get; init; }

    /// <summary>PDQ Hamming distance (0 for exact-hash matches).</summary>
    public int Distance { get; init; }

    /// <summary>
    /// Which variant of the query matched (<see cref="Pdq.QueryVariant.Original"/> unless the list asks for variants);
    /// for a region variant, <see cref="QueryVariant.Region"/> is where in the query the known picture is.
    /// </summary>
    public QueryVariant Variant { get; init; }

    /// <summary>PDQ quality of the query, when it was hashed.</summary>
    public int? QueryQuality { get; init; }

    /// <summary>Quality the list recorded for the entry, when it did.</summary>
    public int? EntryQuality { get; init; }

    /// <summary>Whether this is a match, a candidate rejected by a quality limit, or excluded.</summary>
    public required MatchVerdict Verdict { get; init; }

    /// <summary>The list's category, tags, source and note for the entry.</summary>
    public EntryMetadata Metadata { get; init; } = EntryMetadata.None;

    /// <summary>Whether the entry is a derived (augmented) hash of an original, not the original's own hash.</summary>
    public bool Augmented { get; init; }

    /// <summary>True for <see cref="MatchVerdict.Match"/>.</summary>
    public bool IsMatch => Verdict == MatchVerdict.Match;
}
