using System.Runtime.CompilerServices;

namespace HashMatch.Indexing;

/// <summary>
/// How multi-index hashing splits the 256 bits of a hash: m contiguous chunks of given widths (1–32 bits, summing
/// to 256), chunk c covering bits [start_c, start_c + width_c). 16 × 16 bits and 8 × 32 bits are two cases; the
/// layout sized to the list has about log₂ N bits per chunk, which Norouzi, Punjani and Fleet (CVPR 2012, section 4)
/// show to be the best choice: each probe then finds about one stored row, so probes and candidates stay balanced.
/// </summary>
/// <remarks>
/// Each chunk's table is addressed by its top <see cref="DirectoryBits"/> bits: the whole chunk up to
/// <see cref="MaxDirectBits"/> bits (a direct-addressed table, one probe = two reads), else the top 16 bits with the
/// sorted chunk values beside the rows to narrow a directory bucket by binary search (the 8 × 32 layout).
/// </remarks>
internal sealed class ChunkLayout
{
    /// <summary>Widest chunk given a direct-addressed table: 2^24 + 1 offsets (64 MB as int32) per chunk.</summary>
    internal const int MaxDirectBits = 24;

    /// <summary>Directory bits of chunks wider than <see cref="MaxDirectBits"/> (each then stores its sorted values).</summary>
    private const int NarrowDirectoryBits = 16;

    /// <summary>Most chunks a layout has (the file's section tags run MO00–MO15).</summary>
    internal const int MaxChunks = 16;

    /// <summary>Fewest chunks of the layout sized to the list: 11 chunks of 23–24 bits, the widest with direct tables.</summary>
    internal const int MinSizedChunks = (PdqHash.BitLength + MaxDirectBits - 1) / MaxDirectBits;

    private readonly int[] _widths;
    private readonly int[] _starts;

    private ChunkLayout(int[] widths)
    {
        _widths = widths;
        _starts = new int[widths.Length];
        for (int c = 1; c < widths.Length; c++)
        {
            _starts[c] = _starts[c - 1] + widths[c - 1];
        }
    }

    /// <summary>16 chunks of 16 bits (<see cref="IndexKind.MultiIndex16"/>).</summary>
    public static ChunkLayout Sixteen { get; } = Even(16);

    /// <summary>8 chunks of 32 bits (<see cref="IndexKind.MultiIndex32"/>).</summary>
    public static ChunkLayout ThirtyTwo { get; } = Even(8);

    /// <summary>Number of chunks m.</summary>
    public int Count => _widths.Length;

    /// <summary>The chunk widths, in bit order.</summary>
    public ReadOnlySpan<int> Widths => _widths;

    /// <summary>
    /// <paramref name="chunks"/> chunks as equal as 256 bits allow: the first 256 mod m are one bit wider. The wider
    /// chunks come first because the refined pigeonhole radii (<see cref="MultiIndexSegment"/>) give the first chunks
    /// the larger radius, and a wider chunk holds fewer rows per probed value.
    /// </summary>
    public static ChunkLayout Even(int chunks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunks, PdqHash.BitLength / 32);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunks, MaxChunks);
        int width = PdqHash.BitLength / chunks, wider = PdqHash.BitLength % chunks;
        return new ChunkLayout([.. Enumerable.Range(0, chunks).Select(c => c < wider ? width + 1 : width)]);
    }

    /// <summary>A layout of the given widths, or null when they are not 1–16 chunks of 1–32 bits summing to 256.</summary>
    public static ChunkLayout? Of(ReadOnlySpan<int> widths)
    {
        if (widths.Length is < 1 or > MaxChunks)
        {
            return null;
        }

        int total = 0;
        foreach (int w in widths)
        {
            if (w is < 1 or > 32)
            {
                return null;
            }

            total += w;
        }

        return total == PdqHash.BitLength ? new ChunkLayout(widths.ToArray()) : null;
    }

    /// <summary>
    /// The layout <see cref="IndexKind.MultiIndexSized"/> builds for <paramref name="rows"/> rows: chunks of about
    /// log₂ N bits (Norouzi et al.), which at r = 31 keeps the expected number of candidates per query near the
    /// number of probes. Between 11 chunks (23–24 bits: the widest whose tables stay direct-addressed, from about
    /// 20M rows on) and 16 chunks of 16 bits (up to about 190,000 rows). The crossovers were measured by
    /// the <c>index-scaling</c> benchmark command (docs/hash-index.md, "Scaling to 100 million").
    /// </summary>
    public static ChunkLayout Sized(long rows) => Even(SizedChunkCount(rows));

    /// <summary>
    /// The chunk count of <see cref="Sized"/>: m = ⌈256 / (log₂ N − 1)⌉, kept within 11–16 — chunks a bit narrower
    /// than log₂ N, so a probed value holds about two rows. Chunks of log₂ N bits (m = round(256 / log₂ N)) were up to
    /// 16 % faster at 10M but their direct tables doubled the index's memory there (1.18–1.25 GB against 16 × 16's
    /// 646 MB, over the service's 1.5 GB for 10M entries); one bit less halves the tables and still met every query
    /// target (docs/hash-index.md, "Scaling to 100 million").
    /// </summary>
    internal static int SizedChunkCount(long rows)
    {
        double bits = Math.Log2(Math.Max(4, rows)) - 1;
        return Math.Clamp((int)Math.Ceiling(PdqHash.BitLength / bits), MinSizedChunks, MaxChunks);
    }

    /// <summary>First bit of chunk <paramref name="chunk"/>.</summary>
    public int Start(int chunk) => _starts[chunk];

    /// <summary>Width of chunk <paramref name="chunk"/> in bits.</summary>
    public int Width(int chunk) => _widths[chunk];

    /// <summary>Bits of chunk <paramref name="chunk"/> its table is addressed by.</summary>
    public int DirectoryBits(int chunk) => _widths[chunk] <= MaxDirectBits ? _widths[chunk] : NarrowDirectoryBits;

    /// <summary>Offsets in chunk <paramref name="chunk"/>'s table: one per directory value, plus the end.</summary>
    public int OffsetCount(int chunk) => (1 << DirectoryBits(chunk)) + 1;

    /// <summary>Whether chunk <paramref name="chunk"/> stores its sorted chunk values (wider than its directory).</summary>
    public bool HasKeys(int chunk) => DirectoryBits(chunk) < _widths[chunk];

    /// <summary>Chunk <paramref name="chunk"/> of <paramref name="hash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Extract(in PdqHash hash, int chunk)
    {
        int start = _starts[chunk], word = start >> 6, shift = start & 63;
        ulong value = hash.GetWord(word) >> shift;
        if (shift + _widths[chunk] > 64)
        {
            value |= hash.GetWord(word + 1) << (64 - shift);
        }

        return (uint)value & Mask(_widths[chunk]);
    }

    /// <summary>Bits [<paramref name="start"/>, <paramref name="start"/> + <paramref name="width"/>) of the row whose words start at <paramref name="rowStart"/> in <paramref name="rows"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Extract(ReadOnlySpan<ulong> rows, int rowStart, int start, int width)
    {
        int word = start >> 6, shift = start & 63;
        ulong value = rows[rowStart + word] >> shift;
        if (shift + width > 64)
        {
            value |= rows[rowStart + word + 1] << (64 - shift);
        }

        return (uint)value & Mask(width);
    }

    /// <summary>The low <paramref name="width"/> bits set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mask(int width) => width == 32 ? uint.MaxValue : (1u << width) - 1;

    public override string ToString() => Count + " chunks (" + string.Join("+", _widths) + " bits)";
}
