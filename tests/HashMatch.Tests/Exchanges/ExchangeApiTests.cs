using System.Text.Json;
using HashMatch.Server.Storage;
using HashMatch.Tests.Server;

namespace HashMatch.Tests.Exchanges;

/// <summary>
/// <c>/v1/exchanges</c> on a real server: attaching an exchange to a bank, fetching it (its entries then match with
/// the exchange's ids and labels), its status with the last error, the admin scope, and the lease that keeps a second
/// replica from fetching at the same time.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class ExchangeApiTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task An_exchange_fills_its_bank_reports_its_state_and_fails_closed(StoreKind kind)
    {
        var history = new SourceHistory(11, ids: 8, events: 20);
        await using var programme = new StopNciiServer(history, "subscription", "fetch-key");
        await programme.StartAsync();
        Environment.SetEnvironmentVariable("HM_TEST_API_STOPNCII", "subscription:fetch-key");
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store, new HashMatch.Server.ServerOptions { ExchangeCheck = TimeSpan.Zero });
        using HttpClient admin = server.Client(TestServer.AdminKey);
        await server.CreateBank("""{"name":"stopncii"}""");
        string settings = $$"""{"type":"stopncii","base_url":"{{programme.Address}}","credentials":"env:HM_TEST_API_STOPNCII"}""";

        // Admin scope only; settings are checked; the bank must exist and have no exchange yet.
        await TestServer.Send(server.Write, HttpMethod.Post, "/v1/exchanges", TestServer.Json($$"""{"name":"ncii","bank":"stopncii","settings":{{settings}}}"""), 403);
        JsonElement literal = await TestServer.Send(admin, HttpMethod.Post, "/v1/exchanges", TestServer.Json("""{"name":"ncii","bank":"stopncii","settings":{"type":"stopncii","credentials":"subscription:fetch-key"}}"""), 400);
        Assert.DoesNotContain("fetch-key", literal.GetRawText(), StringComparison.Ordinal);
        await TestServer.Send(admin, HttpMethod.Post, "/v1/exchanges", TestServer.Json($$"""{"name":"ncii","bank":"nope","settings":{{settings}}}"""), 404);
        JsonElement created = await TestServer.Send(admin, HttpMethod.Post, "/v1/exchanges", TestServer.Json($$"""{"name":"ncii","bank":"stopncii","settings":{{settings}},"interval_seconds":600}"""), 201);
        Assert.Equal(600, created.GetProperty("interval_seconds").GetInt64());
        await TestServer.Send(admin, HttpMethod.Post, "/v1/exchanges", TestServer.Json($$"""{"name":"other","bank":"stopncii","settings":{{settings}}}"""), 409);

        JsonElement fetched = await TestServer.Send(admin, HttpMethod.Post, "/v1/exchanges/ncii/fetch", null);
        Assert.False(fetched.TryGetProperty("last_error", out _), fetched.GetRawText());
        Assert.Equal(history.Final().Count, fetched.GetProperty("added").GetInt64());
        Assert.Equal(JsonValueKind.String, fetched.GetProperty("checkpoint").ValueKind);
        Assert.DoesNotContain("fetch-key", fetched.GetRawText(), StringComparison.Ordinal);

        // A fetched entry matches, with the exchange's id and labels.
        SourceEvent kept = history.Latest.Values.First(e => e.Pdq is not null);
        string hash = StopNciiServer.HashOf(kept.Id);
        JsonElement candidate = default;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await server.Lookup($$"""{"hashes":[{"pdq":"{{hash}}"}]}""")).GetProperty("results")[0].GetProperty("candidates") is var candidates && candidates.GetArrayLength() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the fetched entries did not reach the index in 30 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        candidate = (await server.Lookup($$"""{"hashes":[{"pdq":"{{hash}}"}]}""")).GetProperty("results")[0].GetProperty("candidates")[0];
        Assert.Equal(hash, candidate.GetProperty("entry_id").GetString());
        Assert.Equal(kept.Classification, candidate.GetProperty("metadata").GetProperty("tags")[0].GetString());

        // A malformed page: the error is recorded, the bank and checkpoint stay as they were.
        programme.Inject(programme.Requests + 1, Fault.Malformed);
        JsonElement failed = await TestServer.Send(admin, HttpMethod.Post, "/v1/exchanges/ncii/fetch", null);
        Assert.Contains("malformed", failed.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(fetched.GetProperty("checkpoint").GetString(), failed.GetProperty("checkpoint").GetString());
        Assert.Equal(fetched.GetProperty("pages").GetInt64(), failed.GetProperty("pages").GetInt64());

        // Another replica holding the lease: this one refuses to fetch at the same time.
        using (SqlBankStore direct = await SqlBankStore.OpenForCommandAsync(store.Options(), "test", TestContext.Current.CancellationToken))
        {
            ExchangeRecord record = (await direct.ExchangeAsync("ncii", CancellationToken.None))!;
            Assert.True(await direct.TryLeaseAsync(record.Id, "replica-b", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(10), CancellationToken.None));
            JsonElement busy = await TestServer.Send(admin, HttpMethod.Post, "/v1/exchanges/ncii/fetch", null, 409);
            Assert.Contains("another replica", busy.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True((await TestServer.Send(admin, HttpMethod.Get, "/v1/exchanges/ncii", null)).GetProperty("fetching").GetBoolean());
            await direct.ReleaseLeaseAsync(record.Id, "replica-b", CancellationToken.None);
        }

        JsonElement disabled = await TestServer.Send(admin, HttpMethod.Patch, "/v1/exchanges/ncii", TestServer.Json("""{"enabled":false}"""));
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Single((await TestServer.Send(admin, HttpMethod.Get, "/v1/exchanges", null)).GetProperty("exchanges").EnumerateArray());
        await TestServer.Send(admin, HttpMethod.Delete, "/v1/exchanges/ncii", null, 204);
        await TestServer.Send(admin, HttpMethod.Get, "/v1/exchanges/ncii", null, 404);
        await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/stopncii", null); // the bank stays
    }

    [Fact]
    public async Task A_reviewers_verdict_goes_back_to_an_exchange_that_takes_feedback()
    {
        var history = new SourceHistory(13, ids: 6, events: 12);
        await using var programme = new StopNciiServer(history, "subscription", "fetch-key") { FeedbackKey = "feedback-key" };
        await programme.StartAsync();
        Environment.SetEnvironmentVariable("HM_TEST_API_STOPNCII_FEEDBACK", "subscription:fetch-key:feedback-key");
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store, new HashMatch.Server.ServerOptions { ExchangeCheck = TimeSpan.Zero });
        using HttpClient admin = server.Client(TestServer.AdminKey);
        await server.CreateBank("""{"name":"ncii"}""");
        string settings = $$"""{"type":"stopncii","base_url":"{{programme.Address}}","credentials":"env:HM_TEST_API_STOPNCII_FEEDBACK","feedback":true}""";
        await TestServer.Send(admin, HttpMethod.Post, "/v1/exchanges", TestServer.Json($$"""{"name":"ncii","bank":"ncii","settings":{{settings}}}"""), 201);
        await TestServer.Send(admin, HttpMethod.Post, "/v1/exchanges/ncii/fetch", null);

        SourceEvent[] kept = [.. history.Latest.Values.Where(e => e.Pdq is not null).Take(2)];
        var decisions = new List<string>();
        foreach (SourceEvent e in kept)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            JsonElement result;
            while (!(result = (await server.Lookup($$"""{"hashes":[{"pdq":"{{StopNciiServer.HashOf(e.Id)}}"}]}""")).GetProperty("results")[0]).GetProperty("matched").GetBoolean())
            {
                Assert.True(DateTime.UtcNow < deadline, "the fetched entries did not reach the index in 30 s");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            decisions.Add(result.GetProperty("decision_id").GetString()!);
        }

        await TestServer.Send(server.Review, HttpMethod.Post, "/v1/reviews", TestServer.Json($$"""{"decision_id":"{{decisions[0]}}","verdict":"false_positive","reviewer":"r1"}"""));
        await TestServer.Send(server.Review, HttpMethod.Post, "/v1/reviews", TestServer.Json($$"""{"decision_id":"{{decisions[1]}}","verdict":"undetermined","reviewer":"r1"}"""));
        Assert.Equal(1, (await TestServer.Send(admin, HttpMethod.Get, "/v1/exchanges/ncii", null)).GetProperty("feedback_pending").GetInt64());

        JsonElement status = await TestServer.Send(admin, HttpMethod.Post, "/v1/exchanges/ncii/fetch", null);

        Assert.Equal((0, 1), (status.GetProperty("feedback_pending").GetInt64(), status.GetProperty("feedback_sent").GetInt64()));
        JsonElement sent = JsonDocument.Parse(Assert.Single(programme.Feedback)).RootElement;
        Assert.Equal(1, sent.GetProperty("count").GetInt32());
        JsonElement item = sent.GetProperty("hashFeedbacks")[0];
        Assert.Equal(("NotBlocked", StopNciiServer.HashOf(kept[0].Id)), (item.GetProperty("feedbackValue").GetString(), item.GetProperty("hashValue").GetString()));
        Assert.Equal([kept[0].Classification], item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }
}
