using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace HashMatch.Indexing;

/// <summary>
/// Multi-index hashing (M. Norouzi, A. Punjani, D. J. Fleet, "Fast Search in Hamming Space with Multi-Index
/// Hashing", CVPR 2012): the 256 bits are split into m chunks (<see cref="ChunkLayout"/>), each indexed in its own
/// table; a query probes, in each table, every chunk value within a small radius of its own chunk, then verifies
/// candidates with the full distance. Exact by the pigeonhole principle.
/// </summary>
/// <remarks>
/// <para>
/// Radii: with r = m·s + a (0 ≤ a &lt; m), any hash within r of the query has a chunk among the first a + 1 within s,
/// or a chunk among the rest within s − 1 (otherwise the total would be at least (a+1)(s+1) + (m−a−1)s = r + 1).
/// </para>
/// <para>
/// Tables are flat arrays, never hash maps: a chunk of up to 24 bits has a direct-addressed table (2^w + 1 offsets
/// into a row list sorted by chunk value, i.e. counting sort), so a probe is two adjacent reads; 32-bit chunks use
/// rows sorted by chunk value with a directory on the top 16 bits narrowing each probe to a short binary search.
/// </para>
/// <para>
/// A query works in passes, each over all its probes, so the cache misses of one pass overlap instead of waiting
/// on each other (Norouzi et al. count probes and candidates; at 100M rows both are random reads from memory):
/// the probe values are enumerated and their directory entries prefetched; the row ranges are read and the starts of
/// the row lists prefetched; the candidates are gathered into one array; and they are verified in order with each
/// row prefetched a fixed distance ahead.
/// </para>
/// </remarks>
internal sealed class MultiIndexSegment : IndexSegment
{
    /// <summary>Offsets per table of 16-bit chunks and per directory of 32-bit ones: 2^16 + 1.</summary>
    internal const int OffsetCount = (1 << 16) + 1;

    private readonly ChunkLayout _layout;
    private readonly ReadOnlyMemory<int>[] _offsets;   // per chunk: 2^d + 1 offsets (d = the chunk's directory bits)
    private readonly ReadOnlyMemory<int>[] _rows;      // per chunk: rows sorted by chunk value
    private readonly ReadOnlyMemory<uint>[] _keys;     // per chunk wider than its directory: the sorted chunk values; else empty

    /// <summary>Builds the tables of <paramref name="store"/> with chunks of <paramref name="chunkBits"/> bits (16 or 32).</summary>
    public MultiIndexSegment(HashStore store, int chunkBits)
        : this(store, chunkBits switch
        {
            16 => ChunkLayout.Sixteen,
            32 => ChunkLayout.ThirtyTwo,
            _ => throw new ArgumentOutOfRangeException(nameof(chunkBits), chunkBits, "Chunks are 16 or 32 bits; other layouts are given as a ChunkLayout."),
        })
    {
    }

    /// <summary>Builds the tables of <paramref name="store"/> for <paramref name="layout"/>.</summary>
    public MultiIndexSegment(HashStore store, ChunkLayout layout)
        : base(store)
    {
        _layout = layout;
        int m = layout.Count;
        _offsets = new ReadOnlyMemory<int>[m];
        _rows = new ReadOnlyMemory<int>[m];
        _keys = new ReadOnlyMemory<uint>[m];
        int maxOffsets = Enumerable.Range(0, m).Max(layout.OffsetCount);

        // The tables are independent: built on every core (each counting sort is bound by random accesses into its
        // 2^w counters and its row list, so two cores nearly halve the time), each thread with its own cursors.
        Parallel.For(
            0,
            m,
            new ParallelOptions { MaxDegreeOfParallelism = store.Count < ParallelBuildFrom ? 1 : Environment.ProcessorCount },
            () => GC.AllocateUninitializedArray<int>(maxOffsets),
            (c, _, cursors) =>
            {
                var offsets = new int[layout.OffsetCount(c)];
                var rows = GC.AllocateUninitializedArray<int>(store.Count);
                uint[] keys = layout.HasKeys(c) ? GC.AllocateUninitializedArray<uint>(store.Count) : [];
                BuildTable([store.RowMemory], layout, c, offsets, rows, keys, cursors);
                _offsets[c] = offsets;
                _rows[c] = rows;
                _keys[c] = keys;
                return cursors;
            },
            _ => { });
    }

    /// <summary>Rows from which the tables are built in parallel (below, the threads cost more than they save).</summary>
    private const int ParallelBuildFrom = 200_000;

