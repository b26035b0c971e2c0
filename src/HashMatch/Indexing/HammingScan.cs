using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HashMatch.Indexing;

/// <summary>The instruction-set paths of <see cref="HammingScan"/>.</summary>
internal enum HammingKernel
{
    /// <summary><c>BitOperations.PopCount</c> on each 64-bit word (POPCNT where the CPU has it).</summary>
    Scalar,

    /// <summary>AVX2: byte popcounts by nibble table lookup (Mula, Kurz and Lemire, "Faster Population Counts
    /// Using AVX2 Instructions", Computer Journal 2018), summed per word with <c>vpsadbw</c>.</summary>
    Avx2,

    /// <summary>AVX-512BW: the same nibble-table count on 512-bit vectors, two rows per instruction. (.NET 10 has no
    /// VPOPCNTDQ intrinsic to use instead.)</summary>
    Avx512,

    /// <summary>ARM64 AdvSimd: byte popcount (<c>cnt</c>) and an across-vector add.</summary>
    AdvSimd,

    /// <summary>AVX-512VBMI: a lower bound from 7 of every 8 bits (one <c>vpermi2b</c> per two rows), POPCNT for the
    /// rows it lets through; the exact AVX-512BW count above r = 88, where the bound stops filtering.</summary>
    Avx512Vbmi,
}

/// <summary>
/// XOR + popcount scan of 32-byte hash rows against one query: the linear-scan kernel. Each instruction set has
/// its own partial file (<c>HammingScan.X86.cs</c>, <c>HammingScan.Arm.cs</c>); this file holds the dispatch and the
/// scalar path every CPU can run.
/// </summary>
internal static partial class HammingScan
{
    /// <summary>
    /// Radius from which a branch-free vector kernel beats the scalar one on x64: below it the scalar kernel's exit
    /// after 128 bits almost always fires and predicts well; from about r = 48 on (partial distances of random
    /// 256-bit hashes are 64 ± 6 after 128 bits) that branch mispredicts and the scalar scan slowed from 1.5 to
    /// 9 ms per 1M rows in IndexQueryBenchmarks.
    /// </summary>
    public const int VectorRadius = 48;

    /// <summary>
    /// The kernel single queries use at <paramref name="maxDistance"/>. Measured (docs/hash-index.md): with VBMI the
    /// bound kernel is fastest at every radius (it hands large radii to the exact AVX-512BW count itself). Without
    /// it, on x64 with hardware POPCNT the scalar kernel with its exit after 128 bits beats the table-lookup vector
    /// kernels at small radii, because .NET 10 exposes no vector popcount instruction; from
    /// <see cref="VectorRadius"/> on the vector kernels win. ARM64 uses AdvSimd.
    /// </summary>
    public static HammingKernel BestFor(int maxDistance) =>
        BestVector != HammingKernel.Avx512Vbmi && maxDistance < VectorRadius && System.Runtime.Intrinsics.X86.Popcnt.X64.IsSupported
            ? HammingKernel.Scalar
            : BestVector;

    /// <summary>The fastest vector kernel this CPU supports.</summary>
    public static HammingKernel BestVector { get; } =
        IsSupported(HammingKernel.Avx512Vbmi) ? HammingKernel.Avx512Vbmi :
        IsSupported(HammingKernel.Avx512) ? HammingKernel.Avx512 :
        IsSupported(HammingKernel.Avx2) ? HammingKernel.Avx2 :
        IsSupported(HammingKernel.AdvSimd) ? HammingKernel.AdvSimd :
        HammingKernel.Scalar;

    /// <summary>Whether <paramref name="kernel"/> can run on this CPU (and runtime configuration).</summary>
    public static bool IsSupported(HammingKernel kernel) => kernel switch
    {
        HammingKernel.Scalar => true,
        HammingKernel.Avx2 => Avx2Supported,
        HammingKernel.Avx512 => Avx512Supported,
        HammingKernel.Avx512Vbmi => Avx512VbmiSupported,
        HammingKernel.AdvSimd => AdvSimdSupported,
        _ => false,
    };

