namespace HashMatch.Indexing;

/// <summary>Keeps the k best (distance, id) pairs seen so far, for exact k-nearest queries.</summary>
internal sealed class NearestCollector
{
    // Max-heap on (distance, id): the root is the worst kept entry, replaced when something better arrives.
    private readonly IndexMatch[] _heap;
    private int _count;

    public NearestCollector(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        _heap = new IndexMatch[k];
    }

    /// <summary>Entries farther than this cannot enter any more: the worst kept distance once full, else 256 (−1 for k = 0).</summary>
    public int Bound => _heap.Length == 0 ? -1 : _count < _heap.Length ? PdqHash.BitLength : _heap[0].Distance;

    /// <summary>k: how many entries the collector keeps at most.</summary>
    public int Capacity => _heap.Length;

    /// <summary>Number of entries kept.</summary>
    public int Count => _count;

    /// <summary>Considers one entry.</summary>
    public void Offer(long id, int distance)
    {
        var candidate = new IndexMatch(id, distance);
        if (_count < _heap.Length)
        {
            _heap[_count] = candidate;
            SiftUp(_count++);
        }
        else if (_heap.Length > 0 && candidate.CompareTo(_heap[0]) < 0)
        {
            _heap[0] = candidate;
            SiftDown(0);
        }
    }

    /// <summary>Appends the kept entries to <paramref name="results"/>, best first.</summary>
    public void CopySortedTo(List<IndexMatch> results)
    {
        int start = results.Count;
        results.AddRange(_heap.AsSpan(0, _count));
        results.Sort(start, _count, Comparer<IndexMatch>.Default);
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (_heap[i].CompareTo(_heap[parent]) <= 0)
            {
                return;
            }

            (_heap[i], _heap[parent]) = (_heap[parent], _heap[i]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int largest = i, left = (2 * i) + 1, right = left + 1;
            if (left < _count && _heap[left].CompareTo(_heap[largest]) > 0)
            {
                largest = left;
            }

            if (right < _count && _heap[right].CompareTo(_heap[largest]) > 0)
            {
                largest = right;
            }

            if (largest == i)
            {
                return;
            }

            (_heap[i], _heap[largest]) = (_heap[largest], _heap[i]);
            i = largest;
        }
    }
}