    /// <summary>
    /// A segment over tables built before (read from an index file): per chunk its offsets, the rows sorted by chunk
    /// value and, for chunks wider than their directory, the sorted chunk values (empty otherwise). Checks what a
    /// query relies on to stay inside the tables (offsets ascending from 0 to the row count, every row number in
    /// range) and reports a violation through <paramref name="corrupt"/>, which must throw.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per load: skip tier 0
    public MultiIndexSegment(HashStore store, ChunkLayout layout, ReadOnlyMemory<int>[] offsets, ReadOnlyMemory<int>[] rows, ReadOnlyMemory<uint>[] keys, Func<string, Exception> corrupt)
        : base(store)
    {
        _layout = layout;
        int m = layout.Count;
        if (offsets.Length != m || rows.Length != m || keys.Length != m)
        {
            throw corrupt($"multi-index tables for {m} chunks are incomplete");
        }

        int n = store.Count;
        for (int c = 0; c < m; c++)
        {
            ReadOnlySpan<int> o = offsets[c].Span;
            if (o.Length != layout.OffsetCount(c) || o[0] != 0 || o[^1] != n)
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

            if (rows[c].Length != n || (n > 0 && rows[c].Span.ContainsAnyExceptInRange(0, n - 1)) || keys[c].Length != (layout.HasKeys(c) ? n : 0))
            {
                throw corrupt($"multi-index chunk {c}: the row table does not hold {n:N0} rows in range");
            }
        }

        _offsets = offsets;
        _rows = rows;
        _keys = keys;
    }

    /// <summary>How the bits are split into chunks.</summary>
    public ChunkLayout Layout => _layout;

    /// <summary>Chunk <paramref name="chunk"/>'s offsets (to write them to a file).</summary>
    public ReadOnlyMemory<int> Offsets(int chunk) => _offsets[chunk];

    /// <summary>Chunk <paramref name="chunk"/>'s rows sorted by chunk value.</summary>
    public ReadOnlyMemory<int> SortedRows(int chunk) => _rows[chunk];

    /// <summary>Chunk <paramref name="chunk"/>'s sorted chunk values (chunks wider than their directory; else empty).</summary>
    public ReadOnlyMemory<uint> SortedKeys(int chunk) => _keys[chunk];

    protected override long StructureBytes =>
        _offsets.Sum(o => 4L * o.Length) + _rows.Sum(r => 4L * r.Length) + _keys.Sum(k => 4L * k.Length);

