namespace HashMatch.Indexing;

/// <summary>
/// The index: one of the <see cref="IndexKind"/> structures behind a snapshot mechanism that lets queries run
/// without locks while entries are added and removed.
/// </summary>
/// <remarks>
/// <para>
/// State is an immutable snapshot: a main segment (the chosen structure), a small delta segment (linear scan) for
/// recent additions, and tombstones for removed ids. A writer builds a new snapshot under a lock and publishes it
/// with one reference write; a query reads the reference once and works on that snapshot alone, so it sees each
/// change entirely or not at all. The delta is a prefix of an append-only buffer (<see cref="DeltaBuffer"/>): an
/// addition writes its rows behind those any snapshot can see and publishes a snapshot with a larger count, so it
/// costs O(1) amortised however large the delta is. When the delta or the tombstones grow past a fraction of the
/// main segment, the writer rebuilds the main segment from the live entries (amortised: one rebuild per
/// 1/32 of the main segment's size in changes).
/// </para>
/// <para>
/// Every structure returns the same results for the same entries; they differ only in speed and memory
/// (docs/hash-index.md). Queries never block and may run on any number of threads while one writer adds or removes
/// entries; each query sees the index either before or after a change, never half-way.
/// </para>
/// <para>
/// Create one with <see cref="Create(IndexKind, ReadOnlySpan{IndexEntry}, int)"/>, or <see cref="CreateFor"/> to let
/// the measured crossover points choose the structure.
/// </para>
/// </remarks>
public sealed class HashIndex
{
    private readonly Func<HashStore, IndexSegment> _build;
    private readonly Lock _writeLock = new();
    private DeltaBuffer _delta = new();
    private Snapshot _snapshot;

    private HashIndex(IndexKind kind, Func<HashStore, IndexSegment> build, IndexSegment main)
    {
        Kind = kind;
        _build = build;
        _snapshot = new Snapshot(main, LinearScanSegment.Empty, Tombstones.None, main.Store.Count);
    }

    /// <summary>The structure of the main segment.</summary>
    public IndexKind Kind { get; }

    /// <summary>Number of live (not removed) entries.</summary>
    public int Count => Volatile.Read(ref _snapshot).Count;

    /// <summary>Approximate bytes the index holds: entries, structure tables and the pending delta.</summary>
    public long MemoryBytes
    {
        get
        {
            Snapshot s = Volatile.Read(ref _snapshot);
            return s.Main.MemoryBytes + s.Delta.MemoryBytes + (16L * s.Removed.Count);
        }
    }

    /// <summary>Creates an index of <paramref name="kind"/> holding <paramref name="entries"/>.</summary>
    /// <param name="kind">The structure.</param>
    /// <param name="entries">Initial entries (may be empty).</param>
    /// <param name="scanThreads">For <see cref="IndexKind.LinearScan"/>: threads one query may use on large indexes (default 1).</param>
    public static HashIndex Create(IndexKind kind, ReadOnlySpan<IndexEntry> entries, int scanThreads = 1) =>
        FromStore(kind, HashStore.From(entries), scanThreads);

    /// <summary>An index over an already filled store (the file loader reads straight into one).</summary>
    internal static HashIndex FromStore(IndexKind kind, HashStore store, int scanThreads = 1)
    {
        Func<HashStore, IndexSegment> build = Builder(kind, scanThreads);
        return new HashIndex(kind, build, build(store));
    }

    /// <summary>An index whose main segment was built before (read from an index file with its tables).</summary>
    internal static HashIndex FromSegment(IndexKind kind, IndexSegment main, int scanThreads = 1) =>
        new(kind, Builder(kind, scanThreads), main);

