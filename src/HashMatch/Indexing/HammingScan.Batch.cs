using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HashMatch.Indexing;

/// <summary>
/// One row against up to eight queries at once: the kernel for batches and dihedral queries. Each stored word is
/// broadcast and XORed with the same word of all eight queries, so one vector lookup serves eight (row, query)
/// pairs. A row loop picks out candidate rows cheaply; each candidate's exact distances are then computed here and
/// the hits recorded.
/// </summary>
/// <remarks>
/// <para>
/// Row loops: <c>HammingScan.Batch.Avx512Vbmi.cs</c> bounds the distance from below by counting 7 of every 8 bits
/// with one <c>vpermi2b</c> lookup per vector (a row can only be within r if its bound is); CPUs without VBMI use
/// <c>HammingScan.Batch.Avx512BW.cs</c>, the nibble table with an exit after the first 128 bits. .NET 10 has no
/// VPOPCNTDQ intrinsic (dotnet/runtime#96162 is approved but not implemented), so neither can use <c>vpopcntq</c>
/// as Meta's reference flat index (<c>pdq/cpp/index/flat.h</c>) does.
/// </para>
/// <para>
/// The row loops call nothing and write only row numbers to a small buffer, so the JIT keeps the queries and tables
/// in registers. With a call or a spilled vector in the loop they lived on the stack, 16-byte aligned: then a
/// 64-byte reload that straddled a 4 KiB page made about one process in ten run 4× slower (the stack address is
/// randomised per process; <c>setarch -R</c> hid it).
/// </para>
/// </remarks>
internal static partial class HammingScan
{
    /// <summary>Queries one pass of <c>ScanMany</c> serves.</summary>
    public const int ManyWidth = 8;

    /// <summary>Candidate rows a row loop collects before handing them over.</summary>
    private const int CandidateCapacity = 64;

    /// <summary>Whether <c>ScanMany</c> runs an eight-queries-per-row kernel (else one scan per query).</summary>
    public static bool ManyQueryKernelSupported => Avx512BW.IsSupported;

    /// <summary>The eight-query kernel's path: "AVX-512VBMI", "AVX-512BW" or "none".</summary>
    public static string ManyQueryKernel =>
        Avx512Vbmi.IsSupported ? "AVX-512VBMI" : Avx512BW.IsSupported ? "AVX-512BW" : "none";

    /// <summary>
    /// Scans <paramref name="rows"/> for up to eight queries. Hits of query q go to
    /// <c>hitRows[q·stride ..]</c> and <c>hitDistances[q·stride ..]</c> (stride = row count), in row order; the count
    /// per query is written to <paramref name="hitCounts"/>.
    /// </summary>
    public static void ScanMany(ReadOnlySpan<ulong> rows, ReadOnlySpan<PdqHash> queries, int maxDistance, Span<int> hitRows, Span<int> hitDistances, Span<int> hitCounts)
    {
        if (queries.Length > ManyWidth)
        {
            throw new ArgumentException("At most eight queries.", nameof(queries));
        }

        ScanMany(rows, new ManyQueries(queries), maxDistance, hitRows, hitDistances, hitCounts);
    }