    /// <summary>
    /// Finds the rows within <paramref name="maxDistance"/> of <paramref name="query"/>: writes their indices and
    /// distances and returns how many. Both outputs must have room for one entry per row.
    /// </summary>
    public static int Scan(ReadOnlySpan<ulong> rows, in PdqHash query, int maxDistance, Span<int> hitRows, Span<int> hitDistances) =>
        Scan(BestFor(maxDistance), rows, query, maxDistance, hitRows, hitDistances);

    /// <inheritdoc cref="Scan(ReadOnlySpan{ulong}, in PdqHash, int, Span{int}, Span{int})"/>
    public static int Scan(HammingKernel kernel, ReadOnlySpan<ulong> rows, in PdqHash query, int maxDistance, Span<int> hitRows, Span<int> hitDistances)
    {
        int count = rows.Length / HashStore.Words;
        if (hitRows.Length < count || hitDistances.Length < count)
        {
            throw new ArgumentException("Hit buffers need one slot per row.");
        }

        if (maxDistance < 0 || count == 0)
        {
            return 0;
        }

        return kernel switch
        {
            HammingKernel.Avx512Vbmi when Avx512VbmiSupported => ScanAvx512Vbmi(rows, query, maxDistance, hitRows, hitDistances),
            HammingKernel.Avx512 when Avx512Supported => ScanAvx512(rows, query, maxDistance, hitRows, hitDistances),
            HammingKernel.Avx2 when Avx2Supported => ScanAvx2(rows, query, maxDistance, hitRows, hitDistances),
            HammingKernel.AdvSimd when AdvSimdSupported => ScanAdvSimd(rows, query, maxDistance, hitRows, hitDistances),
            HammingKernel.Scalar => ScanScalar(rows, 0, query, maxDistance, hitRows, hitDistances, 0),
            _ => throw new PlatformNotSupportedException($"The {kernel} Hamming kernel is not supported on this CPU."),
        };
    }

    /// <summary>
    /// Scalar scan from row <paramref name="firstRow"/>, appending after <paramref name="hits"/> existing hits; also
    /// finishes the rows the vector paths leave over. Stops after the first 128 bits when they alone exceed the radius.
    /// </summary>
    /// <remarks>
    /// Fully optimized from the first call, as every kernel here: a scan of many blocks otherwise ran its first calls
    /// as unoptimized tier-0 code, twice as slow, which is all a short-lived process (one CLI query) ever gets.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanScalar(ReadOnlySpan<ulong> rows, int firstRow, in PdqHash query, int maxDistance, Span<int> hitRows, Span<int> hitDistances, int hits)
    {
        ulong q0 = query.GetWord(0), q1 = query.GetWord(1), q2 = query.GetWord(2), q3 = query.GetWord(3);
        ref ulong row = ref MemoryMarshal.GetReference(rows);
        int count = rows.Length / HashStore.Words;
        for (int i = firstRow; i < count; i++)
        {
            ref ulong r = ref Unsafe.Add(ref row, i * HashStore.Words);
            int distance = BitOperations.PopCount(r ^ q0) + BitOperations.PopCount(Unsafe.Add(ref r, 1) ^ q1);
            if (distance > maxDistance)
            {
                continue;
            }

            distance += BitOperations.PopCount(Unsafe.Add(ref r, 2) ^ q2) + BitOperations.PopCount(Unsafe.Add(ref r, 3) ^ q3);
            if (distance <= maxDistance)
            {
                hitRows[hits] = i;
                hitDistances[hits] = distance;
                hits++;
            }
        }

        return hits;
    }

    /// <summary>Records the rows of a four-row group whose distance passed the comparison (bit k of <paramref name="mask"/> = row k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Emit(uint mask, int firstRow, ReadOnlySpan<int> distances, Span<int> hitRows, Span<int> hitDistances, int hits)
    {
        while (mask != 0)
        {
            int lane = BitOperations.TrailingZeroCount(mask);
            hitRows[hits] = firstRow + lane;
            hitDistances[hits] = distances[lane];
            hits++;
            mask &= mask - 1;
        }

        return hits;
    }
}
