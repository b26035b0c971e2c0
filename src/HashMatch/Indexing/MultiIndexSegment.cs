using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace HashMatch.Indexing;

/// <summary>
/// Multi-index hashing (M. Norouzi, A. Punjani, D. J. Fleet, "Fast Search in Hamming Space with Multi-Index
/// Hashing", CVPR 2012): the 256 bits are split into m chunks, each indexed in its own table; a query probes, in
/// each table, every chunk value within a small radius of its own chunk, then verifies candidates with the full
/// distance. Exact by the pigeonhole principle.
/// </summary>
/// <remarks>
/// <para>
/// Radii: with r = m·s + a (0 ≤ a &lt; m), any hash within r of the query has a chunk among the first a + 1 within s,
/// or a chunk among the rest within s − 1 (otherwise the total would be at least (a+1)(s+1) + (m−a−1)s = r + 1).
/// </para>
/// <para>
/// Tables are flat arrays, never hash maps: 16-bit chunks use a direct-addressed table (65,537 offsets into a row
/// list sorted by chunk value, i.e. counting sort); 32-bit chunks use rows sorted by chunk value with a directory on
/// the top 16 bits narrowing each probe to a short binary search.
/// </para>
/// </remarks>
internal sealed class MultiIndexSegment : IndexSegment
{
    private const int DirectoryBits = 16;

    /// <summary>Offsets per chunk table: one per directory value, plus the end.</summary>
    internal const int OffsetCount = (1 << DirectoryBits) + 1;

    private readonly int _chunkBits;
    private readonly int _chunks;
    private readonly ReadOnlyMemory<int>[] _offsets;   // per chunk: 2^16 + 1 offsets (directory for 32-bit chunks)
    private readonly ReadOnlyMemory<int>[] _rows;      // per chunk: rows sorted by chunk value
    private readonly ReadOnlyMemory<uint>[]? _keys;    // per chunk, 32-bit chunks only: the sorted chunk values

    /// <summary>Builds the tables of <paramref name="store"/> with chunks of <paramref name="chunkBits"/> bits.</summary>
    public MultiIndexSegment(HashStore store, int chunkBits)
        : base(store)
    {
        _chunkBits = CheckedChunkBits(chunkBits);
        _chunks = PdqHash.BitLength / chunkBits;
        _offsets = new ReadOnlyMemory<int>[_chunks];
        _rows = new ReadOnlyMemory<int>[_chunks];
        _keys = chunkBits == 32 ? new ReadOnlyMemory<uint>[_chunks] : null;
        int[] cursors = new int[OffsetCount];
        for (int c = 0; c < _chunks; c++)
        {
            var offsets = new int[OffsetCount];
            var rows = new int[store.Count];
            uint[] keys = _keys is null ? [] : new uint[store.Count];
            BuildTable([store.RowMemory], chunkBits, c, offsets, rows, keys, cursors);
            _offsets[c] = offsets;
            _rows[c] = rows;
            if (_keys is not null)
            {
                _keys[c] = keys;
            }
        }
    }

    /// <summary>
    /// A segment over tables built before (read from an index file): per chunk <see cref="OffsetCount"/> offsets, the
    /// rows sorted by chunk value and, for 32-bit chunks, the sorted chunk values. Checks what a query relies on to
    /// stay inside the tables (offsets ascending from 0 to the row count, every row number in range) and reports a
    /// violation through <paramref name="corrupt"/>, which must throw.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per load: skip tier 0
    public MultiIndexSegment(HashStore store, int chunkBits, ReadOnlyMemory<int>[] offsets, ReadOnlyMemory<int>[] rows, ReadOnlyMemory<uint>[]? keys, Func<string, Exception> corrupt)
        : base(store)
    {
        _chunkBits = CheckedChunkBits(chunkBits);
        _chunks = PdqHash.BitLength / chunkBits;
        if (offsets.Length != _chunks || rows.Length != _chunks || (chunkBits == 32) != (keys is not null) || (keys is not null && keys.Length != _chunks))
        {
            throw corrupt($"multi-index tables for {_chunks} chunks are incomplete");
        }

        int n = store.Count;
        for (int c = 0; c < _chunks; c++)
        {
            ReadOnlySpan<int> o = offsets[c].Span;
            if (o.Length != OffsetCount || o[0] != 0 || o[^1] != n)
            {
                throw corrupt($"multi-index chunk {c}: the offsets do not run from 0 to {n:N0}");
            }

            for (int k = 1; k < o.Length; k++)
            {
                if (o[k] < o[k - 1])
                {
                    throw corrupt($"multi-index chunk {c}: offsets descend at {k}");
                }
            }

            if (rows[c].Length != n || (n > 0 && rows[c].Span.ContainsAnyExceptInRange(0, n - 1)) || (keys is not null && keys[c].Length != n))
            {
                throw corrupt($"multi-index chunk {c}: the row table does not hold {n:N0} rows in range");
            }
        }

        _offsets = offsets;
        _rows = rows;
        _keys = keys;
    }

