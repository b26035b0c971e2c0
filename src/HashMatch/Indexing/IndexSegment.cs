using System.Buffers;

namespace HashMatch.Indexing;

/// <summary>
/// An immutable searchable set of entries: the unit an index publishes. Subclasses add a structure (BK-tree,
/// multi-index tables) over the same <see cref="HashStore"/>; the defaults here are exact linear scans.
/// </summary>
internal abstract class IndexSegment(HashStore store)
{
    /// <summary>Rows scanned per step: 4096 rows (128 KiB) stay in L2 while their hits are turned into matches.</summary>
    protected const int ScanBlock = 4096;

    /// <summary>The entries.</summary>
    public HashStore Store { get; } = store;

    /// <summary>Bytes held: the entries (32-byte hash + 8-byte id each) plus the structure's own arrays.</summary>
    public long MemoryBytes => (40L * Store.Count) + StructureBytes;

    /// <summary>Bytes of the structure beyond the entries themselves.</summary>
    protected virtual long StructureBytes => 0;

    /// <summary>Appends (unsorted) every entry within <paramref name="maxDistance"/>.</summary>
    public abstract void Search(in PdqHash query, int maxDistance, List<IndexMatch> results);

    /// <summary>Appends (unsorted) each query's matches to its list; by default one query at a time.</summary>
    public virtual void SearchBatch(ReadOnlySpan<PdqHash> queries, int maxDistance, IReadOnlyList<List<IndexMatch>> results)
    {
        for (int q = 0; q < queries.Length; q++)
        {
            Search(queries[q], maxDistance, results[q]);
        }
    }

    /// <summary>Offers entries to <paramref name="collector"/>; by default a scan whose radius shrinks as it fills.</summary>
    public virtual void Nearest(in PdqHash query, NearestCollector collector) =>
        ScanNearest(Store, 0, Store.Count, query, collector);

    /// <summary>Exact linear scan of rows [<paramref name="first"/>, <paramref name="end"/>), appending matches.</summary>
    protected static void ScanRange(HashStore store, int first, int end, in PdqHash query, int maxDistance, List<IndexMatch> results) =>
        ScanBlocks(store, first, end, query, new ListSink(results, maxDistance));

    /// <summary>k-nearest by scanning with the collector's current bound as the radius, block by block.</summary>
    protected static void ScanNearest(HashStore store, int first, int end, in PdqHash query, NearestCollector collector) =>
        ScanBlocks(store, first, end, query, new NearestSink(collector));

    /// <summary>Scans block by block, reading the sink's radius afresh for each block.</summary>
    private static void ScanBlocks<TSink>(HashStore store, int first, int end, in PdqHash query, TSink sink)
        where TSink : struct, IHitSink
    {
        int[] hitRows = ArrayPool<int>.Shared.Rent(ScanBlock), hitDistances = ArrayPool<int>.Shared.Rent(ScanBlock);
        try
        {
            ReadOnlySpan<ulong> rows = store.Rows;
            ReadOnlySpan<long> ids = store.Ids;
            for (int block = first; block < end; block += ScanBlock)
            {
                int length = Math.Min(ScanBlock, end - block);
                int hits = HammingScan.Scan(rows.Slice(block * HashStore.Words, length * HashStore.Words), query, sink.Radius, hitRows, hitDistances);
                for (int h = 0; h < hits; h++)
                {
                    sink.Add(ids[block + hitRows[h]], hitDistances[h]);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(hitRows);
            ArrayPool<int>.Shared.Return(hitDistances);
        }
    }
}
