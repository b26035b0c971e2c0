using HashMatch.Indexing;

namespace HashMatch.Benchmarks;

/// <summary>The two data sets the index benchmarks run on.</summary>
public enum HashDistribution
{
    /// <summary>Uniformly random 256-bit hashes.</summary>
    Random,

    /// <summary>
    /// A seeded clustered model standing in for real PDQ lists, whose bits are correlated: 1,024 random centres;
    /// each hash is a random centre with every bit flipped with probability 0.3 (members of a cluster sit about
    /// 108 bits apart instead of 128).
    /// </summary>
    Clustered,

    /// <summary>
    /// Heavy buckets, as in lists with many copies of a few images: half the hashes are one of 16 popular hashes with
    /// 0–3 bits flipped, the rest random. Queries near a popular hash hit buckets holding ~3 % of the list.
    /// </summary>
    Skewed,
}

/// <summary>Seeded index data and queries for the benchmarks.</summary>
internal static class IndexData
{
    public static IndexEntry[] Entries(int count, HashDistribution distribution, int seed = 1)
    {
        var random = new Random(seed);
        PdqHash[] centres = [.. Enumerable.Range(0, 1024).Select(_ => RandomHash(random))];
        var entries = new IndexEntry[count];
        for (int i = 0; i < count; i++)
        {
            PdqHash hash = distribution switch
            {
                HashDistribution.Random => RandomHash(random),
                HashDistribution.Clustered => Noisy(centres[random.Next(centres.Length)], 0.3, random),
                _ => random.Next(2) == 0 ? Flip(centres[random.Next(16)], random.Next(4), random) : RandomHash(random),
            };
            entries[i] = new IndexEntry(hash, i);
        }

        return entries;
    }

    /// <summary>Half the queries are stored hashes with 0–31 bits flipped (planted matches), half are fresh (misses).</summary>
    public static PdqHash[] Queries(IndexEntry[] entries, HashDistribution distribution, int count, int seed = 2)
    {
        var random = new Random(seed);
        IndexEntry[] others = Entries(count, distribution, seed + 100);
        return [.. Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? Flip(entries[random.Next(entries.Length)].Hash, random.Next(32), random)
            : others[i].Hash)];
    }

    public static PdqHash RandomHash(Random random) => RandomHashes.Next(random);

    private static PdqHash Noisy(PdqHash centre, double probability, Random random)
    {
        Span<ulong> w = [centre.GetWord(0), centre.GetWord(1), centre.GetWord(2), centre.GetWord(3)];
        for (int bit = 0; bit < 256; bit++)
        {
            if (random.NextDouble() < probability)
            {
                w[bit >> 6] ^= 1UL << (bit & 63);
            }
        }

        return new PdqHash(w[0], w[1], w[2], w[3]);
    }

    private static PdqHash Flip(PdqHash hash, int bits, Random random) => RandomHashes.Flip(hash, bits, random);
}
