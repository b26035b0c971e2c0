using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HashMatch.Indexing;

/// <summary>
/// One row against up to eight queries at once: the kernel for batches and dihedral queries. Each stored word is
/// broadcast and XORed with the same word of all eight queries, so one vector popcount serves eight (row, query)
/// pairs; after the first 128 bits, rows no query can match are skipped.
/// </summary>
internal static partial class HammingScan
{
    /// <summary>Queries one pass of <see cref="ScanMany"/> serves.</summary>
    public const int ManyWidth = 8;

    /// <summary>Whether <see cref="ScanMany"/> runs its eight-queries-per-row kernel (else one scan per query).</summary>
    public static bool ManyQueryKernelSupported => Avx512BW.IsSupported;

    /// <summary>
    /// Scans <paramref name="rows"/> for up to eight queries. Hits of query q go to
    /// <c>hitRows[q·stride ..]</c> and <c>hitDistances[q·stride ..]</c> (stride = row count); the count per query is
    /// written to <paramref name="hitCounts"/>.
    /// </summary>
    public static void ScanMany(ReadOnlySpan<ulong> rows, ReadOnlySpan<PdqHash> queries, int maxDistance, Span<int> hitRows, Span<int> hitDistances, Span<int> hitCounts)
    {
        int count = rows.Length / HashStore.Words;
        if (queries.Length > ManyWidth || hitRows.Length < count * queries.Length || hitDistances.Length < count * queries.Length || hitCounts.Length < queries.Length)
        {
            throw new ArgumentException("At most eight queries, and hit buffers of one slot per row and query.");
        }

        hitCounts[..queries.Length].Clear();
        if (maxDistance < 0 || count == 0)
        {
            return;
        }

        if (ManyQueryKernelSupported)
        {
            ScanManyAvx512(rows, queries, maxDistance, hitRows, hitDistances, hitCounts);
            return;
        }

        for (int q = 0; q < queries.Length; q++)
        {
            hitCounts[q] = Scan(rows, queries[q], maxDistance, hitRows.Slice(q * count, count), hitDistances.Slice(q * count, count));
        }
    }

    // Fully optimized from the first call: under tiered compilation this long-running loop was sometimes left in
    // on-stack-replacement code, which ran 3× slower in one benchmark process out of two.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanManyAvx512(ReadOnlySpan<ulong> rows, ReadOnlySpan<PdqHash> queries, int maxDistance, Span<int> hitRows, Span<int> hitDistances, Span<int> hitCounts)
    {
        // Word w of all queries in one vector; missing queries repeat the first (their hits are ignored).
        Span<ulong> words = stackalloc ulong[ManyWidth];
        Span<Vector512<ulong>> q = stackalloc Vector512<ulong>[HashStore.Words];
        for (int w = 0; w < HashStore.Words; w++)
        {
            for (int k = 0; k < ManyWidth; k++)
            {
                words[k] = queries[k < queries.Length ? k : 0].GetWord(w);
            }

            q[w] = Vector512.Create<ulong>(words);
        }

        Vector512<ulong> q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3];
        Vector512<ulong> limit = Vector512.Create((ulong)maxDistance);
        ulong active = (1UL << queries.Length) - 1;
        Span<ulong> distances = stackalloc ulong[ManyWidth];
        ref ulong row = ref MemoryMarshal.GetReference(rows);
        int count = rows.Length / HashStore.Words;
        for (int i = 0; i < count; i++)
        {
            ref ulong r = ref Unsafe.Add(ref row, i * HashStore.Words);

            // Byte popcounts of two words add without overflow (at most 16 per byte) before one vpsadbw.
            Vector512<ulong> d = Avx512BW.SumAbsoluteDifferences(
                ByteCounts(Vector512.Create(r) ^ q0) + ByteCounts(Vector512.Create(Unsafe.Add(ref r, 1)) ^ q1), Vector512<byte>.Zero).AsUInt64();
            if (Vector512.LessThanOrEqualAny(d, limit))
            {
                d += Avx512BW.SumAbsoluteDifferences(
                    ByteCounts(Vector512.Create(Unsafe.Add(ref r, 2)) ^ q2) + ByteCounts(Vector512.Create(Unsafe.Add(ref r, 3)) ^ q3), Vector512<byte>.Zero).AsUInt64();
                ulong mask = Vector512.LessThanOrEqual(d, limit).ExtractMostSignificantBits() & active;
                if (mask != 0)
                {
                    d.CopyTo(distances);
                    while (mask != 0)
                    {
                        int k = System.Numerics.BitOperations.TrailingZeroCount(mask);
                        int slot = (k * count) + hitCounts[k]++;
                        hitRows[slot] = i;
                        hitDistances[slot] = (int)distances[k];
                        mask &= mask - 1;
                    }
                }
            }
        }
    }

    /// <summary>Per-byte popcounts (0..8) by nibble table lookup.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> ByteCounts(Vector512<ulong> value)
    {
        Vector512<byte> table = Vector512.Create(Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4));
        Vector512<byte> nibble = Vector512.Create((byte)0x0F);
        Vector512<byte> bytes = value.AsByte();
        return Avx512BW.Shuffle(table, bytes & nibble) + Avx512BW.Shuffle(table, (bytes.AsUInt16() >>> 4).AsByte() & nibble);
    }
}
