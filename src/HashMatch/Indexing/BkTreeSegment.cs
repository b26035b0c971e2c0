using System.Buffers;
using System.Runtime.CompilerServices;

namespace HashMatch.Indexing;

/// <summary>
/// A BK-tree (Burkhard and Keller, "Some approaches to best-match file searching", CACM 1973) over the Hamming
/// metric, in flat arrays rather than one object per node.
/// </summary>
/// <remarks>
/// <para>
/// Each node is one distinct hash (rows with the identical hash are its members); its children are the subtrees
/// of rows at each exact distance from it. A query at distance d from a node can only match below children whose
/// edge lies in [d − r, d + r] (triangle inequality), so it skips the others.
/// </para>
/// <para>
/// Built breadth-first by bucketing (counting sort of distances to the pivot), so children of a node are
/// consecutive nodes sorted by edge and no recursion is needed however skewed the data is. It pays only at small
/// radii: random 256-bit hashes sit around distance 128 ± 8 from each other, so at r = 31 a query still visits
/// most nodes (docs/hash-index.md).
/// </para>
/// </remarks>
internal sealed class BkTreeSegment : IndexSegment
{
    private readonly int[] _members;      // rows grouped by node: node n owns _members[_memberStart[n] .. + _memberCount[n]]
    private readonly int[] _memberStart;
    private readonly int[] _memberCount;
    private readonly int[] _childStart;   // children of node n: nodes _childStart[n] .. + _childCount[n], edges ascending
    private readonly int[] _childCount;
    private readonly ushort[] _edge;      // distance from the parent's hash
    private readonly PdqHash[] _nodeHashes; // each node's hash, in node order: siblings sit side by side in memory
    private readonly int _nodeCount;

    public BkTreeSegment(HashStore store)
        : base(store)
    {
        int n = store.Count;
        _members = new int[n];
        _memberStart = new int[n];
        _memberCount = new int[n];
        _childStart = new int[n];
        _childCount = new int[n];
        _edge = new ushort[n];
        _nodeCount = n == 0 ? 0 : Build(store);

        // A query reads the hash of every node it visits; taking it from the store would be a random access per
        // node (through the member list), while here a node's children are consecutive.
        _nodeHashes = new PdqHash[_nodeCount];
        for (int node = 0; node < _nodeCount; node++)
        {
            _nodeHashes[node] = store[_members[_memberStart[node]]];
        }
    }

    protected override long StructureBytes =>
        ((long)_members.Length * ((5 * sizeof(int)) + sizeof(ushort))) + ((long)_nodeHashes.Length * PdqHash.ByteLength);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NodeDistance(in PdqHash query, int node) => PdqHash.HammingDistance(query, _nodeHashes[node]);

    private int Build(HashStore store)
    {
        int n = store.Count;
        int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        int[] scratch = new int[n];
        int[] distances = new int[n];
        Span<int> bucketStart = stackalloc int[PdqHash.BitLength + 2];

        // Work items are ranges of `order` that form one subtree; FIFO order gives each node's children consecutive ids.
        var queue = new Queue<(int Low, int High, ushort Edge)>();
        queue.Enqueue((0, n, 0));
        int nodes = 0;
        while (queue.Count > 0)
        {
            var (low, high, edge) = queue.Dequeue();
            int node = nodes++;
            PdqHash pivot = store[order[low]];

            bucketStart.Clear();
            for (int i = low; i < high; i++)
            {
                int d = PdqHash.HammingDistance(pivot, store[order[i]]);
                distances[i] = d;
                bucketStart[d + 1]++;
            }

            for (int d = 1; d < bucketStart.Length; d++)
            {
                bucketStart[d] += bucketStart[d - 1];
            }

            // Counting sort of the range by distance to the pivot (stable, so members keep insertion order).
            for (int i = low; i < high; i++)
            {
                scratch[low + bucketStart[distances[i]]++] = order[i];
            }

            scratch.AsSpan(low, high - low).CopyTo(order.AsSpan(low));

            // After the pass bucketStart[d] is the end of bucket d; bucket 0 (identical hashes) is the node itself.
            int membersEnd = low + bucketStart[0];
            _memberStart[node] = low;
            _memberCount[node] = membersEnd - low;
            _edge[node] = edge;
            _childStart[node] = nodes + queue.Count;
            int children = 0, start = membersEnd;
            for (int d = 1; d <= PdqHash.BitLength; d++)
            {
                int end = low + bucketStart[d];
                if (end > start)
                {
                    queue.Enqueue((start, end, (ushort)d));
                    children++;
                }

                start = end;
            }

            _childCount[node] = children;
        }

        order.CopyTo(_members, 0);
        return nodes;
    }

    public override void Search(in PdqHash query, int maxDistance, List<IndexMatch> results) =>
        Traverse(query, new ListSink(results, maxDistance));

    public override void Nearest(in PdqHash query, NearestCollector collector) =>
        Traverse(query, new NearestSink(collector));

    /// <summary>
    /// Depth-first walk with an explicit stack. A node's hits go to the sink; then only children whose edge lies in
    /// [d − radius, d + radius] are pushed, with the radius read after the hits (k-nearest shrinks it). A shrinking
    /// radius only ever prunes more, so nodes pushed earlier never need re-checking.
    /// </summary>
    private void Traverse<TSink>(in PdqHash query, TSink sink)
        where TSink : struct, IHitSink
    {
        if (_nodeCount == 0 || sink.Radius < 0)
        {
            return;
        }

        int[] stack = ArrayPool<int>.Shared.Rent(Math.Min(_nodeCount, 1 << 16));
        try
        {
            int top = 0;
            stack[top++] = 0;
            while (top > 0)
            {
                int node = stack[--top];
                int d = NodeDistance(query, node);
                if (d <= sink.Radius)
                {
                    for (int m = 0; m < _memberCount[node]; m++)
                    {
                        sink.Add(Store.IdAt(_members[_memberStart[node] + m]), d);
                    }
                }

                int radius = sink.Radius;
                int first = _childStart[node], end = first + _childCount[node];
                for (int c = LowerBound(first, end, d - radius); c < end && _edge[c] <= d + radius; c++)
                {
                    if (top == stack.Length)
                    {
                        stack = Grow(stack);
                    }

                    stack[top++] = c;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(stack);
        }
    }

    /// <summary>First child in [first, end) whose edge is at least <paramref name="edge"/> (edges ascend).</summary>
    private int LowerBound(int first, int end, int edge)
    {
        while (first < end)
        {
            int mid = (first + end) >>> 1;
            if (_edge[mid] < edge)
            {
                first = mid + 1;
            }
            else
            {
                end = mid;
            }
        }

        return first;
    }

    private static int[] Grow(int[] stack)
    {
        int[] larger = ArrayPool<int>.Shared.Rent(stack.Length * 2);
        stack.CopyTo(larger, 0);
        ArrayPool<int>.Shared.Return(stack);
        return larger;
    }
}
