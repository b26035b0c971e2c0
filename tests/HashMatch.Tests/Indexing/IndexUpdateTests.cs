using HashMatch.Indexing;

namespace HashMatch.Tests.Indexing;

/// <summary>Adding entries through the snapshot mechanism, for every structure.</summary>
public sealed class IndexUpdateTests
{
    public static TheoryData<IndexKind> Kinds() => new(InternalIndexKinds.All);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Adds_are_reflected_exactly(IndexKind kind)
    {
        IndexEntry[] initial = IndexData.Entries(1, 3000);
        HashIndex index = HashIndex.Create(kind, initial);
        var live = initial.ToDictionary(e => e.Id);
        var random = new Random(2);
        long nextId = 10_000;

        // Enough single adds and batches to pass through delta growth and rebuilds.
        for (int step = 0; step < 3500; step++)
        {
            IndexEntry[] batch = [.. Enumerable.Range(0, random.Next(5) == 0 ? 3 : 1).Select(_ => new IndexEntry(IndexData.RandomHash(random), nextId++))];
            if (batch.Length == 1)
            {
                index.AddRange([batch[0]]);
            }
            else
            {
                index.AddRange(batch);
            }

            foreach (IndexEntry entry in batch)
            {
                live.Add(entry.Id, entry);
            }
        }

        Assert.Equal(live.Count, index.Count);
        Assert.Equal(live.Keys.Order(), index.GetEntries().Select(e => e.Id).Order());
        var results = new List<IndexMatch>();
        foreach (PdqHash query in IndexData.Queries([.. live.Values], 3, 30))
        {
            results.Clear();
            index.Query(query, 60, results);
            Assert.Equal(IndexData.Naive(live.Values, query, 60), results);
        }
    }

    [Fact]
    public void Empty_index_answers_every_query_with_nothing()
    {
        foreach (IndexKind kind in InternalIndexKinds.All)
        {
            HashIndex index = HashIndex.Create(kind, []);
            var results = new List<IndexMatch>();
            index.Query(PdqHash.Zero, 256, results);
            index.QueryNearest(PdqHash.Zero, 5, results);
            Assert.Empty(results);
        }
    }

    [Fact]
    public void All_zero_and_all_one_hashes_and_many_duplicates_work()
    {
        // Meta's issue #1609: one all-zero entry crashed their index build.
        var entries = Enumerable.Range(0, 5000).Select(i => new IndexEntry(i % 2 == 0 ? PdqHash.Zero : IndexData.AllOnes, i)).ToArray();
        foreach (IndexKind kind in InternalIndexKinds.All)
        {
            HashIndex index = HashIndex.Create(kind, entries);
            var results = new List<IndexMatch>();
            index.Query(PdqHash.Zero, 0, results);
            Assert.Equal(2500, results.Count);
            Assert.All(results, m => Assert.Equal(0, m.Id % 2));
        }
    }

    [Fact]
    public async Task Readers_never_see_a_half_applied_change()
    {
        // Entries are added in pairs with the same hash in one AddRange; a reader must always see both or neither,
        // including across the rebuilds that 3,000 additions trigger (the delta limit is 1,024).
        var random = new Random(12);
        HashIndex index = HashIndex.Create(IndexKind.MultiIndex16, IndexData.Entries(3, 2000));
        PdqHash[] pairHashes = [.. Enumerable.Range(0, 1500).Select(_ => IndexData.RandomHash(random))];
        using var stop = new CancellationTokenSource();
        int checks = 0;

        async Task Reader()
        {
            await Task.Yield();
            var results = new List<IndexMatch>();
            var localRandom = new Random(Environment.CurrentManagedThreadId);
            while (!stop.IsCancellationRequested)
            {
                PdqHash hash = pairHashes[localRandom.Next(pairHashes.Length)];
                results.Clear();
                index.Query(hash, 0, results);
                Assert.True(results.Count % 2 == 0, $"saw {results.Count} entries of a pair");
                Interlocked.Increment(ref checks);
            }
        }

        Task[] readers = [Task.Run(Reader, TestContext.Current.CancellationToken), Task.Run(Reader, TestContext.Current.CancellationToken)];

        // Additions are cheap now (appended in place): without waiting, all of them can finish before a reader starts.
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref checks) > 0, TimeSpan.FromSeconds(30)), "the readers never ran");
        for (int i = 0; i < pairHashes.Length; i++)
        {
            index.AddRange([new IndexEntry(pairHashes[i], 100_000 + (2 * i)), new IndexEntry(pairHashes[i], 100_001 + (2 * i))]);
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.True(checks > 0);
        Assert.Equal(2000 + (2 * pairHashes.Length), index.Count);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Entries_added_one_at_a_time_are_visible_at_once_and_stay_visible(IndexKind kind)
    {
        // Each add must be visible to the next query on any thread (the delta is a prefix of an append-only buffer,
        // published with the snapshot), and a reader that has seen entry k sees every entry before it: snapshots
        // only grow. 5,000 adds pass through buffer growth and rebuilds of the main segment (delta limit 1,024).
        var random = new Random(21);
        HashIndex index = HashIndex.Create(kind, IndexData.Entries(22, 2000));
        PdqHash[] added = [.. Enumerable.Range(0, 5000).Select(_ => IndexData.RandomHash(random))];
        int published = 0;
        using var stop = new CancellationTokenSource();
        int checks = 0;

        async Task Reader()
        {
            await Task.Yield();
            var results = new List<IndexMatch>();
            int seen = 0;
            while (!stop.IsCancellationRequested)
            {
                int known = Volatile.Read(ref published);
                for (int k = Math.Max(0, known - 3); k < known; k++)
                {
                    results.Clear();
                    index.Query(added[k], 0, results);
                    Assert.Contains(results, m => m.Id == 1_000_000 + k); // published before we read the count
                }

                seen = Math.Max(seen, known);
                results.Clear();
                int next = Math.Min(seen, added.Length - 1);
                index.Query(added[next], 0, results);
                Assert.True(index.Count >= 2000 + seen, "the index shrank");
                Interlocked.Increment(ref checks);
            }
        }

        Task reader = Task.Run(Reader, TestContext.Current.CancellationToken);
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref checks) > 0, TimeSpan.FromSeconds(30)), "the reader never ran");
        var found = new List<IndexMatch>();
        for (int k = 0; k < added.Length; k++)
        {
            index.AddRange([new IndexEntry(added[k], 1_000_000 + k)]);
            found.Clear();
            index.Query(added[k], 0, found);
            Assert.Contains(found, m => m.Id == 1_000_000 + k);
            Volatile.Write(ref published, k + 1);
        }

        stop.Cancel();
        await reader;
        Assert.True(checks > 0);
        Assert.Equal(7000, index.Count);
        Assert.Equal(Enumerable.Range(0, 5000).Select(k => 1_000_000L + k), index.GetEntries().Skip(2000).Select(e => e.Id));
    }
}
