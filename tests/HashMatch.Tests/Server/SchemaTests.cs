using HashMatch.Cli;
using HashMatch.Server;
using HashMatch.Server.Storage;

namespace HashMatch.Tests.Server;

/// <summary>
/// The store's schema is versioned (issue 22): a store made before versions were recorded is upgraded in place with
/// its data, a store written by a newer binary is refused with a typed error, and every store has a stable identity.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class SchemaTests(PostgresCluster cluster)
{
    /// <summary>The DDL of main before versioning (SqliteBankStore/PostgresBankStore.SchemaStatements), verbatim.</summary>
    private static readonly Dictionary<StoreKind, string[]> UnversionedSchema = new()
    {
        [StoreKind.Sqlite] =
        [
            "PRAGMA journal_mode = WAL",
            "CREATE TABLE IF NOT EXISTS hm_banks (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, max_distance INTEGER NOT NULL, min_query_quality INTEGER NOT NULL, min_entry_quality INTEGER NOT NULL, variants INTEGER NOT NULL, role INTEGER NOT NULL, enabled INTEGER NOT NULL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS hm_entries (id INTEGER PRIMARY KEY, bank_id INTEGER NOT NULL, seq INTEGER NOT NULL, entry_id TEXT NOT NULL, pdq BLOB, quality INTEGER, md5 BLOB, sha1 BLOB, sha256 BLOB, photodna TEXT, category TEXT, tags TEXT, source TEXT, note TEXT, augmented INTEGER NOT NULL)",
            "CREATE INDEX IF NOT EXISTS hm_entries_by_seq ON hm_entries (bank_id, seq)",
            "CREATE INDEX IF NOT EXISTS hm_entries_by_id ON hm_entries (bank_id, entry_id)",
            "CREATE TABLE IF NOT EXISTS hm_changes (seq INTEGER PRIMARY KEY, bank_id INTEGER NOT NULL, kind INTEGER NOT NULL, entry_id TEXT, count INTEGER NOT NULL, at_ms INTEGER NOT NULL)",
            "CREATE INDEX IF NOT EXISTS hm_changes_by_bank ON hm_changes (bank_id, kind, seq)",
            "CREATE TABLE IF NOT EXISTS hm_api_keys (key_sha256 TEXT PRIMARY KEY, scope INTEGER NOT NULL, label TEXT NOT NULL, created_ms INTEGER NOT NULL)",
        ],
        [StoreKind.Postgres] =
        [
            "CREATE TABLE IF NOT EXISTS hm_banks (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name TEXT NOT NULL UNIQUE, max_distance INTEGER NOT NULL, min_query_quality INTEGER NOT NULL, min_entry_quality INTEGER NOT NULL, variants INTEGER NOT NULL, role INTEGER NOT NULL, enabled BOOLEAN NOT NULL, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS hm_entries (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, bank_id BIGINT NOT NULL, seq BIGINT NOT NULL, entry_id TEXT NOT NULL, pdq BYTEA, quality SMALLINT, md5 BYTEA, sha1 BYTEA, sha256 BYTEA, photodna TEXT, category TEXT, tags TEXT, source TEXT, note TEXT, augmented BOOLEAN NOT NULL)",
            "CREATE INDEX IF NOT EXISTS hm_entries_by_seq ON hm_entries (bank_id, seq, id)",
            "CREATE INDEX IF NOT EXISTS hm_entries_by_id ON hm_entries (bank_id, entry_id)",
            "CREATE TABLE IF NOT EXISTS hm_changes (seq BIGINT PRIMARY KEY, bank_id BIGINT NOT NULL, kind INTEGER NOT NULL, entry_id TEXT, count BIGINT NOT NULL, at_ms BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS hm_changes_by_bank ON hm_changes (bank_id, kind, seq)",
            "CREATE TABLE IF NOT EXISTS hm_api_keys (key_sha256 TEXT PRIMARY KEY, scope INTEGER NOT NULL, label TEXT NOT NULL, created_ms BIGINT NOT NULL)",
        ],
    };

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_store_from_before_versions_is_upgraded_with_its_banks_entries_and_keys(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        foreach (string statement in UnversionedSchema[kind])
        {
            await store.SqlAsync(statement);
        }

        // A bank with one entry (MD5 of "a"), its two changes, and two keys bootstrapped back then: the write key (scope
        // 1, which had read too) and one that is no longer in the environment.
        string enabled = kind == StoreKind.Sqlite ? "1" : "TRUE", no = kind == StoreKind.Sqlite ? "0" : "FALSE";
        string md5 = "0cc175b9c0f1b6a831c399e269772661";
        string blob = kind == StoreKind.Sqlite ? $"X'{md5}'" : $"'\\x{md5}'::bytea";
        await store.SqlAsync($"INSERT INTO hm_banks (name, max_distance, min_query_quality, min_entry_quality, variants, role, enabled, created_ms, updated_ms) VALUES ('known', 31, 50, 50, 9, 0, {enabled}, 1, 1)"); // pixel-dihedral and embedded (8, now region)
        await store.SqlAsync($"INSERT INTO hm_entries (bank_id, seq, entry_id, md5, augmented) VALUES (1, 2, 'A', {blob}, {no})");
        await store.SqlAsync("INSERT INTO hm_changes (seq, bank_id, kind, entry_id, count, at_ms) VALUES (1, 1, 0, NULL, 0, 1), (2, 1, 1, NULL, 1, 1)");
        string removed = "removed-key-0123456789abcdef";
        foreach (var (key, scope) in (ValueTuple<string, int>[])[(TestServer.WriteKey, 1), (removed, 0)])
        {
            string digest = ApiKeyRecord.Digest(key);
            await store.SqlAsync($"INSERT INTO hm_api_keys (key_sha256, scope, label, created_ms) VALUES ('{digest}', {scope}, 'HASHMATCH_API_KEYS {digest[..8]}', 1)");
        }

        await using (TestServer server = await TestServer.StartAsync(store))
        {
            Assert.Equal(1L, Convert.ToInt64(await store.SqlAsync("SELECT COUNT(*) FROM hm_schema"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal((long)SchemaMigrations.Latest, Convert.ToInt64(await store.SqlAsync("SELECT version FROM hm_schema"), System.Globalization.CultureInfo.InvariantCulture));
            var answer = await server.Lookup($$"""{"hashes":[{"md5":"{{md5}}"}]}""", server.Write);
            Assert.True(answer.GetProperty("results")[0].GetProperty("matched").GetBoolean());
            await server.CreateBank("""{"name":"later"}"""); // the migrated write key still writes
            System.Text.Json.JsonElement known = await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/known", null);
            Assert.Equal("pixel-dihedral,region", known.GetProperty("variants").GetString());
            using HttpClient old = server.Client(removed);
            await TestServer.Send(old, HttpMethod.Get, "/v1/banks", null, 401); // not in the environment any more
        }

        // A second start finds the store up to date and changes nothing.
        string storeId = (string)(await store.SqlAsync("SELECT store_id FROM hm_schema"))!;
        await using (TestServer again = await TestServer.StartAsync(store))
        {
            Assert.Equal(storeId, again.Server.StoreId);
            JsonElementNames(await TestServer.Send(again.Read, HttpMethod.Get, "/v1/banks", null), ["known", "later"]);
        }
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_store_written_by_a_newer_binary_is_refused_naming_both_versions(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using (TestServer server = await TestServer.StartAsync(store))
        {
            await server.CreateBank("""{"name":"known"}""");
        }

        int newer = SchemaMigrations.Latest + 1;
        await store.SqlAsync($"UPDATE hm_schema SET version = {newer}");
        var error = await Assert.ThrowsAsync<StoreVersionException>(() => HashMatchServer.StartAsync(store.Options()));
        Assert.Equal((newer, SchemaMigrations.Latest), (error.StoredVersion, error.SupportedVersion));
        Assert.Contains(kind == StoreKind.Sqlite ? "sqlite:" : "postgresql:", error.Store);
        Assert.Contains($"version {newer}", error.Message);
        Assert.Contains($"up to version {SchemaMigrations.Latest}", error.Message);
        Assert.Equal((long)newer, Convert.ToInt64(await store.SqlAsync("SELECT version FROM hm_schema"), System.Globalization.CultureInfo.InvariantCulture)); // untouched

        // The command says so and exits 3; so does 'serve keys'.
        string[] where = store.Database is { } database ? ["--database", database] : ["--data", store.DataDirectory];
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Failed, await CliApplication.RunAsync(["serve", .. where, "--urls", "http://127.0.0.1:0"], new StringWriter(), stderr));
        Assert.Contains($"version {newer}", stderr.ToString());
        stderr = new StringWriter();
        Assert.Equal(ExitCodes.Failed, await CliApplication.RunAsync(["serve", "keys", "list", .. where], new StringWriter(), stderr));
        Assert.Contains($"up to version {SchemaMigrations.Latest}", stderr.ToString());
    }

    [Fact]
    public async Task An_entry_found_by_id_is_read_through_the_index_by_id_not_by_scanning_its_bank()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        using (SqlBankStore opened = SqlBankStore.Open(store.Options()))
        {
            await opened.InitializeAsync(CancellationToken.None);
        }

        // The statement SqlBankStore.EntriesAsync runs (and quarantine's copy): SQLite preferred the index by sequence
        // for its ORDER BY, reading every entry of the bank, until migration 5 put the order into the index by id.
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(store.DataDirectory, "hashmatch.db")};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var explain = new Microsoft.Data.Sqlite.SqliteCommand("EXPLAIN QUERY PLAN SELECT * FROM hm_entries WHERE bank_id = 1 AND entry_id = 'e1' ORDER BY seq, id", connection);
        await using var plan = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var steps = new List<string>();
        while (await plan.ReadAsync(TestContext.Current.CancellationToken))
        {
            steps.Add(plan.GetString(3));
        }

        Assert.Equal(["SEARCH hm_entries USING INDEX hm_entries_by_id (bank_id=? AND entry_id=?)"], steps);
    }

    [Fact]
    public async Task Every_store_has_an_identity_that_stays_across_restarts()
    {
        await using TestStore sqlite = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestStore postgres = await TestStore.CreateAsync(StoreKind.Postgres, cluster);
        await using TestStore other = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        string[] ids = [await StoreId(sqlite), await StoreId(postgres), await StoreId(other)];
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(ids[0], await StoreId(sqlite));
        Assert.Equal(ids[1], await StoreId(postgres));

        await using TestServer server = await TestServer.StartAsync(postgres);
        Assert.Equal(ids[1], server.Server.StoreId);

        static async Task<string> StoreId(TestStore store)
        {
            using SqlBankStore opened = SqlBankStore.Open(store.Options());
            Assert.Throws<InvalidOperationException>(() => opened.StoreId);
            await opened.InitializeAsync(CancellationToken.None);
            return opened.StoreId;
        }
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task The_candidates_index_by_entry_exists_only_where_automatic_quarantine_counts(StoreKind kind)
    {
        // Migration 4 created it and migration 8 drops it (each decision recorded paid a random insert into it); a
        // replica started with --quarantine-after makes it again for its count.
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        string catalog = kind == StoreKind.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'hm_decision_candidates_by_entry'"
            : "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'hm_decision_candidates_by_entry'";
        await using (TestServer plain = await TestServer.StartAsync(store))
        {
            Assert.Equal(0L, Convert.ToInt64(await store.SqlAsync(catalog), System.Globalization.CultureInfo.InvariantCulture));
        }

        await using (TestServer counting = await TestServer.StartAsync(store, new() { QuarantineAfter = 3 }))
        {
            Assert.Equal(1L, Convert.ToInt64(await store.SqlAsync(catalog), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void JsonElementNames(System.Text.Json.JsonElement banks, string[] expected) =>
        Assert.Equal(expected, banks.GetProperty("banks").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
}