    /// <summary>
    /// Builds chunk <paramref name="chunk"/>'s table over the rows (given in pieces of whole rows, so a file writer
    /// can build from the pieces it collected, without one contiguous copy) into caller-provided memory — one table
    /// at a time into reused buffers: <paramref name="offsets"/> (the chunk's offset count),
    /// <paramref name="sortedRows"/> (one per row), <paramref name="sortedKeys"/> (one per row for chunks wider than
    /// their directory, else empty) and <paramref name="cursors"/> (at least the offset count, scratch). With
    /// <paramref name="lowBits"/> (one per row, scratch) a direct-addressed chunk wider than 16 bits is sorted in two
    /// cache-sized steps instead (<see cref="BuildPartitioned"/>); the table is the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BuildTable(IReadOnlyList<ReadOnlyMemory<ulong>> rowSegments, ChunkLayout layout, int chunk, Span<int> offsets, Span<int> sortedRows, Span<uint> sortedKeys, Span<int> cursors, Span<ushort> lowBits = default)
    {
        int start = layout.Start(chunk), width = layout.Width(chunk);
        int shift = width - layout.DirectoryBits(chunk);
        int offsetCount = layout.OffsetCount(chunk);
        offsets = offsets[..offsetCount];
        bool withKeys = layout.HasKeys(chunk);
        if (!withKeys && width > PartitionLowBits && lowBits.Length >= sortedRows.Length)
        {
            BuildPartitioned(rowSegments, start, width, offsets, sortedRows, cursors, lowBits[..sortedRows.Length]);
            return;
        }

        // Counting sort on the directory bits (the whole key for chunks of up to 24 bits) gives the offsets directly;
        // the key is read from the row twice rather than kept, which saves a 4-byte-per-row array.
        offsets.Clear();
        foreach (ReadOnlyMemory<ulong> segment in rowSegments)
        {
            ReadOnlySpan<ulong> rows = segment.Span;
            for (int at = 0; at < rows.Length; at += HashStore.Words)
            {
                offsets[(int)(ChunkLayout.Extract(rows, at, start, width) >> shift) + 1]++;
            }
        }

        for (int k = 1; k < offsetCount; k++)
        {
            offsets[k] += offsets[k - 1];
        }

        offsets[..^1].CopyTo(cursors);
        int row = 0;
        foreach (ReadOnlyMemory<ulong> segment in rowSegments)
        {
            ReadOnlySpan<ulong> rows = segment.Span;
            for (int at = 0; at < rows.Length; at += HashStore.Words, row++)
            {
                uint key = ChunkLayout.Extract(rows, at, start, width);
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
            for (int b = 0; b < offsetCount - 1; b++)
            {
                int length = offsets[b + 1] - offsets[b];
                if (length > 1)
                {
                    sortedKeys.Slice(offsets[b], length).Sort(sortedRows.Slice(offsets[b], length));
                }
            }
        }
    }

    /// <summary>Low key bits a partitioned build sorts within a partition: 2^16 counters, 256 KB, stay in cache.</summary>
    private const int PartitionLowBits = 16;

    /// <summary>
    /// The counting sort of a direct-addressed chunk of <paramref name="width"/> &gt; 16 bits in two steps, each
    /// touching memory that fits in cache: the rows are first split by the key's top w − 16 bits (at most 256
    /// partitions, written as that many sequential streams, each row with its low 16 bits), then each partition is
    /// counting-sorted by the low bits into its own 2^16 offsets. One counting sort into 2^24 counters instead reads
    /// and writes a random counter and a random row slot per row — two cache and TLB misses — which at 100 million
    /// rows made building the tables most of writing the file. Both sorts are stable, so the table is the same.
    /// <paramref name="cursors"/> serves as the partition's scratch when it fits (a partition larger than it, from
    /// heavily clustered hashes, gets its own array).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BuildPartitioned(IReadOnlyList<ReadOnlyMemory<ulong>> rowSegments, int start, int width, Span<int> offsets, Span<int> sortedRows, Span<int> cursors, Span<ushort> lowBits)
    {
        const int LowCount = 1 << PartitionLowBits;
        int partitions = 1 << (width - PartitionLowBits);
        Span<int> partitionStarts = new int[partitions + 1];
        foreach (ReadOnlyMemory<ulong> segment in rowSegments)
        {
            ReadOnlySpan<ulong> rows = segment.Span;
            for (int at = 0; at < rows.Length; at += HashStore.Words)
            {
                partitionStarts[(int)(ChunkLayout.Extract(rows, at, start, width) >> PartitionLowBits) + 1]++;
            }
        }

        for (int p = 1; p <= partitions; p++)
        {
            partitionStarts[p] += partitionStarts[p - 1];
        }

        Span<int> partitionCursors = new int[partitions];
        partitionStarts[..^1].CopyTo(partitionCursors);
        int row = 0;
        foreach (ReadOnlyMemory<ulong> segment in rowSegments)
        {
            ReadOnlySpan<ulong> rows = segment.Span;
            for (int at = 0; at < rows.Length; at += HashStore.Words, row++)
            {
                uint key = ChunkLayout.Extract(rows, at, start, width);
                int slot = partitionCursors[(int)(key >> PartitionLowBits)]++;
                sortedRows[slot] = row;
                lowBits[slot] = (ushort)key;
            }
        }

        Span<int> counts = new int[LowCount + 1];
        for (int p = 0; p < partitions; p++)
        {
            int first = partitionStarts[p], length = partitionStarts[p + 1] - first;
            Span<int> partitionOffsets = offsets.Slice(p * LowCount, LowCount);
            ReadOnlySpan<ushort> low = lowBits.Slice(first, length);
            counts.Clear();
            foreach (ushort value in low)
            {
                counts[value + 1]++;
            }

            for (int k = 0; k < LowCount; k++)
            {
                counts[k + 1] += counts[k];
                partitionOffsets[k] = first + counts[k];
            }

            Span<int> rowsOfPartition = sortedRows.Slice(first, length);
            Span<int> scratch = length <= cursors.Length ? cursors[..length] : new int[length];
            for (int i = 0; i < length; i++)
            {
                scratch[counts[low[i]]++] = rowsOfPartition[i];
            }

            scratch.CopyTo(rowsOfPartition);
        }

        offsets[^1] = sortedRows.Length;
    }

    /// <summary>Chunk values probed for radius r: Σ_c C(w_c, ≤ radius_c). Used to decide when a scan is cheaper.</summary>
    public double ProbeCount(int maxDistance)
    {
        double probes = 0;
        for (int c = 0; c < _layout.Count; c++)
        {
            probes += ProbesIn(c, ChunkRadius(maxDistance, c));
        }

        return probes;
    }

    /// <summary>Chunk values within <paramref name="radius"/> of a value of chunk <paramref name="chunk"/>: C(w, ≤ radius).</summary>
    private double ProbesIn(int chunk, int radius)
    {
        double probes = 0;
        for (int j = 0; j <= radius; j++)
        {
            probes += Binomial(_layout.Width(chunk), j);
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
        double probes = 0, candidates = 0;
        for (int c = 0; c < _layout.Count; c++)
        {
            double p = ProbesIn(c, ChunkRadius(maxDistance, c));
            probes += p;
            candidates += p * Store.Count / Math.Pow(2, _layout.Width(c));
        }

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
        int s = maxDistance / _layout.Count, a = maxDistance % _layout.Count;
        return chunk <= a ? s : s - 1;
    }

    public override void Search(in PdqHash query, int maxDistance, List<IndexMatch> results)
    {
        if (maxDistance < 0 || Store.Count == 0)
        {
            return;
        }

        if (!AlwaysProbe && CostRelativeToScan(maxDistance) >= 1)
        {
            ScanRange(Store, 0, Store.Count, query, maxDistance, results);
            return;
        }

        // Find the row range of every probe first and add up their sizes: with skewed data (duplicates, correlated
        // bits) a few chunk values hold a large share of the rows, and verifying them all costs more than the scan.
        int probeCount = (int)ProbeCount(maxDistance);
        uint[] keys = ArrayPool<uint>.Shared.Rent(probeCount);
        int[] ranges = ArrayPool<int>.Shared.Rent(2 * probeCount);
        int[] candidates = [];
        var hits = new HitSet();
        try
        {
            Span<int> chunkEnds = stackalloc int[_layout.Count];
            long total = PlanProbes(query, maxDistance, keys, ranges, chunkEnds);
            if (!IsCheaperThanScan(chunkEnds[^1], total))
            {
                ScanRange(Store, 0, Store.Count, query, maxDistance, results);
                return;
            }

            candidates = ArrayPool<int>.Shared.Rent(checked((int)total));
            int count = Gather(ranges, chunkEnds, candidates);
            Verify(candidates.AsSpan(0, count), query, maxDistance, ref hits);
            hits.EmitTo(Store, results);
        }
        finally
        {
            hits.Dispose();
            ArrayPool<uint>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(ranges);
            if (candidates.Length > 0)
            {
                ArrayPool<int>.Shared.Return(candidates);
            }
        }
    }

    /// <summary>Whether <see cref="Search"/> would probe the tables (rather than scan) for this query and radius.</summary>
    internal bool WouldProbe(in PdqHash query, int maxDistance)
    {
        if (maxDistance < 0 || (!AlwaysProbe && CostRelativeToScan(maxDistance) >= 1))
        {
            return false;
        }

        int probeCount = (int)ProbeCount(maxDistance);
        uint[] keys = ArrayPool<uint>.Shared.Rent(probeCount);
        int[] ranges = ArrayPool<int>.Shared.Rent(2 * probeCount);
        try
        {
            Span<int> chunkEnds = stackalloc int[_layout.Count];
            long total = PlanProbes(query, maxDistance, keys, ranges, chunkEnds);
            return IsCheaperThanScan(chunkEnds[^1], total);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(ranges);
        }
    }

    /// <summary>
    /// Finds the row range [first, end) of every chunk value to probe (pairs in <paramref name="ranges"/>; chunk c's
    /// probes end at <paramref name="chunkEnds"/>[c]) and returns the number of candidates they hold. The directory
    /// entries of a chunk's probes are all requested from memory before the first is read.
    /// </summary>
    private long PlanProbes(in PdqHash query, int maxDistance, uint[] keys, int[] ranges, Span<int> chunkEnds)
    {
        int written = 0;
        for (int c = 0; c < _layout.Count; c++)
        {
            int radius = ChunkRadius(maxDistance, c);
            int start = written;
            if (radius >= 0)
            {
                written = EnumerateProbes(_layout.Extract(query, c), radius, _layout.Width(c), keys, written);
            }

            chunkEnds[c] = written;
            if (!_layout.HasKeys(c))
            {
                ReadOnlySpan<int> offsets = _offsets[c].Span;
                for (int k = start; k < written; k++)
                {
                    Prefetch(ref Unsafe.AsRef(in offsets[(int)keys[k]]));
                }
            }
        }

        long candidates = 0;
        for (int c = 0, k = 0; c < _layout.Count; c++)
        {
            for (; k < chunkEnds[c]; k++)
            {
                (int first, int end) = RowRange(c, keys[k]);
                ranges[2 * k] = first;
                ranges[(2 * k) + 1] = end;
                candidates += end - first;
            }
        }

        return candidates;
    }

    /// <summary>Whether probing with these counts is expected to beat scanning every row (the same cost model as <see cref="CostRelativeToScan"/>, with actual bucket sizes).</summary>
    private bool IsCheaperThanScan(int probes, long candidates) =>
        AdaptiveFallback is false || AlwaysProbe || (probes * ProbeCostInRows) + (candidates * VerifyCostInRows) < Store.Count;

    /// <summary>
    /// Whether a query looks at its actual bucket sizes before probing (and scans when they are heavy). On by default;
    /// benchmarks turn it off to measure what it saves.
    /// </summary>
    internal bool AdaptiveFallback { get; init; } = true;

    /// <summary>Probe the tables even where the cost model would scan (the tests use it to check the probing path at every radius).</summary>
    internal bool AlwaysProbe { get; init; }

    /// <summary>The positions in chunk <paramref name="chunk"/>'s sorted row list whose chunk value is <paramref name="key"/>.</summary>
    private (int First, int End) RowRange(int chunk, uint key)
    {
        int shift = _layout.Width(chunk) - _layout.DirectoryBits(chunk);
        ReadOnlySpan<int> offsets = _offsets[chunk].Span;
        int first = offsets[(int)(key >> shift)], end = offsets[(int)(key >> shift) + 1];
        if (shift == 0)
        {
            return (first, end);
        }

        // Narrow the directory bucket to the rows whose whole chunk equals the key.
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
    /// Writes every value of <paramref name="width"/> bits within <paramref name="radius"/> of <paramref name="key"/>
    /// to <paramref name="keys"/> from <paramref name="at"/> on: flips of 0..radius bits (Gosper's hack enumerates
    /// each bit set of a given size). Returns the new end.
    /// </summary>
    private static int EnumerateProbes(uint key, int radius, int width, uint[] keys, int at)
    {
        keys[at++] = key;
        for (int flips = 1; flips <= radius && flips <= width; flips++)
        {
            ulong mask = (1UL << flips) - 1, limit = 1UL << width;
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

    /// <summary>
    /// Copies the row numbers of every probed range into <paramref name="candidates"/>, chunk by chunk; the start of
    /// each of a chunk's ranges is requested from memory before the first is copied (with chunks of log₂ N bits each
    /// range holds about one row, so a per-range prefetch would come too late). Returns the count.
    /// </summary>
    private int Gather(int[] ranges, ReadOnlySpan<int> chunkEnds, int[] candidates)
    {
        int count = 0;
        for (int c = 0, k = 0; c < _layout.Count; c++)
        {
            ReadOnlySpan<int> rows = _rows[c].Span;
            for (int p = k; p < chunkEnds[c]; p++)
            {
                if (ranges[(2 * p) + 1] > ranges[2 * p])
                {
                    Prefetch(ref Unsafe.AsRef(in rows[ranges[2 * p]]));
                }
            }

            for (; k < chunkEnds[c]; k++)
            {
                int first = ranges[2 * k], length = ranges[(2 * k) + 1] - first;
                rows.Slice(first, length).CopyTo(candidates.AsSpan(count));
                count += length;
            }
        }

        return count;
    }

    /// <summary>
    /// Verifies the candidates with the full distance. They are random rows; each is requested from memory
    /// <see cref="PrefetchDistance"/> candidates ahead, so that many misses are in flight at once (the rows are pinned
    /// or mapped, so their addresses are stable).
    /// </summary>
    private void Verify(ReadOnlySpan<int> candidates, in PdqHash query, int maxDistance, ref HitSet hits)
    {
        ReadOnlySpan<ulong> data = Store.Rows;
        int n = candidates.Length;
        for (int i = 0; i < Math.Min(PrefetchDistance, n); i++)
        {
            Prefetch(ref Unsafe.AsRef(in data[candidates[i] * HashStore.Words]));
        }

        for (int i = 0; i < n; i++)
        {
            if (i + PrefetchDistance < n)
            {
                Prefetch(ref Unsafe.AsRef(in data[candidates[i + PrefetchDistance] * HashStore.Words]));
            }

            int row = candidates[i];
            int distance = PdqHash.HammingDistance(query, HashStore.RowHash(data, row));
            if (distance <= maxDistance)
            {
                hits.Add(row, distance);
            }
        }
    }

    /// <summary>Candidates ahead of the one being verified whose rows are requested from memory.</summary>
    private const int PrefetchDistance = 16;

    /// <summary>
    /// Asks for the cache line holding <paramref name="value"/> (x86 <c>prefetcht0</c>; nothing where SSE is
    /// missing). A hint only: it never faults, and an address the GC has since moved merely wastes the request.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<T>(ref T value)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref value));
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
