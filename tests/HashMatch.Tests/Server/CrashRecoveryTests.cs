using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Server;
using HashMatch.Server.Storage;

namespace HashMatch.Tests.Server;

/// <summary>
/// The service after a crash (issue 22's fault test): <c>hashmatch serve</c> killed with SIGKILL while an import is
/// spooled, while it is written, during a full rebuild and while an index file is saved; PostgreSQL stopped as a
/// crash would under two replicas and started again. After each recovery every replica answers exactly what the store
/// holds (compared with the library's <see cref="HashMatcher"/> over the store's own export), readiness and
/// <c>applied</c> claim nothing that is not served, and no temporary file is left.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class CrashRecoveryTests : IDisposable
{
    private const string Bank = "known";

    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-crash").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Serve_killed_during_an_import_a_rebuild_and_an_index_save_recovers_exactly_what_the_store_holds()
    {
        string data = Path.Combine(_folder, "data");
        string[] arguments = ["--delta-limit", "5000", "--poll-interval", "0.2"];
        var random = new Random(2209);
        List<ListEntry> all = [];
        List<ListEntry> Batch(string prefix, int count)
        {
            var batch = Enumerable.Range(0, count).Select(i => new ListEntry { Id = $"{prefix}{i}", Pdq = RandomHashes.Next(random), Quality = 100 }).ToList();
            all.AddRange(batch);
            return batch;
        }

        ServeProcess serve = await ServeProcess.StartAsync(data, arguments);
        try
        {
            using (HttpClient write = serve.Client(ServeProcess.WriteKey))
            {
                await TestServer.Send(write, HttpMethod.Post, "/v1/banks", TestServer.Json($$"""{"name":"{{Bank}}"}"""), 201);
                JsonElement imported = await TestServer.Send(write, HttpMethod.Post, $"/v1/banks/{Bank}/import", Tsv(Batch("base", 20_000)));
                Assert.True(imported.GetProperty("applied").GetBoolean());

                // 1. Killed while the import's body is being spooled (the client sent half, then waits).
                byte[] body = Encoding.UTF8.GetBytes(MatchingApiTests.ToTsv(Batch("spooled", 100_000)));
                var gate = new TaskCompletionSource();
                Task<HttpResponseMessage> cut = write.PostAsync($"/v1/banks/{Bank}/import", new GatedContent(body, body.Length / 2, gate.Task));
                await UntilAsync(() => SpoolFiles(data).Any(f => new FileInfo(f).Length >= body.Length / 4), "the spool to hold a quarter of the body"); // less than half: the spool's write buffer
                await serve.KillAsync();
                gate.SetResult();
                await Assert.ThrowsAnyAsync<Exception>(() => cut);
            }

            serve = await RestartAsync(serve, data, arguments);
            await AssertServesTheStoreAsync(serve, all, data);

            // 2. Killed once the whole body is spooled: the import's transaction runs (or is about to).
            using (HttpClient write = serve.Client(ServeProcess.WriteKey))
            {
                byte[] body = Encoding.UTF8.GetBytes(MatchingApiTests.ToTsv(Batch("written", 150_000)));
                Task<HttpResponseMessage> cut = write.PostAsync($"/v1/banks/{Bank}/import", new ByteArrayContent(body) { Headers = { { "Content-Type", "text/tab-separated-values" } } });
                await UntilAsync(() => SpoolFiles(data).Any(f => new FileInfo(f).Length == body.Length) || cut.IsCompleted, "the whole body to be spooled");
                await serve.KillAsync();
                await Task.WhenAny(cut);
            }

            serve = await RestartAsync(serve, data, arguments);
            await AssertServesTheStoreAsync(serve, all, data);

            // 3. Killed during a full rebuild, and 4. while the rebuild saves the bank's index file.
            foreach (bool duringSave in (bool[])[false, true])
            {
                bool killed = false;
                for (int attempt = 0; attempt < 20 && !killed; attempt++)
                {
                    using HttpClient write = serve.Client(ServeProcess.WriteKey);
                    await TestServer.Send(write, HttpMethod.Post, "/v1/index/rebuild", null, 202);
                    var clock = Stopwatch.StartNew();
                    while (clock.Elapsed < TimeSpan.FromSeconds(60))
                    {
                        if (duringSave && IndexTemporaries(data).Length > 0)
                        {
                            killed = true;
                        }
                        else if ((await TestServer.Send(write, HttpMethod.Get, "/v1/index", null)).GetProperty("rebuilding").GetBoolean())
                        {
                            killed = !duringSave;
                        }
                        else if (clock.Elapsed > TimeSpan.FromSeconds(1))
                        {
                            break; // this rebuild ended before its save was seen: rebuild again
                        }

                        if (killed)
                        {
                            await serve.KillAsync();
                            break;
                        }
                    }
                }

                Assert.True(killed, $"no {(duringSave ? "index save" : "rebuild")} was seen in 20 rebuilds");
                if (duringSave)
                {
                    Assert.NotEmpty(IndexTemporaries(data)); // what the killed save left, for the restart to remove
                }

                serve = await RestartAsync(serve, data, arguments);
                await AssertServesTheStoreAsync(serve, all, data);
            }
        }
        finally
        {
            await serve.DisposeAsync();
        }
    }

    [Fact]
    public async Task PostgreSQL_stopped_as_by_a_crash_under_two_replicas_recovers_exactly_what_the_store_holds()
    {
        // A cluster of its own (the shared one serves the other tests), in the temporary folder itself: PostgreSQL runs
        // as its own user, who cannot enter this test's private folder.
        string postgres = Path.Combine(Path.GetTempPath(), $"hashmatch-crash-pg-{Guid.NewGuid():N}");
        string connection = PostgresCluster.Patient(PostgresScript("start", postgres, PostgresCluster.FreePort().ToString(CultureInfo.InvariantCulture)).Trim().Split('\n')[^1]);
        try
        {
            ServerOptions Replica(string name) => new()
            {
                DataDirectory = Path.Combine(_folder, name),
                Database = connection,
                Urls = ["http://127.0.0.1:0"],
                ApiKeys = TestServer.ApiKeys,
                LogLevel = Microsoft.Extensions.Logging.LogLevel.Critical,
                PollInterval = TimeSpan.FromMilliseconds(200),
                StaleAfter = TimeSpan.FromSeconds(2),
                RequestTimeout = TimeSpan.FromSeconds(10),
            };
            await using TestServer first = await TestServer.StartFromOptionsAsync(Replica("first"));
            await using TestServer second = await TestServer.StartFromOptionsAsync(Replica("second"));
            var random = new Random(5432);
            var entries = Enumerable.Range(0, 5000).Select(i => new ListEntry { Id = $"e{i}", Pdq = RandomHashes.Next(random), Quality = 100 }).ToList();
            await first.CreateBank($$"""{"name":"{{Bank}}"}""");
            Assert.True((await first.Import(Bank, MatchingApiTests.ToTsv(entries))).GetProperty("applied").GetBoolean());

            PostgresScript("pause", postgres);

            // Both replicas stop claiming to be ready within --stale-after; a write is 503, not a 500 or a silent loss.
            foreach (TestServer replica in (TestServer[])[first, second])
            {
                await UntilAsync(async () => (await replica.Anonymous.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, "readiness to fail without the store");
            }

            // Lookups keep answering from the loaded index (docs/service.md, "Fails closed"): the replica that applied the import
            // still matches it. (The other may not have polled it before the store went away; its readiness says so.)
            string known = $$"""{"hashes":[{"pdq":"{{entries[0].Pdq}}","quality":100}]}""";
            // Its decision cannot be recorded: the match still goes out, without a decision id and saying why.
            JsonElement during = await first.Lookup(known);
            Assert.True(during.GetProperty("results")[0].GetProperty("matched").GetBoolean(), "lookup during the outage");
            Assert.False(during.GetProperty("results")[0].TryGetProperty("decision_id", out _), "a decision id for a decision the store never took");
            Assert.StartsWith("store unavailable", during.GetProperty("decision_unrecorded").GetString());
            Assert.Contains("hashmatch_decisions_unrecorded_total 1", await first.Metrics.GetStringAsync("/metrics", TestContext.Current.CancellationToken));

            using (HttpResponseMessage refused = await first.Write.PostAsync($"/v1/banks/{Bank}/entries", TestServer.Json($$"""{"entries":[{"id":"lost","pdq":"{{RandomHashes.Next(random)}}"}]}""")))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.NotNull(refused.Headers.RetryAfter);
            }

            PostgresScript("resume", postgres);
            await first.WaitReadyAsync();
            await second.WaitReadyAsync();

            // The recorder's writer gave up its connection with the failed transaction and records again on a new one.
            Assert.True((await first.Lookup(known)).GetProperty("results")[0].TryGetProperty("decision_id", out _), "no decision id once the store is back");

            var later = Enumerable.Range(0, 3000).Select(i => new ListEntry { Id = $"later{i}", Pdq = RandomHashes.Next(random), Quality = 100 }).ToList();
            JsonElement imported = await second.Import(Bank, MatchingApiTests.ToTsv(later));
            Assert.True(imported.GetProperty("applied").GetBoolean());
            entries.AddRange(later);

            // 'applied' on the second replica means it serves the import now; the first sees it within a few polls.
            await AssertAnswersAsync(second.Read, entries, await ExportAsync(second.Write));
            await UntilAsync(async () =>
            {
                try
                {
                    await AssertAnswersAsync(first.Read, entries, await ExportAsync(first.Write));
                    return true;
                }
                catch (Xunit.Sdk.XunitException)
                {
                    return false;
                }
            }, "the first replica to serve the import");
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            PostgresScript("stop", postgres);
        }
    }

    private static async Task<ServeProcess> RestartAsync(ServeProcess killed, string data, string[] arguments)
    {
        await killed.DisposeAsync();
        return await ServeProcess.StartAsync(data, arguments);
    }

    /// <summary>The restarted server answers exactly as the library does over the store's entries, and no temporary file is left.</summary>
    private static async Task AssertServesTheStoreAsync(ServeProcess serve, List<ListEntry> probesFrom, string data)
    {
        using HttpClient write = serve.Client(ServeProcess.WriteKey);
        using HttpClient read = serve.Client(ServeProcess.ReadKey);
        await AssertAnswersAsync(read, probesFrom, await ExportAsync(write));
        Assert.Empty(SpoolFiles(data));
        Assert.Empty(IndexTemporaries(data));
    }

    private static async Task<IReadOnlyList<ListEntry>> ExportAsync(HttpClient write)
    {
        string exported = await write.GetStringAsync($"/v1/banks/{Bank}/export?format=tsv");
        return ListReader.ReadFrom(new StringReader(exported), "export").Entries;
    }

    /// <summary>
    /// Looks up probes near entries of every batch (and some unrelated hashes) and compares each probe's candidates
    /// with those of a <see cref="HashMatcher"/> over <paramref name="stored"/> under the bank's settings.
    /// </summary>
    private static async Task AssertAnswersAsync(HttpClient read, List<ListEntry> probesFrom, IReadOnlyList<ListEntry> stored)
    {
        var random = new Random(stored.Count);
        PdqHash[] probes = [.. probesFrom.Where((_, i) => i % 997 == 0).Select((e, i) => RandomHashes.Flip(e.Pdq!.Value, i % 20, random)), .. Enumerable.Range(0, 20).Select(_ => RandomHashes.Next(random))];
        var matcher = new HashMatcher([KnownList.Create(Bank, stored, new BankSettings { Name = Bank }.Options)]);
        string request = JsonSerializer.Serialize(new { hashes = probes.Select(p => new { pdq = p.ToString(), quality = 100 }) });
        using HttpResponseMessage response = await read.PostAsync("/v1/lookup", TestServer.Json(request));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        JsonElement results = JsonDocument.Parse(body).RootElement.GetProperty("results");
        for (int i = 0; i < probes.Length; i++)
        {
            string served = string.Join(" ", results[i].GetProperty("candidates").EnumerateArray().Select(c => $"{c.GetProperty("entry_id").GetString()}@{c.GetProperty("distance").GetInt32()}").Order(StringComparer.Ordinal));
            string expected = string.Join(" ", matcher.MatchHashes("probe", null, new PdqHashResult(probes[i], 100)).Candidates.Select(c => $"{c.EntryId}@{c.Distance}").Order(StringComparer.Ordinal));
            Assert.True(expected == served, $"probe {i} ({probes[i]}): the store says [{expected}], the server answered [{served}]");
        }
    }

    private static StringContent Tsv(List<ListEntry> entries) => new(MatchingApiTests.ToTsv(entries), Encoding.UTF8, "text/tab-separated-values");

    private static string[] SpoolFiles(string data) =>
        Directory.Exists(Path.Combine(data, "tmp")) ? Directory.GetFiles(Path.Combine(data, "tmp")) : [];

    private static string[] IndexTemporaries(string data) =>
        Directory.Exists(Path.Combine(data, "index")) ? Directory.GetFiles(Path.Combine(data, "index"), "*.tmp", SearchOption.AllDirectories) : [];

    private static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"waited 60 s for {what}");
            await Task.Delay(5);
        }
    }

    private static string PostgresScript(params string[] arguments)
    {
        var (code, output) = PostgresCluster.Script(arguments);
        Assert.True(code == 0, $".ci/postgres {string.Join(' ', arguments)} failed: {output}");
        return output;
    }

    /// <summary>A body of which the first part is sent at once and the rest only after <paramref name="gate"/>.</summary>
    private sealed class GatedContent(byte[] body, int first, Task gate) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, first));
            await stream.FlushAsync();
            await gate;
            await stream.WriteAsync(body.AsMemory(first));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
