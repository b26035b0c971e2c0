using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HashMatch.Server;

namespace HashMatch.Tests.Server;

/// <summary>A real server on loopback (Kestrel on port 0) over a <see cref="TestStore"/>, with clients holding each key.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    // At least 22 characters, the shortest bootstrap key the server accepts.
    public const string WriteKey = "test-write-key-0123456789";
    public const string ReadKey = "test-read-key-0123456789";
    public const string MetricsKey = "test-metrics-key-0123456789";
    public const string ReviewKey = "test-review-key-0123456789";
    public const string AdminKey = "test-admin-key-0123456789";
    public const string ApiKeys = $"{WriteKey}:write,{ReadKey}:read,{MetricsKey}:metrics,{ReviewKey}:review,{AdminKey}:admin";

    private TestServer(HashMatchServer server)
    {
        Server = server;
        Uri address = server.Urls[0];
        Write = Client(address, WriteKey);
        Read = Client(address, ReadKey);
        Metrics = Client(address, MetricsKey);
        Review = Client(address, ReviewKey);
        Anonymous = Client(address, null);
    }

    public HashMatchServer Server { get; }

    public HttpClient Write { get; }

    public HttpClient Read { get; }

    public HttpClient Metrics { get; }

    public HttpClient Review { get; }

    public HttpClient Anonymous { get; }

    public static Task<TestServer> StartAsync(TestStore store, ServerOptions? overrides = null) => StartFromOptionsAsync(store.Options(overrides));

    /// <summary>A server with exactly <paramref name="options"/> (a store the test set up itself), once ready.</summary>
    public static async Task<TestServer> StartFromOptionsAsync(ServerOptions options, TimeProvider? clock = null)
    {
        HashMatchServer server = await HashMatchServer.StartAsync(options, clock ?? TimeProvider.System, TestContext.Current.CancellationToken);
        var started = new TestServer(server);
        await started.WaitReadyAsync();
        return started;
    }

    public async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await Anonymous.GetAsync("/health/ready")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the server did not become ready in 60 s");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Write.Dispose();
        Read.Dispose();
        Metrics.Dispose();
        Review.Dispose();
        Anonymous.Dispose();
        await Server.DisposeAsync();
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Sends and checks the status; returns the JSON answer.</summary>
    public static async Task<JsonElement> Send(HttpClient client, HttpMethod method, string path, HttpContent? content, int expected = 200)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (expected == 413)
        {
            // The server refuses a body over its limit without reading it and closes the connection, so a client still
            // writing the body may see a broken pipe before the answer (a stress run did). Expect: 100-continue is how
            // HTTP lets the answer come before the body (curl sends it for large bodies): then it always arrives.
            request.Headers.ExpectContinue = true;
        }

        using HttpResponseMessage response = await client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} (expected {expected}): {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public Task<JsonElement> CreateBank(string json) => Send(Write, HttpMethod.Post, "/v1/banks", Json(json), 201);

    public Task<JsonElement> Import(string bank, string list, string contentType = "text/tab-separated-values", int expected = 200) =>
        Send(Write, HttpMethod.Post, $"/v1/banks/{bank}/import", new StringContent(list, Encoding.UTF8, contentType), expected);

    /// <summary>Rebuilds every bank (which saves each bank's index file) and waits until no bank has changes outside its base.</summary>
    public async Task RebuildAsync()
    {
        await Send(Write, HttpMethod.Post, "/v1/index/rebuild", null, 202);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await Send(Read, HttpMethod.Get, "/v1/index", null)) is var state
            && (state.GetProperty("rebuilding").GetBoolean() || state.GetProperty("banks").EnumerateArray().Any(b => b.GetProperty("delta_entries").GetInt64() > 0)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the rebuild did not finish in 60 s");
            await Task.Delay(50);
        }
    }

    public Task<JsonElement> Lookup(string json, HttpClient? client = null) => Send(client ?? Read, HttpMethod.Post, "/v1/lookup", Json(json));

    /// <summary>
    /// A lookup's results as JSON text without their <c>decision_id</c>s: every answer with a match records a new
    /// decision, so two answers that agree differ only there.
    /// </summary>
    public async Task<string> LookupResults(string json)
    {
        var results = System.Text.Json.Nodes.JsonNode.Parse((await Lookup(json)).GetProperty("results").GetRawText())!.AsArray();
        foreach (System.Text.Json.Nodes.JsonNode? result in results)
        {
            result!.AsObject().Remove("decision_id");
        }

        return results.ToJsonString();
    }

    public Task<JsonElement> Match(byte[] image, string fileName = "upload.jpg", int expected = 200)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return Send(Read, HttpMethod.Post, "/v1/match", form, expected);
    }

    /// <summary>A client of this server sending <paramref name="key"/> (none when null).</summary>
    public HttpClient Client(string? key) => Client(Server.Urls[0], key);

    private static HttpClient Client(Uri address, string? key)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }
}
