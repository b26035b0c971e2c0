namespace HashMatch;

/// <summary>
/// Seeded random PDQ hashes and bit flips, shared by the tests and the benchmarks (compiled into both as a linked
/// file, so the data the benchmarks measure and the data the tests check come from one generator).
/// </summary>
internal static class RandomHashes
{
    /// <summary>A uniformly random 256-bit hash.</summary>
    public static PdqHash Next(Random random) => new(NextWord(random), NextWord(random), NextWord(random), NextWord(random));

    /// <summary><paramref name="hash"/> with <paramref name="bits"/> distinct random bits flipped.</summary>
    public static PdqHash Flip(PdqHash hash, int bits, Random random)
    {
        Span<ulong> w = [hash.GetWord(0), hash.GetWord(1), hash.GetWord(2), hash.GetWord(3)];
        var chosen = new HashSet<int>();
        while (chosen.Count < bits)
        {
            chosen.Add(random.Next(256));
        }

        foreach (int bit in chosen)
        {
            w[bit >> 6] ^= 1UL << (bit & 63);
        }

        return new PdqHash(w[0], w[1], w[2], w[3]);
    }

    // Random.Next() gives 31 bits: bits 33–63, 2–32 and 0–1 from three calls cover a word uniformly.
    private static ulong NextWord(Random random) => ((ulong)(uint)random.Next() << 33) ^ ((ulong)(uint)random.Next() << 2) ^ (ulong)(uint)random.Next(4);
}