    /// <summary>Bits per chunk (16 or 32).</summary>
    public int ChunkBits => _chunkBits;

    /// <summary>Chunk <paramref name="chunk"/>'s offsets (to write them to a file).</summary>
    public ReadOnlyMemory<int> Offsets(int chunk) => _offsets[chunk];

    /// <summary>Chunk <paramref name="chunk"/>'s rows sorted by chunk value.</summary>
    public ReadOnlyMemory<int> SortedRows(int chunk) => _rows[chunk];

    /// <summary>Chunk <paramref name="chunk"/>'s sorted chunk values (32-bit chunks; empty for 16-bit).</summary>
    public ReadOnlyMemory<uint> SortedKeys(int chunk) => _keys is null ? ReadOnlyMemory<uint>.Empty : _keys[chunk];

    protected override long StructureBytes =>
        _offsets.Sum(o => 4L * o.Length) + _rows.Sum(r => 4L * r.Length) + (_keys?.Sum(k => 4L * k.Length) ?? 0);

    /// <summary>
    /// Builds chunk <paramref name="chunk"/>'s table over the rows (given in pieces of whole rows, so a file writer
    /// can build from the pieces it collected, without one contiguous copy) into caller-provided memory — one table
    /// at a time into reused buffers: <paramref name="offsets"/> (<see cref="OffsetCount"/>),
    /// <paramref name="sortedRows"/> (one per row), <paramref name="sortedKeys"/> (one per row for 32-bit chunks, else
    /// empty) and <paramref name="cursors"/> (<see cref="OffsetCount"/> scratch ints).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BuildTable(IReadOnlyList<ReadOnlyMemory<ulong>> rowSegments, int chunkBits, int chunk, Span<int> offsets, Span<int> sortedRows, Span<uint> sortedKeys, Span<int> cursors)
    {
        int bit = chunk * chunkBits, word = bit >> 6, bitInWord = bit & 63;
        int shift = chunkBits - DirectoryBits;
        uint mask = chunkBits == 32 ? uint.MaxValue : 0xFFFF;

        // Counting sort on the top 16 bits (the whole key for 16-bit chunks) gives the offsets directly; the key is
        // read from the row twice rather than kept, which saves a 4-byte-per-row array.
        offsets.Clear();
        foreach (ReadOnlyMemory<ulong> segment in rowSegments)
        {
            ReadOnlySpan<ulong> rows = segment.Span;
            for (int at = word; at < rows.Length; at += HashStore.Words)
            {
                uint key = (uint)(rows[at] >> bitInWord) & mask;
                offsets[(int)(key >> shift) + 1]++;
            }
        }

        for (int k = 1; k < OffsetCount; k++)
        {
            offsets[k] += offsets[k - 1];
        }

        offsets[..^1].CopyTo(cursors);
        bool withKeys = chunkBits == 32;
        int row = 0;
        foreach (ReadOnlyMemory<ulong> segment in rowSegments)
        {
            ReadOnlySpan<ulong> rows = segment.Span;
            for (int at = word; at < rows.Length; at += HashStore.Words, row++)
            {
                uint key = (uint)(rows[at] >> bitInWord) & mask;
                int slot = cursors[(int)(key >> shift)]++;
                sortedRows[slot] = row;
                if (withKeys)
                {
                    sortedKeys[slot] = key;
                }
            }
        }

        if (withKeys)
        {
            // Within each directory bucket, order by the low bits too (buckets are short: n / 65,536 on average).
            for (int b = 0; b < OffsetCount - 1; b++)
            {
                int length = offsets[b + 1] - offsets[b];
                if (length > 1)
                {
                    sortedKeys.Slice(offsets[b], length).Sort(sortedRows.Slice(offsets[b], length));
                }
            }
        }
    }

