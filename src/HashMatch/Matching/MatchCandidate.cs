using System.Diagnostics.CodeAnalysis;
using HashMatch.Lists;
using HashMatch.Local;
using HashMatch.Pdq;

namespace HashMatch.Matching;

/// <summary>One candidate a query found in one list, with everything needed to explain it.</summary>
public sealed class MatchCandidate
{
    /// <summary>Made by the library only.</summary>
    internal MatchCandidate()
    {
    }

    /// <summary>Name of the list (for a merged index, the list the entry came from).</summary>
    public string List { get; internal init; } = "";

    /// <summary>The list's id of the entry.</summary>
    public string EntryId { get; internal init; } = "";

    /// <summary>Which hash found it.</summary>
    public MatchMethod Method { get; internal init; }

    /// <summary>PDQ Hamming distance (0 for exact-hash and local-feature matches: see <see cref="Inliers"/> for the latter).</summary>
    public int Distance { get; internal init; }

    /// <summary>
    /// Which variant of the query matched (<see cref="Pdq.QueryVariant.Original"/> unless the list asks for variants);
    /// for a region variant, <see cref="QueryVariant.Region"/> is where in the query the known picture is.
    /// </summary>
    public QueryVariant Variant { get; internal init; }

    /// <summary>PDQ quality of the query, when it was hashed.</summary>
    public int? QueryQuality { get; internal init; }

    /// <summary>Quality the list recorded for the entry, when it did.</summary>
    public int? EntryQuality { get; internal init; }

    /// <summary>Whether this is a match, a candidate rejected by a quality limit, or excluded.</summary>
    public MatchVerdict Verdict { get; internal set; }

    /// <summary>The list's category, tags, source and note for the entry.</summary>
    public EntryMetadata Metadata { get; internal init; } = EntryMetadata.None;

    /// <summary>Whether the entry is a derived (augmented) hash of an original, not the original's own hash.</summary>
    public bool Augmented { get; internal init; }

    /// <summary>For a <see cref="MatchMethod.Local"/> candidate, the feature matches consistent with <see cref="Transform"/> (its score); otherwise null.</summary>
    [Experimental(LocalApi.DiagnosticId)]
    public int? Inliers { get; internal init; }

    /// <summary>
    /// For a <see cref="MatchMethod.Local"/> candidate, how the query lies in the known picture — scale, rotation,
    /// mirroring and the box of the known picture it shows (the crop); otherwise null.
    /// </summary>
    [Experimental(LocalApi.DiagnosticId)]
    public LocalTransform? Transform { get; internal init; }

    /// <summary>This candidate with another verdict (an exclusion list cancels a match after every list answered).</summary>
    internal MatchCandidate WithVerdict(MatchVerdict verdict)
    {
        // A copy of every field, so a field added later cannot be forgotten here.
        var copy = (MatchCandidate)MemberwiseClone();
        copy.Verdict = verdict;
        return copy;
    }

    /// <summary>True for <see cref="MatchVerdict.Match"/>.</summary>
    public bool IsMatch => Verdict == MatchVerdict.Match;
}
