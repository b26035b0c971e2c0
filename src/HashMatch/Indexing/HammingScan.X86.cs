using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HashMatch.Indexing;

/// <summary>
/// x86 paths, four rows per step: AVX2 (one row per 256-bit vector) and AVX-512BW (two rows per 512-bit vector). .NET 10 exposes no VPOPCNTDQ intrinsic, so both count bits
/// with the nibble table; the JIT emits scalar POPCNT for <c>BitOperations.PopCount</c>.
/// </summary>
internal static partial class HammingScan
{
    private static bool Avx512Supported => Avx512BW.IsSupported && Avx2.IsSupported;

    private static bool Avx2Supported => Avx2.IsSupported;

    private static int ScanAvx512(ReadOnlySpan<ulong> rows, in PdqHash query, int maxDistance, Span<int> hitRows, Span<int> hitDistances) =>
        ScanFourRows<Avx512Distances>(rows, query, maxDistance, hitRows, hitDistances);

    private static int ScanAvx2(ReadOnlySpan<ulong> rows, in PdqHash query, int maxDistance, Span<int> hitRows, Span<int> hitDistances) =>
        ScanFourRows<Avx2Distances>(rows, query, maxDistance, hitRows, hitDistances);

    /// <summary>Four rows per step: distances from <typeparamref name="TDistances"/>, compared with the radius at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanFourRows<TDistances>(ReadOnlySpan<ulong> rows, in PdqHash query, int maxDistance, Span<int> hitRows, Span<int> hitDistances)
        where TDistances : struct, IFourRowDistances
    {
        Vector256<ulong> q = Vector256.Create(query.GetWord(0), query.GetWord(1), query.GetWord(2), query.GetWord(3));
        Vector256<ulong> limit = Vector256.Create((ulong)maxDistance);
        ref ulong row = ref MemoryMarshal.GetReference(rows);
        int count = rows.Length / HashStore.Words, hits = 0, i = 0;
        Span<int> distances = stackalloc int[4];
        for (; i + 4 <= count; i += 4)
        {
            Vector256<ulong> d = TDistances.Of(ref Unsafe.Add(ref row, i * HashStore.Words), q);
            uint mask = Vector256.LessThanOrEqual(d, limit).ExtractMostSignificantBits();
            if (mask != 0)
            {
                Store(d, distances);
                hits = Emit(mask, i, distances, hitRows, hitDistances, hits);
            }
        }

        return ScanScalar(rows, i, query, maxDistance, hitRows, hitDistances, hits);
    }

    /// <summary>Distances of four consecutive rows to a query, one lane per row.</summary>
    private interface IFourRowDistances
    {
        static abstract Vector256<ulong> Of(ref ulong rows, Vector256<ulong> query);
    }

    private readonly struct Avx2Distances : IFourRowDistances
    {
        public static Vector256<ulong> Of(ref ulong r, Vector256<ulong> q) => SumRows(
            PopCountAvx2(Vector256.LoadUnsafe(ref r) ^ q),
            PopCountAvx2(Vector256.LoadUnsafe(ref r, 4) ^ q),
            PopCountAvx2(Vector256.LoadUnsafe(ref r, 8) ^ q),
            PopCountAvx2(Vector256.LoadUnsafe(ref r, 12) ^ q));
    }

    private readonly struct Avx512Distances : IFourRowDistances
    {
        public static Vector256<ulong> Of(ref ulong r, Vector256<ulong> q)
        {
            Vector512<ulong> q2 = Vector512.Create(q, q);
            Vector512<ulong> c01 = PopCountAvx512(Vector512.LoadUnsafe(ref r) ^ q2);
            Vector512<ulong> c23 = PopCountAvx512(Vector512.LoadUnsafe(ref r, 8) ^ q2);
            return SumRows(c01.GetLower(), c01.GetUpper(), c23.GetLower(), c23.GetUpper());
        }
    }

    /// <summary>The nibble-table popcount on 512-bit vectors: byte counts, then byte sums per lane (vpsadbw).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> PopCountAvx512(Vector512<ulong> value) =>
        Avx512BW.SumAbsoluteDifferences(NibbleByteCounts.Of(value), Vector512<byte>.Zero).AsUInt64();

    /// <summary>Popcount of each 64-bit lane: per-nibble table lookups, then byte sums per lane with vpsadbw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> PopCountAvx2(Vector256<ulong> value)
    {
        Vector256<byte> table = Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        Vector256<byte> nibble = Vector256.Create((byte)0x0F);
        Vector256<byte> bytes = value.AsByte();
        Vector256<byte> low = bytes & nibble;
        Vector256<byte> high = (bytes.AsUInt16() >>> 4).AsByte() & nibble;
        Vector256<byte> counts = Avx2.Shuffle(table, low) + Avx2.Shuffle(table, high);
        return Avx2.SumAbsoluteDifferences(counts, Vector256<byte>.Zero).AsUInt64();
    }

    /// <summary>
    /// Turns four rows' per-word counts (c_k = [w0, w1, w2, w3] of row k) into one vector of the four row totals:
    /// pairwise sums within 128-bit halves, then the halves added across.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> SumRows(Vector256<ulong> c0, Vector256<ulong> c1, Vector256<ulong> c2, Vector256<ulong> c3)
    {
        Vector256<ulong> t0 = Avx2.UnpackLow(c0, c1) + Avx2.UnpackHigh(c0, c1); // [r0 w01, r1 w01 | r0 w23, r1 w23]
        Vector256<ulong> t1 = Avx2.UnpackLow(c2, c3) + Avx2.UnpackHigh(c2, c3); // [r2 w01, r3 w01 | r2 w23, r3 w23]
        return Avx2.Permute2x128(t0, t1, 0x20) + Avx2.Permute2x128(t0, t1, 0x31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<ulong> d, Span<int> distances)
    {
        distances[0] = (int)d.GetElement(0);
        distances[1] = (int)d.GetElement(1);
        distances[2] = (int)d.GetElement(2);
        distances[3] = (int)d.GetElement(3);
    }
}