    private static int CheckedChunkBits(int chunkBits) =>
        chunkBits is 16 or 32 ? chunkBits : throw new ArgumentOutOfRangeException(nameof(chunkBits), chunkBits, "Chunks are 16 or 32 bits.");

    /// <summary>Chunk <paramref name="chunk"/> of a hash: bits [chunk·w, (chunk + 1)·w).</summary>
    private uint ChunkOf(in PdqHash hash, int chunk)
    {
        int bit = chunk * _chunkBits;
        ulong word = hash.GetWord(bit >> 6) >> (bit & 63);
        return _chunkBits == 32 ? (uint)word : (uint)(word & 0xFFFF);
    }

    /// <summary>Chunk values probed for radius r: Σ_c C(w, ≤ radius_c). Used to decide when a scan is cheaper.</summary>
    public double ProbeCount(int maxDistance)
    {
        double probes = 0;
        for (int c = 0; c < _chunks; c++)
        {
            int radius = ChunkRadius(maxDistance, c);
            for (int j = 0; j <= radius; j++)
            {
                probes += Binomial(_chunkBits, j);
            }
        }

        return probes;
    }

    /// <summary>
    /// Estimated cost of a table search at radius r relative to a full scan, counting a probe as
    /// <see cref="ProbeCostInRows"/> scanned rows and a candidate (random access) as <see cref="VerifyCostInRows"/>,
    /// with candidates estimated for uniformly spread chunk values. At 1 or above the segment scans instead.
    /// </summary>
    public double CostRelativeToScan(int maxDistance)
    {
        double probes = ProbeCount(maxDistance);
        double candidates = probes * Store.Count / Math.Pow(2, _chunkBits);
        return ((probes * ProbeCostInRows) + (candidates * VerifyCostInRows)) / Math.Max(1, Store.Count);
    }

    /// <summary>
    /// A probe (enumerating a chunk value, directory lookup, binary search) costs about as much as scanning this many
    /// rows. Calibrated on IndexQueryBenchmarks (scan ≈ 1.5 ns per row): 272 probes of 16-bit chunks took about
    /// 2.2 µs at 10k entries and r = 31, where candidates are few.
    /// </summary>
    private const double ProbeCostInRows = 5;

    /// <summary>
    /// Verifying a candidate (a random access into the rows) costs about this many sequentially scanned rows:
    /// 167k candidates took about 5 ms at 1M entries and r = 63, about 30 ns each.
    /// </summary>
    private const double VerifyCostInRows = 20;

    private int ChunkRadius(int maxDistance, int chunk)
    {
        int s = maxDistance / _chunks, a = maxDistance % _chunks;
        return chunk <= a ? s : s - 1;
    }

    public override void Search(in PdqHash query, int maxDistance, List<IndexMatch> results)
    {
        if (maxDistance < 0 || Store.Count == 0)
        {
            return;
        }

        if (CostRelativeToScan(maxDistance) >= 1)
        {
            ScanRange(Store, 0, Store.Count, query, maxDistance, results);
            return;
        }

        // Find the row range of every probe first and add up their sizes: with skewed data (duplicates, correlated
        // bits) a few chunk values hold a large share of the rows, and verifying them all costs more than the scan.
        int probeCount = (int)ProbeCount(maxDistance);
        uint[] keys = ArrayPool<uint>.Shared.Rent(probeCount);
        int[] ranges = ArrayPool<int>.Shared.Rent(2 * probeCount);
        var hits = new HitSet();
        try
        {
            Span<int> chunkEnds = stackalloc int[_chunks];
            if (!PlanProbes(query, maxDistance, keys, ranges, chunkEnds))
            {
                ScanRange(Store, 0, Store.Count, query, maxDistance, results);
                return;
            }

            for (int c = 0, k = 0; c < _chunks; c++)
            {
                for (; k < chunkEnds[c]; k++)
                {
                    Verify(c, ranges[2 * k], ranges[(2 * k) + 1], query, maxDistance, ref hits);
                }
            }

            hits.EmitTo(Store, results);
        }
        finally
        {
            hits.Dispose();
            ArrayPool<uint>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(ranges);
        }
    }

