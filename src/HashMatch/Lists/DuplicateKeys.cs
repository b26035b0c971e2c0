using System.Runtime.InteropServices;

namespace HashMatch.Lists;

/// <summary>
/// Finds repeated hashes in a stream of (128-bit key, line) pairs without a dictionary of every hash: pairs go into
/// fixed chunks of 2²⁰ that are sorted as they fill (20 bytes a pair), and the sorted chunks are merged at the end —
/// 200 MB for 10 million hashes where a <c>Dictionary&lt;PdqHash, int&gt;</c> plus the entries took gigabytes.
/// </summary>
internal sealed class DuplicateKeys
{
    private const int ChunkLength = 1 << 20;
    private const int FirstChunkLength = 1 << 10;

    private readonly List<KeyLine[]> _full = [];
    private KeyLine[]? _current;
    private int _count;

    /// <summary>Adds the key of a hash on <paramref name="line"/>; lines must come in increasing order.</summary>
    public void Add(UInt128 key, int line)
    {
        // The chunk grows to its full length by doubling, so a list of a few hashes does not cost a full 20 MB chunk
        // per hash kind (linting a two-line list allocated 21 MB before; found by the mutation fuzz test).
        if (_current is null)
        {
            _current = new KeyLine[FirstChunkLength];
        }
        else if (_count == _current.Length)
        {
            Array.Resize(ref _current, _current.Length * 2);
        }

        _current[_count++] = new KeyLine((ulong)(key >> 64), (ulong)key, line);
        if (_count == ChunkLength)
        {
            _current.AsSpan().Sort(default(KeyOrder));
            _full.Add(_current);
            _current = null;
            _count = 0;
        }
    }

    /// <summary>Every line whose key an earlier line had, with that first line; in line order. Frees the pairs.</summary>
    public List<(int Line, int First)> Repeats()
    {
        var chunks = new List<ArraySegment<KeyLine>>(_full.Select(c => new ArraySegment<KeyLine>(c)));
        if (_count > 0)
        {
            _current.AsSpan(0, _count).Sort(default(KeyOrder));
            chunks.Add(new ArraySegment<KeyLine>(_current!, 0, _count));
        }

        var repeats = new List<(int Line, int First)>();
        var queue = new PriorityQueue<int, KeyLine>(chunks.Count, default(KeyOrder));
        var positions = new int[chunks.Count];
        for (int c = 0; c < chunks.Count; c++)
        {
            queue.Enqueue(c, chunks[c][0]);
        }

        // Chunks hold consecutive lines, so equal keys leave the merge in line order: the first is the original.
        bool any = false;
        KeyLine group = default;
        while (queue.TryDequeue(out int c, out KeyLine pair))
        {
            if (any && pair.High == group.High && pair.Low == group.Low)
            {
                repeats.Add((pair.Line, group.Line));
            }
            else
            {
                group = pair;
                any = true;
            }

            if (++positions[c] < chunks[c].Count)
            {
                queue.Enqueue(c, chunks[c][positions[c]]);
            }
        }

        _full.Clear();
        _current = null;
        _count = 0;
        repeats.Sort();
        return repeats;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private readonly record struct KeyLine(ulong High, ulong Low, int Line);

    private readonly struct KeyOrder : IComparer<KeyLine>
    {
        public int Compare(KeyLine x, KeyLine y)
        {
            int c = x.High.CompareTo(y.High);
            c = c != 0 ? c : x.Low.CompareTo(y.Low);
            return c != 0 ? c : x.Line.CompareTo(y.Line);
        }
    }
}
