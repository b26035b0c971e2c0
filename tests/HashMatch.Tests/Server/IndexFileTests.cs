using System.Text.Json;
using HashMatch.Lists;

namespace HashMatch.Tests.Server;

/// <summary>
/// A bank's index file (data folder's <c>index/</c>) is the server's to write and read: what another program does to
/// it while the server runs does not reach the answers, and a damaged file is caught at the next start.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class IndexFileTests(PostgresCluster cluster)
{
    [Fact]
    public async Task An_index_file_truncated_or_overwritten_while_served_changes_no_answer_and_is_rejected_at_the_next_start()
    {
        // Issue 22, finding 9: truncating the live (mapped) file killed the server at the next lookup (SIGBUS), and
        // bytes overwritten in place gave 500s and silent misses while readiness stayed 200.
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        var random = new Random(22);
        var entries = Enumerable.Range(0, 3000).Select(i => new ListEntry { Id = $"e{i}", Pdq = RandomHashes.Next(random), Quality = 100 }).ToList();
        string probe = JsonSerializer.Serialize(new
        {
            hashes = entries.Where((_, i) => i % 10 == 0).Select((e, i) => new { pdq = RandomHashes.Flip(e.Pdq!.Value, i % 25, random).ToString() }),
        });
        string before;
        await using (TestServer server = await TestServer.StartAsync(store))
        {
            await server.CreateBank("""{"name":"known"}""");
            await server.Import("known", MatchingApiTests.ToTsv(entries));
            await server.RebuildAsync();
            before = await server.LookupResults(probe);
        }

        Assert.Contains("\"matched\":true", before);
        string file = Assert.Single(Directory.GetFiles(Path.Combine(store.DataDirectory, "index"), "*.hmidx", SearchOption.AllDirectories));
        long length = new FileInfo(file).Length;
        await using (TestServer restarted = await TestServer.StartAsync(store))
        {
            Assert.Equal(before, await restarted.LookupResults(probe));

            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                stream.SetLength(4096);
            }

            Assert.Equal(before, await restarted.LookupResults(probe));

            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                stream.SetLength(length);
                stream.Position = 1024;
                stream.Write(new byte[length - 2048]);
            }

            Assert.Equal(before, await restarted.LookupResults(probe));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await restarted.Anonymous.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
        }

        // The next start finds the zeroed file failing its checksums, deletes it and reads the bank from the store.
        await using (TestServer again = await TestServer.StartAsync(store))
        {
            Assert.Equal(before, await again.LookupResults(probe));
            JsonElement known = (await TestServer.Send(again.Read, HttpMethod.Get, "/v1/index", null)).GetProperty("banks")[0];
            Assert.Equal(3000, known.GetProperty("base_entries").GetInt64() + known.GetProperty("delta_entries").GetInt64() - known.GetProperty("tombstones").GetInt64());
        }

        // The zeroed file is gone: whatever index file remains (a new save) passes its checks.
        foreach (string left in Directory.GetFiles(Path.Combine(store.DataDirectory, "index"), "*.hmidx", SearchOption.AllDirectories))
        {
            Assert.Equal(3000, HashMatch.Matching.KnownListFile.Inspect(left).Entries);
        }
    }

    [Fact]
    public async Task Index_files_belong_to_the_store_they_came_from()
    {
        // Issue 22, finding 9: with hashmatch.db replaced and index/ kept, a new bank (the same database id, 1) was
        // served the old database's entries and missed its own.
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        var random = new Random(9);
        PdqHash old = RandomHashes.Next(random), fresh = RandomHashes.Next(random);
        string probe = $$"""{"hashes":[{"pdq":"{{old}}"},{"pdq":"{{fresh}}"}]}""";
        await using (TestServer server = await TestServer.StartAsync(store))
        {
            await server.CreateBank("""{"name":"known"}""");
            await server.Import("known", $"id\tpdq\nold\t{old}\n");
            await server.RebuildAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (string file in Directory.GetFiles(store.DataDirectory, "hashmatch.db*"))
        {
            File.Delete(file);
        }

        await using (TestServer server = await TestServer.StartAsync(store))
        {
            await server.CreateBank("""{"name":"known"}""");
            await server.Import("known", $"id\tpdq\nfresh\t{fresh}\n");
            Assert.Equal("false true", string.Join(" ", (await server.Lookup(probe)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("matched").GetBoolean() ? "true" : "false")));
        }

        // And after a restart, when the new store's bank loads from its own index file or the database.
        await using (TestServer server = await TestServer.StartAsync(store))
        {
            Assert.Equal("false true", string.Join(" ", (await server.Lookup(probe)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("matched").GetBoolean() ? "true" : "false")));
        }
    }
}
