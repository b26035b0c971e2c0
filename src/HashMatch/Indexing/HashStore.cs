using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HashMatch.Indexing;

/// <summary>
/// Immutable, contiguous storage of index entries: hashes as 32-byte rows (four little-endian words, bits 0..63
/// first) aligned to 64 bytes, and ids in a parallel array. This is also the layout of the hash block in the index
/// file, so a file can be read straight into it.
/// </summary>
internal sealed class HashStore
{
    /// <summary>ulongs per row.</summary>
    internal const int Words = 4;

    private readonly ulong[] _buffer;
    private readonly int _offset;
    private readonly long[] _ids;

    private HashStore(ulong[] buffer, int offset, long[] ids)
    {
        _buffer = buffer;
        _offset = offset;
        _ids = ids;
    }

    /// <summary>An empty store.</summary>
    public static HashStore Empty { get; } = Create(0, out _, out _);

    /// <summary>Number of rows.</summary>
    public int Count => _ids.Length;

    /// <summary>All rows, <see cref="Words"/> ulongs each.</summary>
    public ReadOnlySpan<ulong> Rows => _buffer.AsSpan(_offset, Count * Words);

    /// <summary>All ids, parallel to the rows.</summary>
    public ReadOnlySpan<long> Ids => _ids;

    /// <summary>The hash in row <paramref name="row"/>.</summary>
    public PdqHash this[int row]
    {
        get
        {
            ReadOnlySpan<ulong> r = Rows.Slice(row * Words, Words);
            return new PdqHash(r[0], r[1], r[2], r[3]);
        }
    }

    /// <summary>The id of row <paramref name="row"/>.</summary>
    public long IdAt(int row) => _ids[row];

    /// <summary>Allocates a store of <paramref name="count"/> rows for the caller to fill before publishing it.</summary>
    public static unsafe HashStore Create(int count, out Span<ulong> rows, out Span<long> ids)
    {
        // Pinned so the 64-byte alignment computed here stays valid; over-allocate 7 words to find an aligned start.
        ulong[] buffer = GC.AllocateUninitializedArray<ulong>((count * Words) + 7, pinned: true);
        int offset = (int)(((64 - ((nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer)) & 63)) & 63) / sizeof(ulong));
        var idArray = new long[count];
        var store = new HashStore(buffer, offset, idArray);
        rows = buffer.AsSpan(offset, count * Words);
        ids = idArray;
        return store;
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
        for (int i = 0; i < Count; i++)
        {
            destination[i] = new IndexEntry(this[i], _ids[i]);
        }
    }

    /// <summary>Copies the entries of the rows for which <paramref name="keep"/> holds, in order, into <paramref name="destination"/>.</summary>
    public void CopyEntries(List<IndexEntry> destination, Func<long, bool> keep)
    {
        for (int i = 0; i < Count; i++)
        {
            if (keep(_ids[i]))
            {
                destination.Add(new IndexEntry(this[i], _ids[i]));
            }
        }
    }
}
