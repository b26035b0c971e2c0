namespace HashMatch.Indexing;

/// <summary>
/// The rows added to an index since its main structure was built, appended in place: one writer appends behind the
/// rows already published, and every snapshot sees a prefix of the buffer (its own count), so an addition costs
/// the copy of the new rows only — amortised O(1) per row — instead of a copy of the whole pending delta.
/// </summary>
/// <remarks>
/// Published rows are never written again. When the buffer is full, the writer moves to a buffer twice the size;
/// snapshots taken before keep the old one, whose prefix stays valid. Only the index's writer (under its lock)
/// calls <see cref="Append"/>; readers reach the rows only through the <see cref="HashStore"/> views it returns,
/// published by the index's volatile snapshot write after the rows are in place.
/// </remarks>
internal sealed class DeltaBuffer
{
    private ulong[] _rows;
    private int _rowOffset;
    private long[] _ids;

    public DeltaBuffer(int capacity = 0)
    {
        _rows = HashStore.AllocateRows(capacity, out _rowOffset);
        _ids = new long[capacity];
    }

    /// <summary>Rows appended so far.</summary>
    public int Count { get; private set; }

    /// <summary>Appends <paramref name="entries"/> and returns a view of every row appended so far.</summary>
    public HashStore Append(ReadOnlySpan<IndexEntry> entries)
    {
        int needed = Count + entries.Length;
        if (needed > _ids.Length)
        {
            Grow(Math.Max(needed, Math.Min(HashStore.MaxCount, Math.Max(64, _ids.Length * 2))));
        }

        Span<ulong> rows = _rows.AsSpan(_rowOffset + (Count * HashStore.Words), entries.Length * HashStore.Words);
        for (int i = 0; i < entries.Length; i++)
        {
            HashStore.Write(rows.Slice(i * HashStore.Words, HashStore.Words), entries[i].Hash);
            _ids[Count + i] = entries[i].Id;
        }

        Count = needed;
        return new HashStore(new ReadOnlyMemory<ulong>(_rows, _rowOffset, Count * HashStore.Words), new ReadOnlyMemory<long>(_ids, 0, Count));
    }

    private void Grow(int capacity)
    {
        ulong[] rows = HashStore.AllocateRows(capacity, out int offset);
        var ids = new long[capacity];
        _rows.AsSpan(_rowOffset, Count * HashStore.Words).CopyTo(rows.AsSpan(offset));
        _ids.AsSpan(0, Count).CopyTo(ids);
        (_rows, _rowOffset, _ids) = (rows, offset, ids);
    }
}
