using HashMatch.Indexing;

namespace HashMatch.Tests.Indexing;

/// <summary>Seeded data sets for index tests: random hashes plus exact duplicates, near-duplicates and the extremes.</summary>
internal static class IndexData
{
    public static PdqHash RandomHash(Random random) => RandomHashes.Next(random);

    /// <summary>Flips <paramref name="bits"/> distinct random bits.</summary>
    public static PdqHash Near(PdqHash hash, int bits, Random random) => RandomHashes.Flip(hash, bits, random);

    public static PdqHash AllOnes { get; } = new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>A data set of about <paramref name="count"/> entries with many duplicates and near-duplicates; ids are unique.</summary>
    public static IndexEntry[] Entries(int seed, int count)
    {
        var random = new Random(seed);
        var entries = new List<IndexEntry> { new(PdqHash.Zero, 0), new(AllOnes, 1) };
        while (entries.Count < count)
        {
            PdqHash hash = random.Next(4) switch
            {
                0 when entries.Count > 2 => entries[random.Next(entries.Count)].Hash,                           // duplicate
                1 when entries.Count > 2 => Near(entries[random.Next(entries.Count)].Hash, random.Next(1, 40), random), // near-duplicate
                _ => RandomHash(random),
            };
            entries.Add(new IndexEntry(hash, entries.Count));
        }

        return [.. entries];
    }

    /// <summary>Queries: stored hashes, hashes near stored ones, random hashes.</summary>
    public static PdqHash[] Queries(IndexEntry[] entries, int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => (i % 3) switch
        {
            0 => entries[random.Next(entries.Length)].Hash,
            1 => Near(entries[random.Next(entries.Length)].Hash, random.Next(1, 70), random),
            _ => RandomHash(random),
        })];
    }

    /// <summary>The naive reference: every entry's distance, filtered and sorted by distance then id.</summary>
    public static List<IndexMatch> Naive(IEnumerable<IndexEntry> entries, PdqHash query, int maxDistance) =>
        [.. entries.Select(e => new IndexMatch(e.Id, e.Hash.DistanceTo(query))).Where(m => m.Distance <= maxDistance).Order()];
}
