using System.Runtime.CompilerServices;

namespace HashMatch.Matching;

/// <summary>
/// A column of fixed-width values collected one at a time, in 1 MiB chunks: growing never copies what is already
/// there (a doubling array would hold its old and new copies, 1.5–3× the data, at each growth), and moving the values
/// into their final contiguous array releases each chunk as soon as it is copied, so the peak is the data plus one
/// chunk.
/// </summary>
internal sealed class ColumnBuilder<T>
    where T : unmanaged
{
    private static readonly int ChunkLength = (1 << 20) / Unsafe.SizeOf<T>();

    private readonly List<T[]> _chunks = [];
    private int _used = ChunkLength; // of the last chunk; "full" before the first

    /// <summary>Values collected.</summary>
    public long Count { get; private set; }

    /// <summary>Appends one value.</summary>
    public void Add(T value)
    {
        if (_used == ChunkLength)
        {
            _chunks.Add(GC.AllocateUninitializedArray<T>(ChunkLength));
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
            if (_used == ChunkLength)
            {
                _chunks.Add(GC.AllocateUninitializedArray<T>(ChunkLength));
                _used = 0;
            }

            int take = Math.Min(values.Length, ChunkLength - _used);
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
            int length = c == _chunks.Count - 1 ? _used : ChunkLength;
            _chunks[c].AsSpan(0, length).CopyTo(destination[at..]);
            at += length;
            _chunks[c] = [];
        }

        _chunks.Clear();
        _used = ChunkLength;
        Count = 0;
    }

    /// <summary>Moves every value into a new array, emptying the builder.</summary>
    public T[] MoveToArray()
    {
        T[] array = GC.AllocateUninitializedArray<T>(checked((int)Count));
        MoveTo(array);
        return array;
    }
}
