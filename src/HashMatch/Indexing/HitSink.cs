namespace HashMatch.Indexing;

/// <summary>
/// Where a search sends what it finds, and how far it must look: a fixed radius for range queries, the
/// collector's shrinking bound for k-nearest. Structs, so each search is compiled once per kind of sink.
/// </summary>
internal interface IHitSink
{
    /// <summary>Entries farther than this are of no use (may shrink as hits arrive).</summary>
    int Radius { get; }

    /// <summary>Takes an entry within <see cref="Radius"/>.</summary>
    void Add(long id, int distance);
}

/// <summary>Range query: appends every hit within a fixed radius.</summary>
internal readonly struct ListSink(List<IndexMatch> results, int radius) : IHitSink
{
    public int Radius => radius;

    public void Add(long id, int distance) => results.Add(new IndexMatch(id, distance));
}

/// <summary>k-nearest: offers hits to the collector, whose bound is the radius.</summary>
internal readonly struct NearestSink(NearestCollector collector) : IHitSink
{
    public int Radius => collector.Bound;

    public void Add(long id, int distance) => collector.Offer(id, distance);
}
