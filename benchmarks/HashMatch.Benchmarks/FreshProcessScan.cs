using HashMatch.Indexing;

namespace HashMatch.Benchmarks;

/// <summary>
/// One process's timing of the eight-query linear scan (1M random hashes, r = 31, one batch of 8 queries through
/// <see cref="HashIndex.QueryBatch"/>) with the scalar single-query kernel as the in-process baseline. Run by
/// <c>benchmarks/scripts/fresh-process-scan.sh</c> in many fresh processes: a kernel whose speed depends on where
/// the runtime happened to put its stack or buffers shows up as a spread between processes, which one
/// BenchmarkDotNet process cannot show.
/// </summary>
internal static class FreshProcessScan
{
    private const int Count = 1_000_000;
    private const int R = 31;

    public static void Run(int iterations)
    {
        IndexEntry[] entries = IndexData.Entries(Count, HashDistribution.Random);
        HashStore store = HashStore.From(entries);
        HashIndex index = HashIndex.Create(IndexKind.LinearScan, entries);
        PdqHash[] queries = IndexData.Queries(entries, HashDistribution.Random, HammingScan.ManyWidth);
        List<IndexMatch>[] batch = [.. queries.Select(_ => new List<IndexMatch>())];
        int[] hitRows = new int[Count], hitDistances = new int[Count];

        double eight = StopwatchMedian.Milliseconds(iterations, () =>
        {
            foreach (List<IndexMatch> list in batch)
            {
                list.Clear();
            }

            index.QueryBatch(queries, R, batch);
        });
        double scalar = StopwatchMedian.Milliseconds(iterations, () => HammingScan.Scan(HammingKernel.Scalar, store.Rows, queries[0], R, hitRows, hitDistances));
        Console.WriteLine(FormattableString.Invariant($"eight-query-ms {eight:F3} scalar-ms {scalar:F3} ratio-to-8-scalar {eight / (8 * scalar):F3} kernel {HammingScan.ManyQueryKernel}"));
    }
}
