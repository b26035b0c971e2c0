using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HashMatch.Indexing;

/// <summary>
/// Immutable, contiguous storage of index entries: hashes as 32-byte rows (four little-endian words, bits 0..63
/// first) aligned to 64 bytes, and ids in a parallel column. The memory is either managed (pinned arrays) or a
/// memory-mapped index file — the layout is the same, so every structure works over either without a second code
/// path.
/// </summary>
internal sealed class HashStore
{
    /// <summary>ulongs per row.</summary>
    internal const int Words = 4;

    /// <summary>Bytes per row.</summary>
    internal const int RowBytes = Words * sizeof(ulong);

    /// <summary>Most rows a store holds (its rows must fit one span).</summary>
    internal const int MaxCount = int.MaxValue / Words;

    private readonly ReadOnlyMemory<ulong> _rows;
    private readonly ReadOnlyMemory<long> _ids;

    /// <summary>A store over existing memory: <paramref name="rows"/> holds <see cref="Words"/> ulongs per id.</summary>
    public HashStore(ReadOnlyMemory<ulong> rows, ReadOnlyMemory<long> ids)
    {
        if (rows.Length != (long)ids.Length * Words)
        {
            throw new ArgumentException($"{ids.Length} ids need {ids.Length * Words} row words, not {rows.Length}.", nameof(rows));
        }

        _rows = rows;
        _ids = ids;
    }

    /// <summary>An empty store.</summary>
    public static HashStore Empty { get; } = new(ReadOnlyMemory<ulong>.Empty, ReadOnlyMemory<long>.Empty);

    /// <summary>Number of rows.</summary>
    public int Count => _ids.Length;

    /// <summary>All rows, <see cref="Words"/> ulongs each.</summary>
    public ReadOnlySpan<ulong> Rows => _rows.Span;

    /// <summary>All ids, parallel to the rows.</summary>
    public ReadOnlySpan<long> Ids => _ids.Span;

    /// <summary>The rows as memory (to write them out, or to share them with another structure).</summary>
    public ReadOnlyMemory<ulong> RowMemory => _rows;

    /// <summary>The ids as memory.</summary>
    public ReadOnlyMemory<long> IdMemory => _ids;

    /// <summary>The hash in row <paramref name="row"/>.</summary>
    public PdqHash this[int row] => RowHash(Rows, row);

    /// <summary>The id of row <paramref name="row"/>.</summary>
    public long IdAt(int row) => Ids[row];

    /// <summary>The hash in row <paramref name="row"/> of <paramref name="rows"/> (for loops that hold the span).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PdqHash RowHash(ReadOnlySpan<ulong> rows, int row)
    {
        ReadOnlySpan<ulong> r = rows.Slice(row * Words, Words);
        return new PdqHash(r[0], r[1], r[2], r[3]);
    }

    /// <summary>Allocates a store of <paramref name="count"/> rows for the caller to fill before publishing it.</summary>
    public static HashStore Create(int count, out Span<ulong> rows, out Span<long> ids)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        ulong[] buffer = AllocateRows(count, out int offset);
        var idArray = new long[count];
        var store = new HashStore(new ReadOnlyMemory<ulong>(buffer, offset, count * Words), idArray);
        rows = buffer.AsSpan(offset, count * Words);
        ids = idArray;
        return store;
    }

    /// <summary>
    /// A pinned array with room for <paramref name="count"/> rows starting at a 64-byte boundary (at
    /// <paramref name="offset"/> words): pinned so the alignment computed here stays valid and prefetches may use
    /// addresses; 7 words of slack to find the aligned start.
    /// </summary>
    internal static unsafe ulong[] AllocateRows(int count, out int offset)
    {
        ulong[] buffer = GC.AllocateUninitializedArray<ulong>((count * Words) + 7, pinned: true);
        offset = (int)(((64 - ((nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer)) & 63)) & 63) / sizeof(ulong));
        return buffer;
    }

    /// <summary>A store holding <paramref name="entries"/> in order.</summary>
    public static HashStore From(ReadOnlySpan<IndexEntry> entries)
    {
        HashStore store = Create(entries.Length, out Span<ulong> rows, out Span<long> ids);
        for (int i = 0; i < entries.Length; i++)
        {
            Write(rows.Slice(i * Words, Words), entries[i].Hash);
            ids[i] = entries[i].Id;
        }

        return store;
    }

    /// <summary>Writes a hash as one row.</summary>
    public static void Write(Span<ulong> row, in PdqHash hash)
    {
        row[0] = hash.GetWord(0);
        row[1] = hash.GetWord(1);
        row[2] = hash.GetWord(2);
        row[3] = hash.GetWord(3);
    }

    /// <summary>Copies all entries, in order, into <paramref name="destination"/>.</summary>
    public void CopyEntries(Span<IndexEntry> destination)
    {
        ReadOnlySpan<ulong> rows = Rows;
        ReadOnlySpan<long> ids = Ids;
        for (int i = 0; i < ids.Length; i++)
        {
            destination[i] = new IndexEntry(RowHash(rows, i), ids[i]);
        }
    }
}