    /// <summary>Whether <see cref="Search"/> would probe the tables (rather than scan) for this query and radius.</summary>
    internal bool WouldProbe(in PdqHash query, int maxDistance)
    {
        if (maxDistance < 0 || CostRelativeToScan(maxDistance) >= 1)
        {
            return false;
        }

        int probeCount = (int)ProbeCount(maxDistance);
        uint[] keys = ArrayPool<uint>.Shared.Rent(probeCount);
        int[] ranges = ArrayPool<int>.Shared.Rent(2 * probeCount);
        try
        {
            return PlanProbes(query, maxDistance, keys, ranges, stackalloc int[_chunks]);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(ranges);
        }
    }

    /// <summary>
    /// Finds the row range [first, end) of every chunk value to probe (pairs in <paramref name="ranges"/>; chunk c's
    /// probes end at <paramref name="chunkEnds"/>[c]) and returns whether verifying them all is expected to beat a
    /// scan, from their actual sizes.
    /// </summary>
    private bool PlanProbes(in PdqHash query, int maxDistance, uint[] keys, int[] ranges, Span<int> chunkEnds)
    {
        int written = 0;
        long candidates = 0;
        for (int c = 0; c < _chunks; c++)
        {
            int radius = ChunkRadius(maxDistance, c);
            int start = written;
            if (radius >= 0)
            {
                written = EnumerateProbes(ChunkOf(query, c), radius, keys, written);
            }

            chunkEnds[c] = written;
            for (int k = start; k < written; k++)
            {
                (int first, int end) = RowRange(c, keys[k]);
                ranges[2 * k] = first;
                ranges[(2 * k) + 1] = end;
                candidates += end - first;
            }
        }

        return IsCheaperThanScan(written, candidates);
    }

    /// <summary>Whether probing with these counts is expected to beat scanning every row (the same cost model as <see cref="CostRelativeToScan"/>, with actual bucket sizes).</summary>
    private bool IsCheaperThanScan(int probes, long candidates) =>
        AdaptiveFallback is false || (probes * ProbeCostInRows) + (candidates * VerifyCostInRows) < Store.Count;

    /// <summary>
    /// Whether a query looks at its actual bucket sizes before probing (and scans when they are heavy). On by default;
    /// benchmarks turn it off to measure what it saves.
    /// </summary>
    internal bool AdaptiveFallback { get; init; } = true;

    /// <summary>The positions in chunk <paramref name="chunk"/>'s sorted row list whose chunk value is <paramref name="key"/>.</summary>
    private (int First, int End) RowRange(int chunk, uint key)
    {
        int shift = _chunkBits - DirectoryBits;
        ReadOnlySpan<int> offsets = _offsets[chunk].Span;
        int first = offsets[(int)(key >> shift)], end = offsets[(int)(key >> shift) + 1];
        if (_keys is null)
        {
            return (first, end);
        }

        // Narrow the directory bucket to the rows whose whole 32-bit chunk equals the key.
        ReadOnlySpan<uint> keys = _keys[chunk].Span;
        int bucketStart = first, bucketEnd = end;
        first = keys.Slice(first, end - first).BinarySearch(key) is var at and >= 0 ? first + at : bucketEnd;
        while (first > bucketStart && keys[first - 1] == key)
        {
            first--; // BinarySearch may land on any of several equal keys
        }

        end = first;
        while (end < bucketEnd && keys[end] == key)
        {
            end++;
        }

        return (first, end);
    }

