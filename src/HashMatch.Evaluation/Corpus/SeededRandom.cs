namespace HashMatch.Evaluation;

/// <summary>
/// Seeds derived from (run seed, item, purpose) by SplitMix64 (Steele, Lea, Flood, "Fast Splittable Pseudorandom
/// Number Generators", OOPSLA 2014), so every image and transform has its own stream of random numbers and results
/// do not depend on the order threads happen to run in. (<see cref="HashCode"/> is randomized per process, so it
/// cannot be used here.)
/// </summary>
internal static class SeededRandom
{
    public static Random For(int seed, long item, int purpose) => new(Seed(seed, item, purpose));

    public static int Seed(int seed, long item, int purpose)
    {
        ulong x = Mix((ulong)(uint)seed ^ 0x9E3779B97F4A7C15UL);
        x = Mix(x ^ (ulong)item);
        x = Mix(x ^ (ulong)(uint)purpose);
        return (int)(x & int.MaxValue);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
