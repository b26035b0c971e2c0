using System.Net;
using System.Text.Json;
using HashMatch.Server;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Server;

/// <summary>Body, pixel, rate, concurrent-decode and time limits refuse with 413, 429 and 503 (with Retry-After) as problem details.</summary>
[Trait("Cost", "Integration")]
public sealed class LimitTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Bodies_and_pixels_over_the_limits_are_413()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store, new ServerOptions { MaxBodyBytes = 64 * 1024, MaxPixels = 100_000 });
        byte[] large = new byte[100 * 1024]; // refused while the body is read, before any decoding
        new Random(1).NextBytes(large);
        JsonElement problem = await server.Match(large, expected: 413);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());

        byte[] manyPixels = SyntheticImages.Encode(640, 480, 2, SKEncodedImageFormat.Jpeg, 30);
        Assert.True(manyPixels.Length < 64 * 1024);
        problem = await server.Match(manyPixels, expected: 413);
        Assert.Contains("pixels", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        await server.Match(SyntheticImages.Encode(300, 200, 3, SKEncodedImageFormat.Jpeg)); // within both limits
    }

    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store, new ServerOptions { RateLimit = 2, RateBurstSeconds = 1 });
        string lookup = """{"hashes":[{"md5":"00000000000000000000000000000000"}]}""";
        var statuses = new List<HttpResponseMessage>();
        for (int i = 0; i < 10; i++)
        {
            statuses.Add(await server.Read.PostAsync("/v1/lookup", TestServer.Json(lookup)));
        }

        HttpResponseMessage refused = Assert.Single(statuses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).Take(1));
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains(statuses, r => r.StatusCode == HttpStatusCode.OK);

        // Other keys have buckets of their own.
        Assert.Equal(HttpStatusCode.OK, (await server.Write.PostAsync("/v1/lookup", TestServer.Json(lookup))).StatusCode);
        statuses.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task Decodes_beyond_the_slots_and_queue_get_503_with_retry_after()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store, new ServerOptions { MaxConcurrentDecodes = 1, DecodeQueue = 1 });
        byte[] image = SyntheticImages.Encode(3000, 2000, 4, SKEncodedImageFormat.Png);
        HttpResponseMessage[] answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(image), "file", "big.png" } };
            return server.Read.PostAsync("/v1/match", form);
        }));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        HttpResponseMessage busy = answers.First(a => a.StatusCode == HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), busy.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, a.StatusCode.ToString()));
    }

    [Fact]
    public async Task A_request_over_the_time_limit_gets_503()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        var random = new Random(1);

        // The bank is set up by a server with the default time limit: under 0.1 s, creating it could itself time out on
        // a loaded machine. The server that answers the lookup has the 0.1 s limit and is sent only the lookup, whose
        // scan (10,000 hashes against 200,000 entries at radius 64) takes seconds on any machine — the limit is only
        // ever crossed by a wide margin, never raced.
        await using (TestServer setup = await TestServer.StartAsync(store, new ServerOptions { DeltaLimit = 1_000_000 }))
        {
            await setup.CreateBank("""{"name":"known","max_distance":64}"""); // a radius that scans: slow on purpose
            await setup.Import("known", MatchingApiTests.ToTsv(Enumerable.Range(0, 200_000).Select(i => new HashMatch.Lists.ListEntry { Id = $"{i}", Pdq = RandomHashes.Next(random) })));
        }

        await using TestServer server = await TestServer.StartAsync(store, new ServerOptions { RequestTimeout = TimeSpan.FromMilliseconds(100), DeltaLimit = 1_000_000 });
        string lookup = JsonSerializer.Serialize(new { hashes = Enumerable.Range(0, 10_000).Select(_ => new { pdq = RandomHashes.Next(random).ToString() }) });
        using HttpResponseMessage answer = await server.Read.PostAsync("/v1/lookup", TestServer.Json(lookup));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.NotNull(answer.Headers.RetryAfter);
        Assert.Contains("did not finish", await answer.Content.ReadAsStringAsync());
    }
}