    /// <summary>
    /// Writes every value within <paramref name="radius"/> of <paramref name="key"/> to <paramref name="keys"/> from
    /// <paramref name="at"/> on: flips of 0..radius bits (Gosper's hack enumerates each bit set of a given size).
    /// Returns the new end.
    /// </summary>
    private int EnumerateProbes(uint key, int radius, uint[] keys, int at)
    {
        keys[at++] = key;
        for (int flips = 1; flips <= radius; flips++)
        {
            ulong mask = (1UL << flips) - 1, limit = 1UL << _chunkBits;
            while (mask < limit)
            {
                keys[at++] = key ^ (uint)mask;
                ulong lowest = mask & (ulong)-(long)mask;
                ulong ripple = mask + lowest;
                mask = (((ripple ^ mask) >> 2) / lowest) | ripple;
            }
        }

        return at;
    }

    private void Verify(int chunk, int first, int end, in PdqHash query, int maxDistance, ref HitSet hits)
    {
        ReadOnlySpan<int> rows = _rows[chunk].Span;
        ReadOnlySpan<ulong> data = Store.Rows;
        for (int i = first; i < end; i++)
        {
            // Candidates are random accesses into the rows; asking for the one a few places ahead overlaps the
            // cache misses (the rows are pinned or mapped, so the address is stable).
            if (i + PrefetchDistance < end)
            {
                Prefetch(data, rows[i + PrefetchDistance]);
            }

            int row = rows[i];
            int distance = PdqHash.HammingDistance(query, HashStore.RowHash(data, row));
            if (distance <= maxDistance)
            {
                hits.Add(row, distance);
            }
        }
    }

    /// <summary>Candidates ahead of the one being verified whose rows are requested from memory.</summary>
    private const int PrefetchDistance = 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ReadOnlySpan<ulong> data, int row)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in data[row * HashStore.Words])));
        }
    }

    public override void Nearest(in PdqHash query, NearestCollector collector)
    {
        // Grow the radius until k entries lie within it: those are then exactly the k nearest. Past the
        // radius where probing costs more than scanning, scan.
        var found = new List<IndexMatch>();
        for (int radius = 0; radius <= PdqHash.BitLength && CostRelativeToScan(radius) < 1; radius = (radius * 2) + 8)
        {
            found.Clear();
            Search(query, radius, found);
            if (found.Count >= collector.Capacity)
            {
                foreach (var match in found)
                {
                    collector.Offer(match.Id, match.Distance);
                }

                return;
            }
        }

        base.Nearest(query, collector);
    }

    private static double Binomial(int n, int k)
    {
        double result = 1;
        for (int i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }

    /// <summary>Rows found so far, deduplicated (a row can match in several chunks).</summary>
    private struct HitSet() : IDisposable
    {
        private int[] _rows = ArrayPool<int>.Shared.Rent(64);
        private int[] _distances = ArrayPool<int>.Shared.Rent(64);
        private int _count;

        public void Add(int row, int distance)
        {
            if (_count == _rows.Length)
            {
                Grow(ref _rows, _count);
                Grow(ref _distances, _count);
            }

            _rows[_count] = row;
            _distances[_count] = distance;
            _count++;
        }

        public readonly void EmitTo(HashStore store, List<IndexMatch> results)
        {
            // Sort by row so duplicates are adjacent; a row's distance is the same wherever it was found.
            _rows.AsSpan(0, _count).Sort(_distances.AsSpan(0, _count));
            for (int i = 0; i < _count; i++)
            {
                if (i > 0 && _rows[i] == _rows[i - 1])
                {
                    continue;
                }

                results.Add(new IndexMatch(store.IdAt(_rows[i]), _distances[i]));
            }
        }

        public void Dispose()
        {
            ArrayPool<int>.Shared.Return(_rows);
            ArrayPool<int>.Shared.Return(_distances);
        }

        private static void Grow(ref int[] array, int count)
        {
            int[] larger = ArrayPool<int>.Shared.Rent(array.Length * 2);
            array.AsSpan(0, count).CopyTo(larger);
            ArrayPool<int>.Shared.Return(array);
            array = larger;
        }
    }
}
