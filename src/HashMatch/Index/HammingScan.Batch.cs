using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HashMatch;

/// <summary>
/// One row against up to eight queries at once: the kernel for batches and dihedral queries. Each stored word is
/// broadcast and XORed with the same word of all eight queries, so one vector popcount serves eight (row, query)
/// pairs; below <see cref="VectorRadius"/>, rows no query can match after their first 128 bits are skipped.
/// </summary>
/// <remarks>
/// <para>
/// The byte popcounts come from <c>HammingScan.Batch.Avx512Vbmi.cs</c> (two <c>vpermb</c> lookups per vector) or,
/// on CPUs without VBMI, <c>HammingScan.Batch.Avx512BW.cs</c> (the nibble table with <c>vpshufb</c>); .NET 10 has no
/// VPOPCNTDQ intrinsic (dotnet/runtime#96162 is approved but not implemented), so neither can use
/// <c>vpopcntq</c> as Meta's reference flat index (<c>pdq/cpp/index/flat.h</c>) does.
/// </para>
/// <para>
/// The row loop (<see cref="FindCandidates{TCounts}"/>) calls nothing and writes only to two small buffers, so the
/// JIT keeps the queries and tables in registers. With a call or a spilled vector in the loop they lived on the
/// stack, 16-byte aligned: then a 64-byte reload that straddled a 4 KiB page made about one process in ten run
/// 4× slower (the stack address is randomised per process; <c>setarch -R</c> hid it).
/// </para>
/// </remarks>
internal static partial class HammingScan
{
    /// <summary>Queries one pass of <see cref="ScanMany"/> serves.</summary>
    public const int ManyWidth = 8;

    /// <summary>Candidate rows the row loop collects before handing them over (their distances: 2 KiB).</summary>
    private const int CandidateCapacity = 32;

    /// <summary>Whether <see cref="ScanMany"/> runs an eight-queries-per-row kernel (else one scan per query).</summary>
    public static bool ManyQueryKernelSupported => Avx512BW.IsSupported;

    /// <summary>The eight-query kernel's byte-popcount path: "AVX-512VBMI", "AVX-512BW" or "none".</summary>
    public static string ManyQueryKernel =>
        Avx512Vbmi.IsSupported ? "AVX-512VBMI" : Avx512BW.IsSupported ? "AVX-512BW" : "none";