    private static Func<HashStore, IndexSegment> Builder(IndexKind kind, int scanThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scanThreads, 1);
        return kind switch
        {
            IndexKind.LinearScan => store => new LinearScanSegment(store, scanThreads),
            InternalIndexKinds.BkTree => store => new BkTreeSegment(store),
            IndexKind.MultiIndex16 => store => new MultiIndexSegment(store, 16),
            IndexKind.MultiIndex32 => store => new MultiIndexSegment(store, 32),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown index kind."),
        };
    }

    /// <summary>
    /// The main segment holding every live entry and nothing else, for saving: the published one when there is no
    /// delta and nothing is removed, else one built for the purpose (not published).
    /// </summary>
    internal IndexSegment CompactMain()
    {
        Snapshot s = Volatile.Read(ref _snapshot);
        return s.Delta.Store.Count == 0 && s.Removed.IsEmpty ? s.Main : _build(LiveStore(s, []));
    }

    /// <summary>An empty index of <paramref name="kind"/>.</summary>
    public static HashIndex Create(IndexKind kind) => Create(kind, []);

    /// <summary>
    /// The structure to use for <paramref name="entryCount"/> entries queried at radius <paramref name="maxDistance"/>,
    /// from the crossovers measured by <c>IndexQueryBenchmarks</c> (docs/hash-index.md): multi-index hashing with
    /// 16-bit chunks was 4× faster than the scan at 10k entries and r = 31 and 10× at 1M, but no faster from
    /// r ≈ 48 on (its cost model then scans); 32-bit chunks won only at r = 8, and the BK-tree never.
    /// </summary>
    public static IndexKind ChooseKind(long entryCount, int maxDistance) =>
        entryCount < 2_000 || maxDistance >= HammingScan.VectorRadius ? IndexKind.LinearScan : IndexKind.MultiIndex16;

    /// <summary>Creates the index <see cref="ChooseKind"/> recommends for these entries and radius.</summary>
    public static HashIndex CreateFor(ReadOnlySpan<IndexEntry> entries, int maxDistance) =>
        Create(ChooseKind(entries.Length, maxDistance), entries);

    /// <summary>Adds one entry.</summary>
    public void Add(PdqHash hash, long id) => AddRange([new IndexEntry(hash, id)]);

    /// <summary>Adds many entries in one step (one snapshot change).</summary>
    public void AddRange(ReadOnlySpan<IndexEntry> entries)
    {
        if (entries.IsEmpty)
        {
            return;
        }

        lock (_writeLock)
        {
            Snapshot s = _snapshot;
            bool revivesRemovedId = false;
            if (!s.Removed.IsEmpty)
            {
                foreach (var entry in entries)
                {
                    revivesRemovedId |= s.Removed.Contains(entry.Id);
                }
            }

            // A re-added id would be hidden by its tombstone, and a large batch belongs in the main structure:
            // both rebuild. Otherwise the entries join the delta.
            int deltaCount = s.Delta.Store.Count + entries.Length;
            if (revivesRemovedId || deltaCount > DeltaLimit(s.Main.Store.Count))
            {
                Publish(Rebuild(s, entries));
                return;
            }

            // The new rows go behind every row a published snapshot can see; readers of older snapshots never look
            // past their own count, and the volatile publish orders the writes before the new count.
            Publish(s with { Delta = new LinearScanSegment(_delta.Append(entries)), Count = s.Count + entries.Length });
        }
    }

    /// <summary>Removes every entry with <paramref name="id"/>; returns whether any existed.</summary>
    public bool Remove(long id)
    {
        lock (_writeLock)
        {
            Snapshot s = _snapshot;
            if (s.Removed.Contains(id))
            {
                return false;
            }

            int found = s.Main.Store.Ids.Count(id) + s.Delta.Store.Ids.Count(id);
            if (found == 0)
            {
                return false;
            }

            var next = s with { Removed = s.Removed.With(id), Count = s.Count - found };
            Publish(next.Removed.Count > DeltaLimit(s.Main.Store.Count) ? Rebuild(next, []) : next);
            return true;
        }
    }

    /// <summary>All live entries, in insertion order.</summary>
    public IndexEntry[] GetEntries()
    {
        Snapshot s = Volatile.Read(ref _snapshot);
        var entries = new IndexEntry[s.Count];
        LiveStore(s, []).CopyEntries(entries);
        return entries;
    }

    /// <summary>
    /// Appends to <paramref name="results"/> every entry within <paramref name="maxDistance"/> (inclusive) of
    /// <paramref name="query"/>, sorted by distance, then id.
    /// </summary>
    public void Query(in PdqHash query, int maxDistance, List<IndexMatch> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Snapshot s = Volatile.Read(ref _snapshot);
        int start = results.Count;
        s.Main.Search(query, maxDistance, s.Removed, results);
        s.Delta.Search(query, maxDistance, s.Removed, results);
        results.Sort(start, results.Count - start, Comparer<IndexMatch>.Default);

        // The segments may be views of a mapped file, released only when unreachable: keep them until done.
        GC.KeepAlive(s);
    }

    /// <summary>
    /// Appends the <paramref name="k"/> entries nearest to <paramref name="query"/> (fewer if the index is smaller),
    /// sorted by distance, then id; ties at the k-th distance are broken by the smaller id.
    /// </summary>
    public void QueryNearest(in PdqHash query, int k, List<IndexMatch> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        Snapshot s = Volatile.Read(ref _snapshot);
        var collector = new NearestCollector(Math.Min(k, s.Count));
        s.Main.Nearest(query, collector, s.Removed);
        s.Delta.Nearest(query, collector, s.Removed);
        collector.CopySortedTo(results);
        GC.KeepAlive(s);
    }

    /// <summary>
    /// <see cref="Query"/> for many queries at once; <c>results[i]</c> receives the matches of <c>queries[i]</c>.
    /// Structures that can share work between queries (the linear scan reads its data once per block) do so.
    /// </summary>
    public void QueryBatch(ReadOnlySpan<PdqHash> queries, int maxDistance, IReadOnlyList<List<IndexMatch>> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count < queries.Length)
        {
            throw new ArgumentException("One result list per query is needed.", nameof(results));
        }

        Snapshot s = Volatile.Read(ref _snapshot);
        Span<int> starts = queries.Length <= 256 ? stackalloc int[queries.Length] : new int[queries.Length];
        for (int q = 0; q < queries.Length; q++)
        {
            starts[q] = results[q].Count;
        }

        s.Main.SearchBatch(queries, maxDistance, s.Removed, results);
        s.Delta.SearchBatch(queries, maxDistance, s.Removed, results);
        for (int q = 0; q < queries.Length; q++)
        {
            results[q].Sort(starts[q], results[q].Count - starts[q], Comparer<IndexMatch>.Default);
        }

        GC.KeepAlive(s);
    }

    /// <summary>
    /// Queries with all eight dihedral hashes of one image; each entry is reported once, with the smallest distance
    /// over the variants and the variant that gave it (the lowest-numbered one on ties).
    /// </summary>
    public void QueryDihedral(in PdqDihedralHashes query, int maxDistance, List<IndexMatch> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Span<PdqHash> variants = stackalloc PdqHash[PdqDihedralHashes.VariantCount];
        query.CopyTo(variants);
        var perVariant = new List<IndexMatch>[PdqDihedralHashes.VariantCount];
        for (int v = 0; v < perVariant.Length; v++)
        {
            perVariant[v] = [];
        }

        // One batched pass over the data for all eight variants, then keep each entry's closest variant.
        QueryBatch(variants, maxDistance, perVariant);
        var best = new Dictionary<long, IndexMatch>();
        for (int v = 0; v < perVariant.Length; v++)
        {
            foreach (var match in perVariant[v])
            {
                if (!best.TryGetValue(match.Id, out var current) || match.Distance < current.Distance)
                {
                    best[match.Id] = match with { Variant = (PdqVariant)v };
                }
            }
        }

        int start = results.Count;
        results.AddRange(best.Values);
        results.Sort(start, results.Count - start, Comparer<IndexMatch>.Default);
    }

    /// <summary>Delta and tombstone sizes that trigger a rebuild: 1/32 of the main segment, at least 1,024, at most 32,768.</summary>
    private static int DeltaLimit(int mainCount) => Math.Clamp(mainCount / 32, 1024, 32768);

    private void Publish(Snapshot snapshot) => Volatile.Write(ref _snapshot, snapshot);

    private Snapshot Rebuild(Snapshot s, ReadOnlySpan<IndexEntry> extra)
    {
        HashStore store = LiveStore(s, extra);
        _delta = new DeltaBuffer(); // snapshots still using the old delta keep its buffer
        return new Snapshot(_build(store), LinearScanSegment.Empty, Tombstones.None, store.Count);
    }

    /// <summary>The live rows of a snapshot (main, then delta, then <paramref name="extra"/>) copied row by row into one new store.</summary>
    private static HashStore LiveStore(Snapshot s, ReadOnlySpan<IndexEntry> extra)
    {
        HashStore result = HashStore.Create(s.Count + extra.Length, out Span<ulong> rows, out Span<long> ids);
        int written = 0;
        foreach (HashStore part in (ReadOnlySpan<HashStore>)[s.Main.Store, s.Delta.Store])
        {
            ReadOnlySpan<ulong> partRows = part.Rows;
            ReadOnlySpan<long> partIds = part.Ids;
            if (s.Removed.IsEmpty)
            {
                partRows.CopyTo(rows[(written * HashStore.Words)..]);
                partIds.CopyTo(ids[written..]);
                written += partIds.Length;
                continue;
            }

            for (int i = 0; i < partIds.Length; i++)
            {
                if (!s.Removed.Contains(partIds[i]))
                {
                    partRows.Slice(i * HashStore.Words, HashStore.Words).CopyTo(rows.Slice(written * HashStore.Words, HashStore.Words));
                    ids[written++] = partIds[i];
                }
            }
        }

        foreach (IndexEntry entry in extra)
        {
            HashStore.Write(rows.Slice(written * HashStore.Words, HashStore.Words), entry.Hash);
            ids[written++] = entry.Id;
        }

        GC.KeepAlive(s);
        return result;
    }

    /// <summary>Everything a query needs, published as one immutable object.</summary>
    private sealed record Snapshot(IndexSegment Main, LinearScanSegment Delta, Tombstones Removed, int Count);
}
