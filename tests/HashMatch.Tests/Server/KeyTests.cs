using System.Diagnostics;
using System.Net;
using HashMatch.Cli;
using HashMatch.Server;
using HashMatch.Server.Security;
using HashMatch.Server.Storage;
using Microsoft.Extensions.Time.Testing;

namespace HashMatch.Tests.Server;

/// <summary>
/// API keys as data (issue 22): <c>hashmatch serve keys add|list|revoke</c>, revocation reaching every replica of a
/// store within the poll interval, environment keys re-synced at start, the minimum length, the failed-key throttle
/// and last-use times.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class KeyTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Keys_added_and_revoked_with_the_command_count_on_every_replica_within_the_poll_interval(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer first = await TestServer.StartAsync(store);
        await using TestServer second = await TestServer.StartAsync(store);
        string[] where = store.Database is { } database ? ["--database", database] : ["--data", store.DataDirectory];

        var (code, key, error) = await Keys(["add", .. where, "--name", "ingest", "--scope", "read", "--scope", "metrics"]);
        Assert.True(code == ExitCodes.Success, error);
        key = key.Trim();
        Assert.Matches("^hm_[A-Za-z0-9_-]{43}$", key); // 256 random bits, base64url
        Assert.Contains("ingest", error);
        Assert.Equal(ExitCodes.Failed, (await Keys(["add", .. where, "--name", "ingest", "--scope", "write"])).Code); // names are unique
        Assert.Equal(ExitCodes.BadArguments, (await Keys(["add", .. where, "--name", "x", "--scope", "root"])).Code);
        Assert.Equal(ExitCodes.BadArguments, (await Keys(["add", .. where, "--name", "123", "--scope", "read"])).Code);
        Assert.Equal(ExitCodes.BadArguments, (await Keys(["list"])).Code); // no store named

        using HttpClient firstClient = first.Client(key), secondClient = second.Client(key);
        await UntilStatus(firstClient, "/v1/banks", HttpStatusCode.OK);
        await UntilStatus(secondClient, "/v1/banks", HttpStatusCode.OK);
        await UntilStatus(secondClient, "/metrics", HttpStatusCode.OK);
        await TestServer.Send(firstClient, HttpMethod.Post, "/v1/banks", TestServer.Json("""{"name":"known"}"""), 403); // no write scope

        (code, string list, error) = await Keys(["list", .. where]);
        Assert.True(code == ExitCodes.Success, error);
        Assert.DoesNotContain(key, list);
        string[] row = list.Split('\n').Single(l => l.Contains("\tingest\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(("read,metrics", "command", "-"), (row[2], row[3], row[6]));

        (code, _, error) = await Keys(["revoke", .. where, "ingest"]);
        Assert.True(code == ExitCodes.Success, error);
        var revoked = Stopwatch.StartNew();
        await UntilStatus(firstClient, "/v1/banks", HttpStatusCode.Unauthorized);
        await UntilStatus(secondClient, "/v1/banks", HttpStatusCode.Unauthorized);
        await UntilStatus(secondClient, "/metrics", HttpStatusCode.Unauthorized);
        Assert.True(revoked.Elapsed < TimeSpan.FromSeconds(10), $"revocation took {revoked.Elapsed.TotalSeconds:F1} s to reach both replicas (poll interval 0.2 s)");

        (_, list, _) = await Keys(["list", .. where]);
        row = list.Split('\n').Single(l => l.Contains("\tingest\t", StringComparison.Ordinal)).Split('\t');
        Assert.NotEqual("-", row[6]);
        Assert.NotEqual("-", row[5]); // it was used
        Assert.Equal(ExitCodes.Failed, (await Keys(["revoke", .. where, "no-such-key"])).Code);

        // By id as well: the environment's write key is id 1 (stored first at the first start).
        Assert.Equal(ExitCodes.Success, (await Keys(["revoke", .. where, "1"])).Code);
        await UntilStatus(first.Write, "/v1/banks", HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_key_removed_from_the_environment_stops_working_after_a_restart(StoreKind kind)
    {
        // Before issue 22 a bootstrapped digest stayed in hm_api_keys for good: the key worked after it was removed.
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using (TestServer server = await TestServer.StartAsync(store))
        {
            await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks", null);
        }

        ServerOptions writeOnly = store.Options() with { ApiKeys = $"{TestServer.WriteKey}:write" };
        await using (TestServer restarted = await TestServer.StartFromOptionsAsync(writeOnly))
        {
            await TestServer.Send(restarted.Read, HttpMethod.Get, "/v1/banks", null, 401);
            await TestServer.Send(restarted.Write, HttpMethod.Get, "/v1/banks", null);
        }

        // Revocation is final: putting the key back does not bring it back.
        await using (TestServer again = await TestServer.StartAsync(store))
        {
            await TestServer.Send(again.Read, HttpMethod.Get, "/v1/banks", null, 401);
            await TestServer.Send(again.Write, HttpMethod.Get, "/v1/banks", null);
        }

        using var catalog = await ApiKeyCatalog.OpenAsync(store.Options());
        ApiKeyRecord read = (await catalog.ListAsync()).Single(k => k.Sha256Hex == ApiKeyRecord.Digest(TestServer.ReadKey));
        Assert.Equal((ApiKeySource.Environment, false), (read.Source, read.IsActive));
        Assert.StartsWith("env-", read.Name);
    }

    [Fact]
    public async Task A_short_environment_key_stops_the_start_with_the_reason()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        var error = await Assert.ThrowsAsync<HashMatchException>(() => HashMatchServer.StartAsync(store.Options() with { ApiKeys = "short-key-123456789:read" }));
        Assert.Equal(HashMatchErrorReason.Malformed, error.Reason);
        Assert.Contains("HASHMATCH_API_KEYS", error.Message);
        Assert.Contains("at least 22 characters", error.Message);
        Assert.DoesNotContain("short-key-123456789", error.Message); // keys are never echoed

        error = await Assert.ThrowsAsync<HashMatchException>(() => HashMatchServer.StartAsync(store.Options() with { ApiKeys = $"{TestServer.ReadKey}:root" }));
        Assert.Contains("read, write, metrics, review, admin", error.Message);
    }

    [Fact]
    public async Task Failed_keys_from_one_address_are_answered_429_until_the_window_ends()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using TestServer server = await TestServer.StartFromOptionsAsync(store.Options(), clock);
        using HttpClient guesser = server.Client("guessed-key-000000000000000");

        for (int i = 0; i < FailedKeyThrottle.Limit; i++)
        {
            await TestServer.Send(guesser, HttpMethod.Get, "/v1/banks", null, 401);
        }

        // Over the limit every keyed request from the address is refused, a valid key's too (or guessing would go on);
        // requests without a key and the probes are not affected.
        using (HttpResponseMessage refused = await guesser.GetAsync("/v1/banks"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        }

        await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks", null, 429);
        await TestServer.Send(server.Anonymous, HttpMethod.Get, "/v1/banks", null, 401);
        await TestServer.Send(server.Anonymous, HttpMethod.Get, "/health/live", null);

        clock.Advance(TimeSpan.FromSeconds(45));
        using (HttpResponseMessage refused = await server.Read.GetAsync("/v1/banks"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(15), refused.Headers.RetryAfter?.Delta);
        }

        clock.Advance(TimeSpan.FromSeconds(15));
        await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks", null);
        await TestServer.Send(guesser, HttpMethod.Get, "/v1/banks", null, 401); // a new window
    }

    [Fact]
    public async Task Last_use_is_written_at_most_once_a_minute()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        DateTimeOffset start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var clock = new FakeTimeProvider(start);
        await using TestServer server = await TestServer.StartFromOptionsAsync(store.Options(), clock);
        using var catalog = await ApiKeyCatalog.OpenAsync(store.Options());

        await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks", null);
        await UntilLastUse(start);

        clock.Advance(TimeSpan.FromSeconds(30));
        await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks", null);

        // Within the minute nothing is written. The write is not awaited by the request, so give one a moment to show
        // (on a slow machine this can only miss a write, never see one that did not happen).
        await Task.Delay(300);
        Assert.Equal(start, (await catalog.ListAsync()).Single(k => k.Sha256Hex == ApiKeyRecord.Digest(TestServer.ReadKey)).LastUsed);
        clock.Advance(TimeSpan.FromSeconds(31));
        await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks", null);
        await UntilLastUse(start + TimeSpan.FromSeconds(61));

        async Task UntilLastUse(DateTimeOffset expected)
        {
            var waited = Stopwatch.StartNew();
            while ((await catalog.ListAsync()).Single(k => k.Sha256Hex == ApiKeyRecord.Digest(TestServer.ReadKey)).LastUsed != expected)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"last use never became {expected:O}");
                await Task.Delay(20);
            }
        }

        Assert.Null((await catalog.ListAsync()).Single(k => k.Sha256Hex == ApiKeyRecord.Digest(TestServer.WriteKey)).LastUsed);
    }

    private static async Task<(int Code, string Out, string Error)> Keys(string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CliApplication.RunAsync(["serve", "keys", .. arguments], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task UntilStatus(HttpClient client, string path, HttpStatusCode expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using HttpResponseMessage response = await client.GetAsync(path);
            if (response.StatusCode == expected)
            {
                return;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"GET {path} was {(int)response.StatusCode}, not {(int)expected}, after 10 s");
            await Task.Delay(20);
        }
    }
}
