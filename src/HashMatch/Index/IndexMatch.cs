namespace HashMatch;

/// <summary>One stored entry found by a query.</summary>
/// <param name="Id">The entry's identifier.</param>
/// <param name="Distance">Hamming distance between the query and the stored hash (0..256).</param>
/// <param name="Variant">For dihedral queries, which variant of the query image matched (the closest one); otherwise <see cref="PdqVariant.Original"/>.</param>
public readonly record struct IndexMatch(long Id, int Distance, PdqVariant Variant = PdqVariant.Original) : IComparable<IndexMatch>
{
    /// <summary>Orders by distance, then id: the order every query returns.</summary>
    public int CompareTo(IndexMatch other)
    {
        int byDistance = Distance.CompareTo(other.Distance);
        return byDistance != 0 ? byDistance : Id.CompareTo(other.Id);
    }
}
