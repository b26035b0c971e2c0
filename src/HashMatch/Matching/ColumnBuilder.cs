using System.Runtime.CompilerServices;

namespace HashMatch.Matching;

/// <summary>
/// A column of fixed-width values collected one at a time, in chunks of about 1 MiB: growing never copies what is
/// already there (a doubling array holds its old and new copies, 1.5–3× the data, at each growth). The chunks are
/// the column's storage: an index file is written straight from them (<see cref="Segments"/>), and only a table
/// built in memory moves them into one contiguous array (<see cref="MoveToArray"/>).
/// </summary>
internal sealed class ColumnBuilder<T>
    where T : unmanaged
{
    /// <summary>Moves at least this large collect the chunks they released at once.</summary>
    private const long CollectAfterBytes = 32 << 20;

    private readonly List<T[]> _chunks = [];
    private readonly int _chunkLength;
    private int _used; // of the last chunk

    /// <summary>A column whose chunks hold a whole number of groups of <paramref name="group"/> values (a row, a digest), so a group never straddles two chunks.</summary>
    public ColumnBuilder(int group = 1)
    {
        _chunkLength = Math.Max(1, (1 << 20) / Unsafe.SizeOf<T>() / group) * group;
        _used = _chunkLength; // "full" before the first chunk
    }

    /// <summary>Values collected.</summary>
    public long Count { get; private set; }

    /// <summary>Values per chunk (a multiple of the group size).</summary>
    public int ChunkLength => _chunkLength;

    /// <summary>The values, chunk by chunk (valid until the builder changes).</summary>
    public IReadOnlyList<ReadOnlyMemory<T>> Segments =>
        [.. _chunks.Select((chunk, c) => new ReadOnlyMemory<T>(chunk, 0, c == _chunks.Count - 1 ? _used : _chunkLength))];

    /// <summary>Appends one value.</summary>
    public void Add(T value)
    {
        if (_used == _chunkLength)
        {
            _chunks.Add(GC.AllocateUninitializedArray<T>(_chunkLength));
            _used = 0;
        }

        _chunks[^1][_used++] = value;
        Count++;
    }

    /// <summary>Appends values.</summary>
    public void Add(ReadOnlySpan<T> values)
    {
        while (!values.IsEmpty)
        {
            if (_used == _chunkLength)
            {
                _chunks.Add(GC.AllocateUninitializedArray<T>(_chunkLength));
                _used = 0;
            }

            int take = Math.Min(values.Length, _chunkLength - _used);
            values[..take].CopyTo(_chunks[^1].AsSpan(_used));
            _used += take;
            Count += take;
            values = values[take..];
        }
    }

    /// <summary>Moves every value into <paramref name="destination"/> (exactly <see cref="Count"/> long), emptying the builder.</summary>
    public void MoveTo(Span<T> destination)
    {
        if (destination.Length != Count)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values, not {Count}.", nameof(destination));
        }

        int at = 0;
        for (int c = 0; c < _chunks.Count; c++)
        {
            int length = c == _chunks.Count - 1 ? _used : _chunkLength;
            _chunks[c].AsSpan(0, length).CopyTo(destination[at..]);
            at += length;
            _chunks[c] = [];
        }

        _chunks.Clear();
        _used = _chunkLength;
        Count = 0;

        // The released chunks are large objects, reclaimed only by a full collection: without one, a build moving
        // column after column keeps every column twice until the runtime gets round to it. The heap holds few
        // references (these are arrays of numbers), so a full collection costs milliseconds.
        if ((long)destination.Length * Unsafe.SizeOf<T>() >= CollectAfterBytes)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        }
    }

    /// <summary>Moves every value into a new array, emptying the builder.</summary>
    public T[] MoveToArray()
    {
        T[] array = GC.AllocateUninitializedArray<T>(checked((int)Count));
        MoveTo(array);
        return array;
    }
}