    /// <inheritdoc cref="ScanMany(ReadOnlySpan{ulong}, ReadOnlySpan{PdqHash}, int, Span{int}, Span{int}, Span{int})"/>
    /// <remarks>Callers that scan many blocks prepare <paramref name="queries"/> once.</remarks>
    public static void ScanMany(ReadOnlySpan<ulong> rows, in ManyQueries queries, int maxDistance, Span<int> hitRows, Span<int> hitDistances, Span<int> hitCounts)
    {
        int count = rows.Length / HashStore.Words, queryCount = queries.Count;
        if (hitRows.Length < count * queryCount || hitDistances.Length < count * queryCount || hitCounts.Length < queryCount)
        {
            throw new ArgumentException("Hit buffers need one slot per row and query.");
        }

        hitCounts[..queryCount].Clear();
        if (maxDistance < 0 || count == 0 || queryCount == 0)
        {
            return;
        }

        if (!ManyQueryKernelSupported)
        {
            for (int q = 0; q < queryCount; q++)
            {
                hitCounts[q] = Scan(rows, queries.Query(q), maxDistance, hitRows.Slice(q * count, count), hitDistances.Slice(q * count, count));
            }

            return;
        }

        Span<int> candidates = stackalloc int[CandidateCapacity];
        ref ulong first = ref MemoryMarshal.GetReference(rows);
        bool vbmi = Avx512Vbmi.IsSupported;
        for (int next = 0; next < count;)
        {
            int found = vbmi
                ? FindCandidatesVbmi(ref first, next, count, queries, maxDistance, candidates, out next)
                : FindCandidatesAvx512BW(ref first, next, count, queries, maxDistance, candidates, out next);
            for (int c = 0; c < found; c++)
            {
                int row = candidates[c];
                ref ulong r = ref Unsafe.Add(ref first, (nint)(uint)row * HashStore.Words);
                Vector512<ulong> exact = vbmi ? ExactDistances<VbmiByteCounts>(ref r, queries) : ExactDistances<NibbleByteCounts>(ref r, queries);
                for (int q = 0; q < queryCount; q++)
                {
                    int distance = (int)exact.GetElement(q);
                    if (distance <= maxDistance)
                    {
                        int slot = (q * count) + hitCounts[q]++;
                        hitRows[slot] = row;
                        hitDistances[slot] = distance;
                    }
                }
            }
        }
    }

    /// <summary>The full 256-bit distance from one row to each query lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> ExactDistances<TCounts>(ref ulong r, in ManyQueries q)
        where TCounts : struct, IByteCounts
    {
        // Four words' byte counts reach 32 per byte: no overflow before the one vpsadbw.
        Vector512<byte> counts =
            TCounts.Of(Vector512.Create(r) ^ q.Word0) + TCounts.Of(Vector512.Create(Unsafe.Add(ref r, 1)) ^ q.Word1) +
            TCounts.Of(Vector512.Create(Unsafe.Add(ref r, 2)) ^ q.Word2) + TCounts.Of(Vector512.Create(Unsafe.Add(ref r, 3)) ^ q.Word3);
        return Avx512BW.SumAbsoluteDifferences(counts, Vector512<byte>.Zero).AsUInt64();
    }

    /// <summary>
    /// Exact per-byte popcounts (0..8) of a 512-bit vector. Implementations build their tables from literals, which
    /// the JIT turns into constants (a table built from smaller vectors, or returned by a property, was rebuilt or
    /// reloaded from the stack on every row).
    /// </summary>
    private interface IByteCounts
    {
        static abstract Vector512<byte> Of(Vector512<ulong> value);
    }

    /// <summary>
    /// Up to eight queries prepared for <see cref="ScanMany(ReadOnlySpan{ulong}, in ManyQueries, int, Span{int}, Span{int}, Span{int})"/>:
    /// word w of query k in lane k of vector w; missing queries repeat the first (their lanes are ignored).
    /// </summary>
    internal readonly struct ManyQueries
    {
        public ManyQueries(ReadOnlySpan<PdqHash> queries)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(queries.Length, ManyWidth, nameof(queries));
            Count = queries.Length;
            Word0 = Column(queries, 0);
            Word1 = Column(queries, 1);
            Word2 = Column(queries, 2);
            Word3 = Column(queries, 3);
        }

        /// <summary>Number of real queries (lanes beyond it are ignored).</summary>
        public int Count { get; }

        public Vector512<ulong> Word0 { get; }

        public Vector512<ulong> Word1 { get; }

        public Vector512<ulong> Word2 { get; }

        public Vector512<ulong> Word3 { get; }

        /// <summary>Query <paramref name="k"/>, read back from its lanes.</summary>
        public PdqHash Query(int k) => new(Word0.GetElement(k), Word1.GetElement(k), Word2.GetElement(k), Word3.GetElement(k));

        private static Vector512<ulong> Column(ReadOnlySpan<PdqHash> queries, int word)
        {
            Span<ulong> lanes = stackalloc ulong[ManyWidth];
            for (int k = 0; k < ManyWidth; k++)
            {
                lanes[k] = queries.IsEmpty ? 0 : queries[k < queries.Length ? k : 0].GetWord(word);
            }

            return Vector512.Create<ulong>(lanes);
        }
    }
}
