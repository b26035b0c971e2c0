using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HashMatch.Matching;

/// <summary>
/// A column of fixed-width values collected one at a time, in chunks of about 1 MiB: growing never copies what is
/// already there (a doubling array holds its old and new copies, 1.5–3× the data, at each growth). The chunks are
/// the column's storage: an index file is written straight from them (<see cref="Pieces"/>), and only a table
/// built in memory moves them into one contiguous array (<see cref="MoveToArray"/>). A column given a
/// <see cref="ColumnSpill"/> moves each chunk that fills once the spill is active to the spill file and reuses the
/// chunk's array, so it holds one chunk of memory however long it grows.
/// </summary>
internal sealed class ColumnBuilder<T>
    where T : unmanaged
{
    /// <summary>Moves at least this large collect the chunks they released at once.</summary>
    private const long CollectAfterBytes = 32 << 20;

    /// <summary>Chunks a column holds before it prepares each next one on another core (small columns never do).</summary>
    private const int PrepareAheadAfter = 8;

    private readonly List<T[]> _chunks = []; // full chunks in memory (all of them, or those before spilling began)
    private readonly List<long> _spilled = []; // where the full chunks after those start in the spill file
    private readonly ColumnSpill? _spill;
    private readonly int _chunkLength;
    private T[]? _tail; // the chunk being filled
    private int _used; // of the tail
    private Task<T[]>? _ahead; // the next chunk, its pages already touched on another core

    /// <summary>A column whose chunks hold a whole number of groups of <paramref name="group"/> values (a row, a digest), so a group never straddles two chunks.</summary>
    public ColumnBuilder(int group = 1)
        : this(group, 1 << 20, null)
    {
    }

    /// <summary>A column that moves its full chunks to <paramref name="spill"/> while it is active.</summary>
    public ColumnBuilder(ColumnSpill spill)
        : this(1, spill.ChunkBytes, spill)
    {
    }

    private ColumnBuilder(int group, int chunkBytes, ColumnSpill? spill)
    {
        _chunkLength = Math.Max(1, chunkBytes / Unsafe.SizeOf<T>() / group) * group;
        _used = _chunkLength; // "full" before the first chunk
        _spill = spill;
    }

    /// <summary>Values collected.</summary>
    public long Count { get; private set; }

    /// <summary>Values per chunk (a multiple of the group size).</summary>
    public int ChunkLength => _chunkLength;

    /// <summary>The values, chunk by chunk, of a column that never spilled (valid until the builder changes): for columns read more than once or at random.</summary>
    public IReadOnlyList<ReadOnlyMemory<T>> Segments
    {
        get
        {
            if (_spilled.Count != 0)
            {
                throw new InvalidOperationException("The column spilled: read it with Pieces.");
            }

            var segments = new List<ReadOnlyMemory<T>>(_chunks.Count + 1);
            segments.AddRange(_chunks.Select(chunk => new ReadOnlyMemory<T>(chunk)));
            if (_tail is not null)
            {
                segments.Add(new ReadOnlyMemory<T>(_tail, 0, _used));
            }

            return segments;
        }
    }

    /// <summary>
    /// The values in order, one piece at a time, for writing once: chunks in memory as they are, spilled chunks read
    /// back into one buffer (each piece is valid until the next is asked for).
    /// </summary>
    public IEnumerable<ReadOnlyMemory<T>> Pieces()
    {
        foreach (T[] chunk in _chunks)
        {
            yield return chunk;
        }

        if (_spilled.Count != 0)
        {
            T[] buffer = GC.AllocateUninitializedArray<T>(_chunkLength);
            foreach (long offset in _spilled)
            {
                _spill!.Read(offset, MemoryMarshal.AsBytes(buffer.AsSpan()));
                yield return buffer;
            }
        }

        if (_tail is not null)
        {
            yield return new ReadOnlyMemory<T>(_tail, 0, _used);
        }
    }

    /// <summary>Appends one value.</summary>
    public void Add(T value)
    {
        if (_used == _chunkLength)
        {
            NextChunk();
        }

        _tail![_used++] = value;
        Count++;
    }

    /// <summary>Appends values.</summary>
    public void Add(ReadOnlySpan<T> values)
    {
        while (!values.IsEmpty)
        {
            if (_used == _chunkLength)
            {
                NextChunk();
            }

            int take = Math.Min(values.Length, _chunkLength - _used);
            values[..take].CopyTo(_tail.AsSpan(_used));
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
            _chunks[c].CopyTo(destination[at..]);
            at += _chunkLength;
            _chunks[c] = [];
        }

        foreach (long offset in _spilled)
        {
            _spill!.Read(offset, MemoryMarshal.AsBytes(destination.Slice(at, _chunkLength)));
            at += _chunkLength;
        }

        if (_tail is not null)
        {
            _tail.AsSpan(0, _used).CopyTo(destination[at..]);
        }

        _chunks.Clear();
        _spilled.Clear();
        _tail = null;
        _ahead = null;
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

    /// <summary>Starts a new tail: the full one is kept, or written to the spill and its array reused.</summary>
    private void NextChunk()
    {
        if (_tail is null)
        {
            _tail = NewChunk();
        }
        else if (_spill is { Active: true })
        {
            _spilled.Add(_spill.Append(MemoryMarshal.AsBytes(_tail.AsSpan())));
        }
        else
        {
            if (_spilled.Count != 0)
            {
                throw new InvalidOperationException("A column cannot keep chunks in memory after spilling.");
            }

            _chunks.Add(_tail);
            _tail = NewChunk();
        }

        _used = 0;
    }

    /// <summary>
    /// A chunk to fill. Past the first few, the next one is allocated and its pages touched by a thread-pool thread
    /// while this one fills: the first write to each fresh page is a page fault, which in a virtual machine costs
    /// microseconds, and a column of 3.2 GB of PDQ rows has 800,000 of them — work the other core can do while the
    /// list is being read on this one.
    /// </summary>
    private T[] NewChunk()
    {
        T[] chunk = _ahead is { } ahead ? ahead.GetAwaiter().GetResult() : GC.AllocateUninitializedArray<T>(_chunkLength);
        int length = _chunkLength;
        _ahead = _chunks.Count >= PrepareAheadAfter ? Task.Run(() => Touched(length)) : null;
        return chunk;
    }

    private static T[] Touched(int length)
    {
        T[] chunk = GC.AllocateUninitializedArray<T>(length);
        Span<byte> bytes = MemoryMarshal.AsBytes(chunk.AsSpan());
        int page = Environment.SystemPageSize;
        for (int at = 0; at < bytes.Length; at += page)
        {
            bytes[at] = 0;
        }

        return chunk;
    }
}
