using System.Buffers;

namespace HashMatch.Indexing;

/// <summary>
/// The flat segment: every query scans all rows with the <see cref="HammingScan"/> kernel. Batched queries are
/// cache-blocked: each block of rows is read from memory once and scanned for every query while it is in L1.
/// </summary>
internal sealed class LinearScanSegment(HashStore store, int maxDegreeOfParallelism = 1) : IndexSegment(store)
{
    /// <summary>
    /// Rows per cache block in batched scans: 4,096 rows = 128 KiB, which stays in L2 (1–2 MiB per core) while every
    /// group of eight queries scans it. Blocks of 512 rows (L1-sized) spent a fifth of an eight-query scan's time on
    /// per-block setup.
    /// </summary>
    private const int BatchBlock = 4096;

    /// <summary>Below this many rows a parallel scan costs more in coordination than it saves.</summary>
    private const int ParallelThreshold = 1 << 17;

    public static LinearScanSegment Empty { get; } = new(HashStore.Empty);

    public override void Search(in PdqHash query, int maxDistance, List<IndexMatch> results)
    {
        int count = Store.Count;
        if (maxDegreeOfParallelism <= 1 || count < ParallelThreshold)
        {
            ScanRange(Store, 0, count, query, maxDistance, results);
            return;
        }

        // Partitioned: each worker scans a contiguous share into its own list; lists are joined in order.
        int parts = Math.Min(maxDegreeOfParallelism, Environment.ProcessorCount);
        var partial = new List<IndexMatch>[parts];
        PdqHash q = query;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            int first = (int)((long)count * p / parts), end = (int)((long)count * (p + 1) / parts);
            partial[p] = [];
            ScanRange(Store, first, end, q, maxDistance, partial[p]);
        });
        foreach (var list in partial)
        {
            results.AddRange(list);
        }
    }

    public override void SearchBatch(ReadOnlySpan<PdqHash> queries, int maxDistance, IReadOnlyList<List<IndexMatch>> results)
    {
        if (queries.Length == 1)
        {
            Search(queries[0], maxDistance, results[0]);
            return;
        }

        // Cache blocking: each block of rows is loaded once and scanned for every group of eight queries.
        const int Width = HammingScan.ManyWidth;
        int[] hitRows = ArrayPool<int>.Shared.Rent(BatchBlock * Width), hitDistances = ArrayPool<int>.Shared.Rent(BatchBlock * Width);
        Span<int> hitCounts = stackalloc int[Width];
        var groups = new HammingScan.ManyQueries[(queries.Length + Width - 1) / Width];
        for (int g = 0; g < groups.Length; g++)
        {
            groups[g] = new HammingScan.ManyQueries(queries.Slice(g * Width, Math.Min(Width, queries.Length - (g * Width))));
        }

        try
        {
            ReadOnlySpan<ulong> rows = Store.Rows;
            ReadOnlySpan<long> ids = Store.Ids;
            int count = Store.Count;
            for (int block = 0; block < count; block += BatchBlock)
            {
                int length = Math.Min(BatchBlock, count - block);
                ReadOnlySpan<ulong> blockRows = rows.Slice(block * HashStore.Words, length * HashStore.Words);
                for (int g = 0; g < groups.Length; g++)
                {
                    HammingScan.ScanMany(blockRows, groups[g], maxDistance, hitRows, hitDistances, hitCounts);
                    for (int k = 0; k < groups[g].Count; k++)
                    {
                        List<IndexMatch> list = results[(g * Width) + k];
                        for (int h = 0; h < hitCounts[k]; h++)
                        {
                            list.Add(new IndexMatch(ids[block + hitRows[(k * length) + h]], hitDistances[(k * length) + h]));
                        }
                    }
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
