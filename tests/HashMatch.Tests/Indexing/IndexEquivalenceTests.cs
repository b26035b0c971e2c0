using HashMatch.Indexing;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;

namespace HashMatch.Tests.Indexing;

/// <summary>All structures are exact: the same sorted results as a naive loop, for every radius 0..128.</summary>
public sealed class IndexEquivalenceTests
{
    private static readonly IndexKind[] Kinds = InternalIndexKinds.All;

    [Property(MaxTest = 12)]
    public Property Every_kind_equals_the_naive_loop_for_every_radius(PositiveInt seed, byte sizeChoice)
    {
        int count = 3 + (sizeChoice % 200);
        IndexEntry[] entries = IndexData.Entries(seed.Get, count);
        PdqHash[] queries = IndexData.Queries(entries, seed.Get + 1, 6);
        var indexes = Kinds.Select(k => HashIndex.Create(k, entries)).ToArray();
        var results = new List<IndexMatch>();
        for (int r = 0; r <= 128; r++)
        {
            foreach (PdqHash query in queries)
            {
                List<IndexMatch> expected = IndexData.Naive(entries, query, r);
                foreach (HashIndex index in indexes)
                {
                    results.Clear();
                    index.Query(query, r, results);
                    if (!results.SequenceEqual(expected))
                    {
                        return false.Label($"{index.Kind}, r={r}, n={count}: {results.Count} results, expected {expected.Count}");
                    }
                }
            }
        }

        return true.ToProperty();
    }

    [Property(MaxTest = 20)]
    public Property Nearest_k_agrees_with_a_full_sort(PositiveInt seed, byte sizeChoice, byte kChoice)
    {
        int count = 1 + (sizeChoice % 300), k = kChoice % 40;
        IndexEntry[] entries = IndexData.Entries(seed.Get, count);
        PdqHash[] queries = IndexData.Queries(entries, seed.Get + 7, 5);
        var results = new List<IndexMatch>();
        foreach (IndexKind kind in Kinds)
        {
            HashIndex index = HashIndex.Create(kind, entries);
            foreach (PdqHash query in queries)
            {
                List<IndexMatch> expected = IndexData.Naive(entries, query, 256).Take(k).ToList();
                results.Clear();
                index.QueryNearest(query, k, results);
                if (!results.SequenceEqual(expected))
                {
                    return false.Label($"{kind}, k={k}, n={entries.Length}");
                }
            }
        }

        return true.ToProperty();
    }

    [Property(MaxTest = 10)]
    public Property Batched_queries_equal_single_queries(PositiveInt seed)
    {
        // Up to 9,500 entries: the linear scan's batches then span several 4,096-row blocks, the last one partial.
        IndexEntry[] entries = IndexData.Entries(seed.Get, 1500 + (seed.Get % 8000));
        PdqHash[] queries = IndexData.Queries(entries, seed.Get + 3, 20);
        foreach (IndexKind kind in Kinds)
        {
            HashIndex index = HashIndex.Create(kind, entries);
            var batch = queries.Select(_ => new List<IndexMatch>()).ToList();
            index.QueryBatch(queries, 40, batch);
            for (int q = 0; q < queries.Length; q++)
            {
                if (!batch[q].SequenceEqual(IndexData.Naive(entries, queries[q], 40)))
                {
                    return false.Label($"{kind}, query {q}");
                }
            }
        }

        return true.ToProperty();
    }

    [Fact]
    public void Nearest_with_k_zero_returns_nothing()
    {
        IndexEntry[] entries = IndexData.Entries(1, 1);
        foreach (IndexKind kind in Kinds)
        {
            var results = new List<IndexMatch>();
            HashIndex.Create(kind, entries).QueryNearest(PdqHash.Zero, 0, results);
            Assert.Empty(results);
        }
    }

