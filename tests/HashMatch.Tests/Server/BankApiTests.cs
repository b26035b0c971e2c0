using System.Net;
using System.Text.Json;

namespace HashMatch.Tests.Server;

/// <summary>Bank CRUD, API-key scopes, problem details, health, metrics and the OpenAPI document, on both stores.</summary>
[Trait("Cost", "Integration")]
public sealed class BankApiTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Banks_are_created_read_changed_and_deleted(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);

        JsonElement created = await server.CreateBank("""{"name":"known"}""");
        Assert.Equal("known", created.GetProperty("name").GetString());
        Assert.Equal(31, created.GetProperty("max_distance").GetInt32());
        Assert.Equal("none", created.GetProperty("variants").GetString());
        Assert.Equal("known", created.GetProperty("role").GetString());
        Assert.True(created.GetProperty("enabled").GetBoolean());
        Assert.Equal(0, created.GetProperty("entries").GetInt64());

        await server.CreateBank("""{"name":"fp.v1","role":"exclusion","max_distance":20,"variants":"region,pixel-dihedral","enabled":false}""");
        JsonElement list = await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks", null);
        Assert.Equal(["known", "fp.v1"], list.GetProperty("banks").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        JsonElement fp = await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/fp.v1", null);
        Assert.Equal(("exclusion", 20, "pixel-dihedral,region", false),
            (fp.GetProperty("role").GetString(), fp.GetProperty("max_distance").GetInt32(), fp.GetProperty("variants").GetString(), fp.GetProperty("enabled").GetBoolean()));

        JsonElement patched = await TestServer.Send(server.Write, HttpMethod.Patch, "/v1/banks/fp.v1", TestServer.Json("""{"enabled":true,"min_query_quality":70}"""));
        Assert.True(patched.GetProperty("enabled").GetBoolean());
        Assert.Equal(70, patched.GetProperty("min_query_quality").GetInt32());
        Assert.Equal(20, patched.GetProperty("max_distance").GetInt32()); // unchanged

        await TestServer.Send(server.Write, HttpMethod.Delete, "/v1/banks/fp.v1", null);
        await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/fp.v1", null, 404);
        JsonElement index = await TestServer.Send(server.Read, HttpMethod.Get, "/v1/index", null);
        Assert.Equal(["known"], index.GetProperty("banks").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Bad_requests_are_problem_details_naming_the_field(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        await server.CreateBank("""{"name":"known"}""");

        foreach (var (json, expected, words) in new[]
        {
            ("""{"name":"known"}""", 409, "exists"),
            ("""{"name":"has space"}""", 400, "bank name"),
            ("""{"name":"#delta"}""", 400, "bank name"),
            ("""{"name":"x","max_distance":300}""", 400, "max_distance"),
            ("""{"name":"x","max_distance":97}""", 400, "max_distance"),
            ("""{"name":"x","variants":"sideways"}""", 400, "sideways"),
            ("""{"name":"x","role":"maybe"}""", 400, "maybe"),
        })
        {
            using var response = await server.Write.PostAsync("/v1/banks", TestServer.Json(json));
            Assert.Equal(expected, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(expected, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains(words, problem.RootElement.GetProperty("detail").GetString());
        }

        JsonElement bad = await TestServer.Send(server.Read, HttpMethod.Post, "/v1/lookup", TestServer.Json("""{"hashes":[{"pdq":"00"},{"md5":"x"}]}"""), 400);
        Assert.Contains("hashes[0].pdq", bad.GetProperty("detail").GetString());
        bad = await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks/known/entries", TestServer.Json("""{"entries":[{"id":"a","pdq":"%s"},{"id":"b"}]}""".Replace("%s", new string('0', 64))), 400);
        Assert.Contains("entries[1]: no hash", bad.GetProperty("detail").GetString());
        bad = await server.Import("known", "id\tpdq\nA\tnot-hex\n", expected: 400);
        Assert.Contains("line 2", bad.GetProperty("detail").GetString());
        await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks/missing/entries", TestServer.Json("""{"entries":[{"id":"a","md5":"%s"}]}""".Replace("%s", new string('0', 32))), 404);
        JsonElement known = await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/known", null);
        Assert.Equal(0, known.GetProperty("entries").GetInt64()); // the malformed import added nothing
    }

    [Fact]
    public async Task Keys_are_stored_hashed_and_scopes_give_401_and_403()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using (TestServer server = await TestServer.StartAsync(store))
        {
            using var wrongKey = new HttpClient { BaseAddress = server.Server.Urls[0] };
            wrongKey.DefaultRequestHeaders.Add("X-Api-Key", "not-a-stored-key-0123456789");
            string lookup = """{"hashes":[{"md5":"00000000000000000000000000000000"}]}""";
            foreach (HttpClient client in (HttpClient[])[server.Anonymous, wrongKey])
            {
                using var response = await client.PostAsync("/v1/lookup", TestServer.Json(lookup));
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }

            using (var response = await server.Read.PostAsync("/v1/banks", TestServer.Json("""{"name":"known"}""")))
            {
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }

            await server.Lookup(lookup);                   // read key: read endpoints
            await server.Lookup(lookup, server.Write);     // write keys may read too
            await server.CreateBank("""{"name":"known"}""");
            await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/known/export", null, 403); // the list itself needs write

            // Probes need no key; metrics and the OpenAPI document name the banks, so they do (issue 22): metrics the
            // metrics scope, the document any valid key. A metrics key reads nothing else.
            await TestServer.Send(server.Anonymous, HttpMethod.Get, "/health/live", null);
            await TestServer.Send(server.Anonymous, HttpMethod.Get, "/health/ready", null);
            await TestServer.Send(server.Anonymous, HttpMethod.Get, "/metrics", null, 401);
            await TestServer.Send(wrongKey, HttpMethod.Get, "/metrics", null, 401);
            await TestServer.Send(server.Read, HttpMethod.Get, "/metrics", null, 403);
            await TestServer.Send(server.Write, HttpMethod.Get, "/metrics", null, 403);
            await TestServer.Send(server.Anonymous, HttpMethod.Get, "/openapi/v1.json", null, 401);
            await TestServer.Send(wrongKey, HttpMethod.Get, "/openapi/v1.json", null, 401);
            await TestServer.Send(server.Metrics, HttpMethod.Get, "/openapi/v1.json", null);
            await TestServer.Send(server.Metrics, HttpMethod.Get, "/v1/banks", null, 403);
            JsonElement forbidden = await TestServer.Send(server.Read, HttpMethod.Post, "/v1/banks", TestServer.Json("""{"name":"x"}"""), 403);
            Assert.Contains("'write'", forbidden.GetProperty("detail").GetString());
        }

        // Only SHA-256 digests are stored: not in the table, not anywhere in the files.
        string digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(TestServer.WriteKey)));
        string path = Path.Combine(store.DataDirectory, "hashmatch.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var command = new Microsoft.Data.Sqlite.SqliteCommand("SELECT key_sha256 FROM hm_keys ORDER BY key_sha256", connection);
            await using var row = await command.ExecuteReaderAsync();
            var stored = new List<string>();
            while (await row.ReadAsync())
            {
                stored.Add(row.GetString(0));
            }

            Assert.Contains(digest, stored);
            Assert.Equal(TestServer.ApiKeys.Split(',').Length, stored.Count);
        }

        string files = string.Concat(Directory.GetFiles(store.DataDirectory, "hashmatch.db*").Select(f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.DoesNotContain(TestServer.WriteKey, files);
        Assert.DoesNotContain(TestServer.ReadKey, files);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_and_the_openapi_document_lists_the_endpoints()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        await server.CreateBank("""{"name":"known"}""");
        string pdq = new('a', 64);
        await server.Import("known", $"id\tpdq\tquality\nA\t{pdq}\t90\n");
        await server.Lookup($$"""{"hashes":[{"pdq":"{{pdq}}"}]}""");

        using HttpResponseMessage response = await server.Metrics.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        string metrics = await response.Content.ReadAsStringAsync();
        foreach (string expected in (string[])
        [
            "# TYPE http_request_duration_seconds histogram",
            "http_requests_received_total{code=\"200\",method=\"POST\",controller=\"\",action=\"\",endpoint=\"/v1/lookup\"}",
            "hashmatch_candidates_total{bank=\"known\",method=\"pdq\",verdict=\"Match\"} 1",
            "hashmatch_queries_total{kind=\"lookup\"} 1",
            "hashmatch_index_entries{bank=\"known\",part=\"delta\"} 1",
            "hashmatch_index_sequence 2",
            "# TYPE hashmatch_index_staleness_seconds gauge",
            "# TYPE hashmatch_index_rebuild_duration_seconds histogram",
            "process_working_set_bytes",
        ])
        {
            Assert.Contains(expected, metrics);
        }

        JsonElement openApi = await TestServer.Send(server.Read, HttpMethod.Get, "/openapi/v1.json", null);
        JsonElement paths = openApi.GetProperty("paths");
        foreach (string path in (string[])["/v1/match", "/v1/lookup", "/v1/hash", "/v1/banks", "/v1/banks/{name}", "/v1/banks/{name}/entries", "/v1/banks/{name}/import", "/v1/banks/{name}/export", "/v1/index", "/health/ready"])
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI has no {path}");
        }
    }
}
