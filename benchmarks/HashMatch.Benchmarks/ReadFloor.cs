using HashMatch.Indexing;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HashMatch.Benchmarks;

/// <summary>
/// The physical floor of a scan: reading the rows and doing nothing but add them up, with four independent
/// accumulators so that the loads, not the adds, set the pace. A scan cannot be faster than its rows can be read;
/// its ratio to this loop is the share of the machine's read bandwidth it reaches.
/// </summary>
internal static class ReadFloor
{
    /// <summary>Sums <paramref name="words"/> with 512-bit loads (the widest on AVX-512 CPUs).</summary>
    public static ulong Sum512(ReadOnlySpan<ulong> words)
    {
        ref ulong p = ref MemoryMarshal.GetReference(words);
        nuint n = (nuint)words.Length, i = 0;
        Vector512<ulong> a = default, b = default, c = default, d = default;
        for (; i + 32 <= n; i += 32)
        {
            a += Vector512.LoadUnsafe(ref p, i);
            b += Vector512.LoadUnsafe(ref p, i + 8);
            c += Vector512.LoadUnsafe(ref p, i + 16);
            d += Vector512.LoadUnsafe(ref p, i + 24);
        }

        return Vector512.Sum(a + b + c + d) + Tail(words, (int)i);
    }

    /// <summary>Sums <paramref name="words"/> with 256-bit loads (faster than 512-bit ones on AMD Zen 4, whose load path is 256 bits wide).</summary>
    public static ulong Sum256(ReadOnlySpan<ulong> words)
    {
        ref ulong p = ref MemoryMarshal.GetReference(words);
        nuint n = (nuint)words.Length, i = 0;
        Vector256<ulong> a = default, b = default, c = default, d = default;
        for (; i + 16 <= n; i += 16)
        {
            a += Vector256.LoadUnsafe(ref p, i);
            b += Vector256.LoadUnsafe(ref p, i + 4);
            c += Vector256.LoadUnsafe(ref p, i + 8);
            d += Vector256.LoadUnsafe(ref p, i + 12);
        }

        return Vector256.Sum(a + b + c + d) + Tail(words, (int)i);
    }

    /// <summary><see cref="Sum256"/> of each half of <paramref name="store"/>'s rows on its own thread, as the partitioned scan splits them.</summary>
    public static ulong SumTwoThreads(HashStore store)
    {
        ulong first = 0, second = 0;
        int half = store.Count / 2 * HashStore.Words;
        Parallel.Invoke(() => first = Sum256(store.Rows[..half]), () => second = Sum256(store.Rows[half..]));
        return first + second;
    }

    private static ulong Tail(ReadOnlySpan<ulong> words, int from)
    {
        ulong sum = 0;
        foreach (ulong word in words[from..])
        {
            sum += word;
        }

        return sum;
    }
}
