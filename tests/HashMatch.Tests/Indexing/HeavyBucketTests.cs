using HashMatch.Indexing;

namespace HashMatch.Tests.Indexing;

/// <summary>
/// Multi-index hashing on skewed data: when most rows share a few chunk values (duplicates, near-flat images), a
/// query near them would verify nearly every row through the tables. The segment must see that from the bucket
/// sizes and scan instead, and stay exact either way.
/// </summary>
public sealed class HeavyBucketTests
{
    /// <summary>20,000 entries; 60 % are one hash with 0–3 bits flipped, the rest random.</summary>
    private static IndexEntry[] Skewed(int seed)
    {
        var random = new Random(seed);
        PdqHash popular = IndexData.RandomHash(random);
        return [.. Enumerable.Range(0, 20_000).Select(i => new IndexEntry(
            random.NextDouble() < 0.6 ? IndexData.Near(popular, random.Next(4), random) : IndexData.RandomHash(random), i))];
    }

    [Theory]
    [InlineData(16, 31)]
    [InlineData(32, 8)] // at r = 31, 20,000 entries are too few for 32-bit chunks to beat a scan anywhere
    public void Query_into_a_heavy_bucket_scans_and_a_query_elsewhere_probes(int chunkBits, int r)
    {
        IndexEntry[] entries = Skewed(7);
        var segment = new MultiIndexSegment(HashStore.From(entries), chunkBits);
        PdqHash heavy = entries.GroupBy(e => e.Hash).OrderByDescending(g => g.Count()).First().Key;

        Assert.False(segment.WouldProbe(heavy, r));
        Assert.True(segment.WouldProbe(IndexData.RandomHash(new Random(8)), r));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    public void The_sized_layouts_scan_a_heavy_bucket_and_probe_elsewhere(int chunks)
    {
        IndexEntry[] entries = Skewed(7);
        var segment = new MultiIndexSegment(HashStore.From(entries), ChunkLayout.Even(chunks));
        PdqHash heavy = entries.GroupBy(e => e.Hash).OrderByDescending(g => g.Count()).First().Key;

        Assert.False(segment.WouldProbe(heavy, 31));
        Assert.True(segment.WouldProbe(IndexData.RandomHash(new Random(8)), 31));
    }

    [Theory]
    [InlineData(IndexKind.MultiIndex16)]
    [InlineData(IndexKind.MultiIndex32)]
    [InlineData(IndexKind.MultiIndexSized)]
    public void Results_equal_the_naive_loop_on_skewed_data(IndexKind kind)
    {
        IndexEntry[] entries = Skewed(11);
        var index = HashIndex.Create(kind, entries);
        var random = new Random(12);
        PdqHash[] queries = [entries[0].Hash, IndexData.Near(entries[1].Hash, 10, random), IndexData.RandomHash(random)];
        foreach (PdqHash query in queries)
        {
            foreach (int r in new[] { 0, 8, 31, 63 })
            {
                var found = new List<IndexMatch>();
                index.Query(query, r, found);
                IndexMatch[] expected = [.. entries
                    .Select(e => new IndexMatch(e.Id, PdqHash.HammingDistance(e.Hash, query)))
                    .Where(m => m.Distance <= r)
                    .Order()];
                Assert.Equal(expected, found);
            }
        }
    }
}
