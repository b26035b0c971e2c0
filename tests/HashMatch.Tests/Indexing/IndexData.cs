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

    /// <summary>
    /// The benchmarks' clustered model of correlated PDQ bits: <paramref name="centres"/> random centres, each entry a
    /// centre with every bit flipped with probability 0.3; plus a few exact duplicates.
    /// </summary>
    public static IndexEntry[] Clustered(int seed, int count, int centres = 64)
    {
        var random = new Random(seed);
        PdqHash[] middle = [.. Enumerable.Range(0, centres).Select(_ => RandomHash(random))];
        var entries = new IndexEntry[count];
        for (int i = 0; i < count; i++)
        {
            PdqHash hash = i > 0 && i % 50 == 0 ? entries[random.Next(i)].Hash : Noisy(middle[random.Next(centres)], 0.3, random);
            entries[i] = new IndexEntry(hash, i);
        }

        return entries;
    }

    private static PdqHash Noisy(PdqHash centre, double probability, Random random)
    {
        Span<ulong> w = [centre.GetWord(0), centre.GetWord(1), centre.GetWord(2), centre.GetWord(3)];
        for (int bit = 0; bit < PdqHash.BitLength; bit++)
        {
            if (random.NextDouble() < probability)
            {
                w[bit >> 6] ^= 1UL << (bit & 63);
            }
        }

        return new PdqHash(w[0], w[1], w[2], w[3]);
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