    [Fact]
    public void Every_supported_kernel_finds_the_same_rows_as_the_scalar_one()
    {
        IndexEntry[] entries = IndexData.Entries(99, 1027); // not a multiple of 4: exercises the scalar tail
        HashStore store = HashStore.From(entries);
        PdqHash[] queries = IndexData.Queries(entries, 5, 30);
        var kernels = Enum.GetValues<HammingKernel>().Where(HammingScan.IsSupported).ToArray();
        Assert.Contains(HammingKernel.Scalar, kernels);
        Assert.Contains(HammingScan.BestVector, kernels);
        Assert.Contains(HammingScan.BestFor(31), kernels);
        Assert.Contains(HammingScan.BestFor(64), kernels);
        int[] rows = new int[store.Count], distances = new int[store.Count], expectedRows = new int[store.Count], expectedDistances = new int[store.Count];
        foreach (PdqHash query in queries)
        {
            // Includes each side of the VBMI kernel's radius tiers (bounds up to 40 and 88, exact counts above).
            foreach (int r in new[] { 0, 1, 8, 31, 40, 41, 64, 88, 89, 128, 200, 256 })
            {
                int expected = HammingScan.Scan(HammingKernel.Scalar, store.Rows, query, r, expectedRows, expectedDistances);
                foreach (HammingKernel kernel in kernels)
                {
                    int found = HammingScan.Scan(kernel, store.Rows, query, r, rows, distances);
                    Assert.Equal(expected, found);
                    Assert.Equal(expectedRows.AsSpan(0, expected).ToArray(), rows.AsSpan(0, found).ToArray());
                    Assert.Equal(expectedDistances.AsSpan(0, expected).ToArray(), distances.AsSpan(0, found).ToArray());
                }
            }
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(5, false)]
    [InlineData(8, false)]
    [InlineData(8, true)]
    public void Many_query_kernel_equals_one_scan_per_query(int queryCount, bool crowded)
    {
        // Crowded: every row within a few bits of the first query, so each row loop fills its candidate buffer
        // (64 rows) again and again and must resume where it stopped.
        var random = new Random(3);
        IndexEntry[] entries = crowded
            ? [.. Enumerable.Range(0, 301).Select(i => new IndexEntry(IndexData.Near(new PdqHash(1, 2, 3, 4), random.Next(4), random), i))]
            : IndexData.Entries(17, 777);
        HashStore store = HashStore.From(entries);
        PdqHash[] queries = crowded ? [new PdqHash(1, 2, 3, 4), .. IndexData.Queries(entries, 9, queryCount - 1)] : IndexData.Queries(entries, 9, queryCount);
        int n = store.Count;
        int[] rows = new int[n * queryCount], distances = new int[n * queryCount], counts = new int[8];
        int[] expectedRows = new int[n], expectedDistances = new int[n];

        // Each side of the VBMI loop's radius tiers (112-bit bound up to 40, 224-bit up to 88, exact above) and the extremes.
        foreach (int r in new[] { -1, 0, 3, 10, 31, 40, 41, 64, 88, 89, 127, 128, 256 })
        {
            HammingScan.ScanMany(store.Rows, queries, r, rows, distances, counts);
            for (int q = 0; q < queryCount; q++)
            {
                int expected = HammingScan.Scan(HammingKernel.Scalar, store.Rows, queries[q], r, expectedRows, expectedDistances);
                Assert.Equal(expected, counts[q]);
                Assert.Equal(expectedRows.AsSpan(0, expected).ToArray(), rows.AsSpan(q * n, expected).ToArray());
                Assert.Equal(expectedDistances.AsSpan(0, expected).ToArray(), distances.AsSpan(q * n, expected).ToArray());
            }
        }
    }

    [Fact]
    public void Dihedral_query_reports_each_entry_once_with_its_closest_variant()
    {
        var random = new Random(4);
        PdqHash[] variants = [.. Enumerable.Range(0, 8).Select(_ => IndexData.RandomHash(random))];
        var dihedral = new PdqDihedralHashes(variants, 100);
        IndexEntry[] entries =
        [
            new(IndexData.Near(variants[3], 5, random), 10),   // near Rotate270
            new(variants[6], 11),                              // equals FlipPlus1
            new(IndexData.RandomHash(random), 12),            // far from everything
        ];
        foreach (IndexKind kind in Kinds)
        {
            var results = new List<IndexMatch>();
            HashIndex.Create(kind, entries).QueryDihedral(dihedral, 31, results);
            Assert.Equal([new IndexMatch(11, 0, PdqVariant.FlipPlus1), new IndexMatch(10, 5, PdqVariant.Rotate270)], results);
        }
    }
}
