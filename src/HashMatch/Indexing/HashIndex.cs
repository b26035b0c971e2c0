namespace HashMatch.Indexing;

/// <summary>
/// The index: one of the <see cref="IndexKind"/> structures behind a snapshot mechanism that lets queries run
/// without locks while entries are added.
/// </summary>
/// <remarks>
/// <para>
/// State is an immutable snapshot: a main segment (the chosen structure) and a small delta segment (linear scan)
/// for recent additions. A writer builds a new snapshot under a lock and publishes it with one reference write; a
/// query reads the reference once and works on that snapshot alone, so it sees each change entirely or not at all.
/// The delta is a prefix of an append-only buffer (<see cref="DeltaBuffer"/>): an addition writes its rows behind
/// those any snapshot can see and publishes a snapshot with a larger count, so it costs O(1) amortised however
/// large the delta is. When the delta grows past a fraction of the main segment, the writer rebuilds the main
/// segment from all entries (amortised: one rebuild per 1/32 of the main segment's size in additions).
/// </para>
/// <para>
/// Entries are never removed here: a list whose entries change is a <see cref="Matching.KnownList"/> derived with
/// <see cref="Matching.KnownList.WithChanges"/>, which leaves its base's index as it is.
/// </para>
/// <para>
/// Every structure returns the same results for the same entries; they differ only in speed and memory
/// (docs/hash-index.md). Queries never block and may run on any number of threads while one writer adds entries;
/// each query sees the index either before or after a change, never half-way.
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
        _snapshot = new Snapshot(main, LinearScanSegment.Empty);
    }

    /// <summary>The structure of the main segment.</summary>
    public IndexKind Kind { get; }

    /// <summary>Number of entries.</summary>
    public int Count => Volatile.Read(ref _snapshot).Count;

    /// <summary>Approximate bytes the index holds: entries, structure tables and the pending delta.</summary>
    public long MemoryBytes
    {
        get
        {
            Snapshot s = Volatile.Read(ref _snapshot);
            return s.Main.MemoryBytes + s.Delta.MemoryBytes;
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
            IndexKind.MultiIndexSized => store => new MultiIndexSegment(store, ChunkLayout.Sized(store.Count)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown index kind."),
        };
    }

    /// <summary>
    /// The main segment holding every entry, for saving: the published one when there is no delta, else one built
    /// for the purpose (not published).
    /// </summary>
    internal IndexSegment CompactMain()
    {
        Snapshot s = Volatile.Read(ref _snapshot);
        return s.Delta.Store.Count == 0 ? s.Main : _build(AllEntries(s, []));
    }

    /// <summary>
    /// The structure to use for <paramref name="entryCount"/> entries queried at radius <paramref name="maxDistance"/>,
    /// from the crossovers measured by <c>IndexQueryBenchmarks</c> and the <c>index-scaling</c> benchmark command
    /// (docs/hash-index.md): multi-index hashing with 16-bit chunks was 4× faster than the scan at 10k entries and
    /// r = 31, but no faster from r ≈ 48 on (its cost model then scans); from <see cref="SizedFrom"/> entries on,
    /// chunks of about log₂ N bits (<see cref="IndexKind.MultiIndexSized"/>) beat 16-bit chunks, by more the larger
    /// the list. 32-bit chunks won only at r = 8, and the BK-tree never.
    /// </summary>
    public static IndexKind ChooseKind(long entryCount, int maxDistance) =>
        entryCount < 2_000 || maxDistance >= HammingScan.VectorRadius ? IndexKind.LinearScan
        : entryCount < SizedFrom ? IndexKind.MultiIndex16
        : IndexKind.MultiIndexSized;

    /// <summary>
    /// Entries from which <see cref="ChooseKind"/> picks <see cref="IndexKind.MultiIndexSized"/>: the measured
    /// crossover lies between 1M (16 × 16 bits 59 µs per r = 31 query, the sized 14 chunks 62–78 µs) and 3M (16 × 16
    /// 178 µs, sized 119 µs), `index-scaling` with warmed-up code (docs/hash-index.md, "Scaling to 100 million").
    /// </summary>
    internal const long SizedFrom = 2_000_000;

    /// <summary>Creates the index <see cref="ChooseKind"/> recommends for these entries and radius.</summary>
    public static HashIndex CreateFor(ReadOnlySpan<IndexEntry> entries, int maxDistance) =>
        Create(ChooseKind(entries.Length, maxDistance), entries);

    /// <summary>Adds many entries in one step (one snapshot change).</summary>
    public void AddRange(ReadOnlySpan<IndexEntry> entries)
    {
        if (entries.IsEmpty)
        {
            return;
        }

        lock (_writeLock)
        {
            // A large batch belongs in the main structure: it rebuilds. Otherwise the entries join the delta.
            Snapshot s = _snapshot;
            if (s.Delta.Store.Count + entries.Length > DeltaLimit(s.Main.Store.Count))
            {
                Publish(Rebuild(s, entries));
                return;
            }

            // The new rows go behind every row a published snapshot can see; readers of older snapshots never look
            // past their own count, and the volatile publish orders the writes before the new count.
            Publish(s with { Delta = new LinearScanSegment(_delta.Append(entries)) });
        }
    }

    /// <summary>All entries, in insertion order.</summary>
    public IndexEntry[] GetEntries()
    {
        Snapshot s = Volatile.Read(ref _snapshot);
        var entries = new IndexEntry[s.Count];
        AllEntries(s, []).CopyEntries(entries);
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
        s.Main.Search(query, maxDistance, results);
        s.Delta.Search(query, maxDistance, results);
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
        s.Main.Nearest(query, collector);
        s.Delta.Nearest(query, collector);
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

        s.Main.SearchBatch(queries, maxDistance, results);
        s.Delta.SearchBatch(queries, maxDistance, results);
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

    /// <summary>Delta size that triggers a rebuild: 1/32 of the main segment, at least 1,024, at most 32,768.</summary>
    private static int DeltaLimit(int mainCount) => Math.Clamp(mainCount / 32, 1024, 32768);

    private void Publish(Snapshot snapshot) => Volatile.Write(ref _snapshot, snapshot);

    private Snapshot Rebuild(Snapshot s, ReadOnlySpan<IndexEntry> extra)
    {
        HashStore store = AllEntries(s, extra);
        _delta = new DeltaBuffer(); // snapshots still using the old delta keep its buffer
        return new Snapshot(_build(store), LinearScanSegment.Empty);
    }

    /// <summary>The rows of a snapshot (main, then delta, then <paramref name="extra"/>) copied into one new store.</summary>
    private static HashStore AllEntries(Snapshot s, ReadOnlySpan<IndexEntry> extra)
    {
        HashStore result = HashStore.Create(s.Count + extra.Length, out Span<ulong> rows, out Span<long> ids);
        int written = 0;
        foreach (HashStore part in (ReadOnlySpan<HashStore>)[s.Main.Store, s.Delta.Store])
        {
            part.Rows.CopyTo(rows[(written * HashStore.Words)..]);
            part.Ids.CopyTo(ids[written..]);
            written += part.Count;
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
    private sealed record Snapshot(IndexSegment Main, LinearScanSegment Delta)
    {
        public int Count => Main.Store.Count + Delta.Store.Count;
    }
}