    /// <summary>
    /// Scans <paramref name="rows"/> for up to eight queries. Hits of query q go to
    /// <c>hitRows[q·stride ..]</c> and <c>hitDistances[q·stride ..]</c> (stride = row count), in row order; the count
    /// per query is written to <paramref name="hitCounts"/>.
    /// </summary>
    public static void ScanMany(ReadOnlySpan<ulong> rows, ReadOnlySpan<PdqHash> queries, int maxDistance, Span<int> hitRows, Span<int> hitDistances, Span<int> hitCounts)
    {
        int count = rows.Length / HashStore.Words;
        if (queries.Length > ManyWidth || hitRows.Length < count * queries.Length || hitDistances.Length < count * queries.Length || hitCounts.Length < queries.Length)
        {
            throw new ArgumentException("At most eight queries, and hit buffers of one slot per row and query.");
        }

        hitCounts[..queries.Length].Clear();
        if (maxDistance < 0 || count == 0 || queries.IsEmpty)
        {
            return;
        }

        if (!ManyQueryKernelSupported)
        {
            for (int q = 0; q < queries.Length; q++)
            {
                hitCounts[q] = Scan(rows, queries[q], maxDistance, hitRows.Slice(q * count, count), hitDistances.Slice(q * count, count));
            }

            return;
        }

        var words = new ManyQueryWords(queries);
        Span<int> candidates = stackalloc int[CandidateCapacity];
        Span<ulong> distances = stackalloc ulong[CandidateCapacity * ManyWidth];
        bool earlyExit = maxDistance < VectorRadius;
        ref ulong first = ref MemoryMarshal.GetReference(rows);
        for (int next = 0; next < count;)
        {
            int found = Avx512Vbmi.IsSupported
                ? FindCandidates<VbmiByteCounts>(ref first, next, count, words, (ulong)maxDistance, earlyExit, candidates, distances, out next)
                : FindCandidates<NibbleByteCounts>(ref first, next, count, words, (ulong)maxDistance, earlyExit, candidates, distances, out next);
            for (int c = 0; c < found; c++)
            {
                for (int q = 0; q < queries.Length; q++)
                {
                    int distance = (int)distances[(c * ManyWidth) + q];
                    if (distance <= maxDistance)
                    {
                        int slot = (q * count) + hitCounts[q]++;
                        hitRows[slot] = candidates[c];
                        hitDistances[slot] = distance;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Scans from row <paramref name="start"/> until <paramref name="candidates"/> is full or the rows end, collecting
    /// the rows within <paramref name="maxDistance"/> of at least one query lane, with the distances of all eight
    /// lanes; <paramref name="next"/> is the row to continue from. With <paramref name="earlyExit"/>, a row's last 128
    /// bits are counted only when some lane is still within the radius after its first 128 (rarely, for small radii:
    /// random halves are 64 ± 6 bits apart); without it every row is counted in full, which is faster once that
    /// test passes often.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FindCandidates<TCounts>(
        ref ulong rows, int start, int count, in ManyQueryWords queries, ulong maxDistance, bool earlyExit, Span<int> candidates, Span<ulong> distances, out int next)
        where TCounts : struct, IByteCounts
    {
        // Locals, so that the loop reads registers; the loop must stay free of calls for that (see the remarks).
        Vector512<ulong> q0 = queries.Word0, q1 = queries.Word1, q2 = queries.Word2, q3 = queries.Word3;
        Vector512<ulong> limit = Vector512.Create(maxDistance);
        ref int candidate = ref MemoryMarshal.GetReference(candidates);
        ref ulong distance = ref MemoryMarshal.GetReference(distances);
        int capacity = candidates.Length, found = 0, i = start;
        if (earlyExit)
        {
            for (; i < count; i++)
            {
                ref ulong r = ref Unsafe.Add(ref rows, (nint)(uint)i * HashStore.Words);

                // Byte counts of two words add without overflow (at most 16 per byte) before one vpsadbw.
                Vector512<ulong> d = Avx512BW.SumAbsoluteDifferences(
                    TCounts.Of(Vector512.Create(r) ^ q0) + TCounts.Of(Vector512.Create(Unsafe.Add(ref r, 1)) ^ q1),
                    Vector512<byte>.Zero).AsUInt64();
                if (Vector512.LessThanOrEqualAny(d, limit))
                {
                    d += Avx512BW.SumAbsoluteDifferences(
                        TCounts.Of(Vector512.Create(Unsafe.Add(ref r, 2)) ^ q2) + TCounts.Of(Vector512.Create(Unsafe.Add(ref r, 3)) ^ q3),
                        Vector512<byte>.Zero).AsUInt64();
                    if (Vector512.LessThanOrEqualAny(d, limit))
                    {
                        d.StoreUnsafe(ref distance, (nuint)(found * ManyWidth));
                        Unsafe.Add(ref candidate, found) = i;
                        if (++found == capacity)
                        {
                            i++;
                            break;
                        }
                    }
                }
            }
        }
        else
        {
            for (; i < count; i++)
            {
                ref ulong r = ref Unsafe.Add(ref rows, (nint)(uint)i * HashStore.Words);

                // Four words' byte counts reach 32 per byte: still no overflow before the one vpsadbw.
                Vector512<byte> counts =
                    TCounts.Of(Vector512.Create(r) ^ q0) + TCounts.Of(Vector512.Create(Unsafe.Add(ref r, 1)) ^ q1) +
                    TCounts.Of(Vector512.Create(Unsafe.Add(ref r, 2)) ^ q2) + TCounts.Of(Vector512.Create(Unsafe.Add(ref r, 3)) ^ q3);
                Vector512<ulong> d = Avx512BW.SumAbsoluteDifferences(counts, Vector512<byte>.Zero).AsUInt64();
                if (Vector512.LessThanOrEqualAny(d, limit))
                {
                    d.StoreUnsafe(ref distance, (nuint)(found * ManyWidth));
                    Unsafe.Add(ref candidate, found) = i;
                    if (++found == capacity)
                    {
                        i++;
                        break;
                    }
                }
            }
        }

        next = i;
        return found;
    }

    /// <summary>
    /// Per-byte popcounts (0..8) of a 512-bit vector. Implementations build their tables from literals, which the
    /// JIT turns into constants loaded once before the loop (a table built from smaller vectors, or returned by a
    /// property, was rebuilt or reloaded from the stack on every row).
    /// </summary>
    private interface IByteCounts
    {
        static abstract Vector512<byte> Of(Vector512<ulong> value);
    }

    /// <summary>Word w of up to eight queries in lane k of vector w; missing queries repeat the first (their lanes are ignored).</summary>
    private readonly struct ManyQueryWords
    {
        public ManyQueryWords(ReadOnlySpan<PdqHash> queries)
        {
            Word0 = Column(queries, 0);
            Word1 = Column(queries, 1);
            Word2 = Column(queries, 2);
            Word3 = Column(queries, 3);
        }

        public Vector512<ulong> Word0 { get; }

        public Vector512<ulong> Word1 { get; }

        public Vector512<ulong> Word2 { get; }

        public Vector512<ulong> Word3 { get; }

        private static Vector512<ulong> Column(ReadOnlySpan<PdqHash> queries, int word)
        {
            Span<ulong> lanes = stackalloc ulong[ManyWidth];
            for (int k = 0; k < ManyWidth; k++)
            {
                lanes[k] = queries[k < queries.Length ? k : 0].GetWord(word);
            }

            return Vector512.Create<ulong>(lanes);
        }
    }
}
