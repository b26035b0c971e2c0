using System.Diagnostics;
using System.Text.Json;
using HashMatch.Lists;

namespace HashMatch.Tests.Server;

/// <summary>Replicas sharing one store see each other's changes within seconds; a restart keeps every bank.</summary>
[Trait("Cost", "Integration")]
public sealed class ReplicaTests(PostgresCluster cluster)
{
    /// <summary>
    /// How long a replica may take to see another's change here. The replicas poll the store every second, so on an idle
    /// machine a change shows within about a second; but the polling runs on real timers (the server's index follower has
    /// no clock to inject), and on a loaded two-core machine — a full test run beside a build — a poll can wait seconds
    /// for a thread. The bound only has to tell a replica that follows the store from one that does not follow it at
    /// all, so it is generous; the time each change took is in the failure message.
    /// </summary>
    private static readonly TimeSpan ChangeVisibleWithin = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Sqlite)]
    public async Task Two_replicas_see_each_others_changes(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        var options = new HashMatch.Server.ServerOptions { PollInterval = TimeSpan.FromSeconds(1) }; // the default interval
        await using TestServer first = await TestServer.StartAsync(store, options);
        await using TestServer second = await TestServer.StartAsync(store, options);
        var random = new Random(9);
        PdqHash known = RandomHashes.Next(random), later = RandomHashes.Next(random);
        string probe = $$"""{"hashes":[{"pdq":"{{known}}"},{"pdq":"{{later}}"}]}""";

        await first.CreateBank("""{"name":"known"}""");
        await first.Import("known", $"id\tpdq\nA\t{known}\n");
        await UntilAsync(second, probe, r => r[0], "the second replica to see the import");

        // The other way round, a change of settings and a removal.
        await TestServer.Send(second.Write, HttpMethod.Post, "/v1/banks/known/entries", TestServer.Json($$"""{"entries":[{"id":"B","pdq":"{{later}}"}]}"""));
        await UntilAsync(first, probe, r => r[1], "the first replica to see the add");
        await TestServer.Send(second.Write, HttpMethod.Delete, "/v1/banks/known/entries", TestServer.Json("""{"ids":["A"]}"""));
        await UntilAsync(first, probe, r => !r[0], "the first replica to see the removal");
        await TestServer.Send(first.Write, HttpMethod.Patch, "/v1/banks/known", TestServer.Json("""{"enabled":false}"""));
        await UntilAsync(second, probe, r => !r[1], "the second replica to see the bank disabled");
        await TestServer.Send(first.Write, HttpMethod.Delete, "/v1/banks/known", null);
        var deadline = Stopwatch.StartNew();
        while ((await TestServer.Send(second.Read, HttpMethod.Get, "/v1/index", null)).GetProperty("banks").GetArrayLength() != 0)
        {
            Assert.True(deadline.Elapsed < ChangeVisibleWithin, $"the second replica still serves the deleted bank after {deadline.Elapsed.TotalSeconds:F0} s");
            await Task.Delay(50);
        }
    }

    [Theory]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Sqlite)]
    public async Task A_replica_creates_a_data_folder_that_does_not_exist_yet(StoreKind kind)
    {
        // A new replica's --data folder (index files, spooled imports) is created on start: with --database it used to
        // fail before listening, because nothing else created the folder ("cannot open the bank store or listen").
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        string folder = Path.Combine(store.DataDirectory, "new", "replica");
        await using TestServer server = await TestServer.StartAsync(store, new HashMatch.Server.ServerOptions { DataDirectory = folder });
        await server.CreateBank("""{"name":"known"}""");
        Assert.True(Directory.Exists(folder));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_restart_keeps_every_bank_its_settings_and_its_entries(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        var random = new Random(4);
        var entries = Enumerable.Range(0, 2000).Select(i => new ListEntry { Id = $"e{i}", Pdq = RandomHashes.Next(random), Quality = 50 + (i % 50), Md5 = i % 2 == 0 ? ExactHash.Compute(ExactHashAlgorithm.Md5, BitConverter.GetBytes(i)) : null }).ToList();
        string probe = JsonSerializer.Serialize(new
        {
            hashes = entries.Take(300).Select((e, i) => new { pdq = RandomHashes.Flip(e.Pdq!.Value, i % 30, random).ToString(), md5 = e.Md5?.ToString(), quality = 40 + (i % 60) }),
        });
        string before, banksBefore;
        await using (TestServer server = await TestServer.StartAsync(store))
        {
            await server.CreateBank("""{"name":"known","max_distance":20,"min_entry_quality":70}""");
            await server.CreateBank("""{"name":"fp","role":"exclusion","variants":"all"}""");
            await server.CreateBank("""{"name":"off","enabled":false}""");
            await server.Import("known", MatchingApiTests.ToTsv(entries));
            await server.Import("fp", MatchingApiTests.ToTsv(entries.Skip(1990)));
            await server.Import("off", MatchingApiTests.ToTsv(entries.Take(10)));
            await server.RebuildAsync(); // saves each bank's index file

            await TestServer.Send(server.Write, HttpMethod.Delete, "/v1/banks/known/entries", TestServer.Json("""{"ids":["e1","e2","e3"]}"""));
            before = await server.LookupResults(probe);
            banksBefore = Settings(await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks", null));
        }

        // Each bank's base was saved as an index file (version 2): the restart maps it and replays the later removals.
        Assert.Equal(3, Directory.GetFiles(Path.Combine(store.DataDirectory, "index"), "*.hmidx", SearchOption.AllDirectories).Length);
        await using (TestServer restarted = await TestServer.StartAsync(store))
        {
            Assert.Equal(banksBefore, Settings(await TestServer.Send(restarted.Read, HttpMethod.Get, "/v1/banks", null)));
            Assert.Equal(before, await restarted.LookupResults(probe));
            Assert.Contains("\"matched\":true", before);
            JsonElement index = await TestServer.Send(restarted.Read, HttpMethod.Get, "/v1/index", null);
            JsonElement known = index.GetProperty("banks")[0];
            Assert.Equal(2000, known.GetProperty("base_entries").GetInt64()); // the file's base, built before the removals
            Assert.Equal(3, known.GetProperty("tombstones").GetInt64());
        }
    }

    private static string Settings(JsonElement banks) =>
        string.Join("\n", banks.GetProperty("banks").EnumerateArray().Select(b =>
            $"{b.GetProperty("name")} {b.GetProperty("max_distance")} {b.GetProperty("min_query_quality")} {b.GetProperty("min_entry_quality")} {b.GetProperty("variants")} {b.GetProperty("role")} {b.GetProperty("enabled")} {b.GetProperty("entries")} {b.GetProperty("created_at")}"));

    /// <summary>Polls the replica until <paramref name="condition"/> holds for the lookup's matched flags; fails after <see cref="ChangeVisibleWithin"/>.</summary>
    private static async Task UntilAsync(TestServer replica, string probe, Func<bool[], bool> condition, string waitingFor)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            JsonElement answer = await replica.Lookup(probe);
            if (condition([.. answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("matched").GetBoolean())]))
            {
                return;
            }

            Assert.True(clock.Elapsed < ChangeVisibleWithin, $"waited {clock.Elapsed.TotalSeconds:F0} s for {waitingFor}");
            await Task.Delay(20); // between polls of the observed condition, not in place of it
        }
    }
}
