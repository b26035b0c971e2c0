namespace HashMatch.Indexing;

/// <summary>One stored entry found by a query.</summary>
public readonly struct IndexMatch : IComparable<IndexMatch>
{
    /// <summary>Describes a match.</summary>
    internal IndexMatch(long id, int distance, PdqVariant variant = PdqVariant.Original)
    {
        Id = id;
        Distance = distance;
        Variant = variant;
    }

    /// <summary>The entry's identifier.</summary>
    public long Id { get; internal init; }

    /// <summary>Hamming distance between the query and the stored hash (0..256).</summary>
    public int Distance { get; internal init; }

    /// <summary>For dihedral queries, which variant of the query image matched (the closest one); otherwise <see cref="PdqVariant.Original"/>.</summary>
    public PdqVariant Variant { get; internal init; }

    /// <summary>Orders by distance, then id: the order every query returns.</summary>
    public int CompareTo(IndexMatch other)
    {
        int byDistance = Distance.CompareTo(other.Distance);
        return byDistance != 0 ? byDistance : Id.CompareTo(other.Id);
    }
}
