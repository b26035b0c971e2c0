using System.Diagnostics;
using System.Net;
using System.Text.Json;
using HashMatch.Lists;
using HashMatch.Server;
using Npgsql;

namespace HashMatch.Tests.Server;

/// <summary>
/// A rebuild that fails while the store cannot be read is retried until it succeeds; meanwhile the import that asked
/// for it is not reported as applied, and readiness fails once the replica has been behind for longer than
/// <c>--stale-after</c> (issue 22, finding 3: the replica matched 0 of 50 imported hashes long after the store came
/// back, with readiness 200 and the import answered <c>applied: true</c>).
/// </summary>
[Trait("Cost", "Integration")]
public sealed class RebuildFaultTests(PostgresCluster cluster)
{
    [Fact]
    public async Task A_failed_rebuild_is_retried_and_readiness_and_applied_never_claim_what_is_not_served()
    {
        // The store's fault: the server's role loses SELECT on the entries table, which the rebuild reads and an import
        // (COPY, an insert) does not need: so the import commits and its rebuild fails, as when PostgreSQL went away
        // during it.
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Postgres, cluster);
        string connection = store.Database!;
        Assert.False(await Scalar<bool>(connection, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"),
            "the test's PostgreSQL role is a superuser, which no privilege can stop: give HASHMATCH_TEST_POSTGRES an ordinary role");
        var options = new ServerOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(100),
            StaleAfter = TimeSpan.FromSeconds(2),
            DeltaLimit = 10,
        };
        await using (TestServer server = await TestServer.StartAsync(store, options))
        {
            await server.CreateBank("""{"name":"known"}""");
            var random = new Random(11);
            var entries = Enumerable.Range(0, 50).Select(i => new ListEntry { Id = $"e{i}", Pdq = RandomHashes.Next(random) }).ToList();
            string probe = JsonSerializer.Serialize(new { hashes = entries.Select(e => new { pdq = e.Pdq!.Value.ToString() }) });

            await Execute(connection, "REVOKE SELECT ON hm_entries FROM CURRENT_USER");
            JsonElement imported = await server.Import("known", MatchingApiTests.ToTsv(entries));
            Assert.Equal(50, imported.GetProperty("added").GetInt64());
            Assert.False(imported.GetProperty("applied").GetBoolean()); // 50 > the delta limit: served only after a rebuild, which fails
            Assert.Equal(0, await Matched(server, probe));

            // Behind for longer than --stale-after: not ready (it stayed 200 before).
            await Until(async () => (await server.Anonymous.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, "readiness to fail");
            JsonElement index = await TestServer.Send(server.Read, HttpMethod.Get, "/v1/index", null);
            Assert.True(index.GetProperty("banks")[0].GetProperty("pending_rebuild").GetBoolean());

            // The store is readable again: the rebuild is retried, every imported hash matches, and the replica is ready.
            await Execute(connection, "GRANT SELECT ON hm_entries TO CURRENT_USER");
            await Until(async () => await Matched(server, probe) == 50, "every imported hash to match");
            await Until(async () => (await server.Anonymous.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "readiness");
        }
    }

    private static async Task<int> Matched(TestServer server, string probe) =>
        (await server.Lookup(probe)).GetProperty("results").EnumerateArray().Count(r => r.GetProperty("matched").GetBoolean());

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"waited 60 s for {what}");
            await Task.Delay(100);
        }
    }

    private static async Task<T> Scalar<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
