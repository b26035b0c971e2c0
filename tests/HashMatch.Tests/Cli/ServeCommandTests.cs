using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using HashMatch.Tests.Server;
using System.Text;
using System.Text.Json;
using HashMatch.Cli;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Cli;

/// <summary>
/// <c>hashmatch serve</c> as an operator runs it — a process, keys from <c>HASHMATCH_API_KEYS</c> — through the
/// acceptance interface: create a bank, import a <c>hashmatch hash</c> TSV, look up a PDQ hash, match an upload,
/// probes and metrics; SIGTERM stops it.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class ServeCommandTests : IDisposable
{
    private const string WriteKey = "w-key-serve-command-0123456789";
    private const string ReadKey = "r-key-serve-command-0123456789";
    private const string MetricsKey = "m-key-serve-command-0123456789";

    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-serve").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Serve_answers_the_acceptance_interface_and_stops_on_sigterm()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "known"));
        for (int i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Combine(_folder, "known", $"{i}.jpg"), SyntheticImages.Encode(500, 400, 300 + i, SKEncodedImageFormat.Jpeg));
        }

        var hashOut = new StringWriter();
        Assert.Equal(0, await CliApplication.RunAsync(["hash", Path.Combine(_folder, "known"), "--quiet"], hashOut, new StringWriter()));
        string tsv = hashOut.ToString();
        string firstPdq = tsv.Split('\n')[1].Split('\t')[2];

        // The same process harness as the service's process tests (a locked log, readiness, SIGTERM), with a metrics key.
        await using ServeProcess serve = await ServeProcess.StartAsync(
            Path.Combine(_folder, "data"),
            environment: new Dictionary<string, string> { ["HASHMATCH_API_KEYS"] = $"{WriteKey}:write,{ReadKey}:read,{MetricsKey}:metrics" });
        int? exitCode;
        try
        {
            using HttpClient http = serve.Client(null);
            var writer = Keyed(WriteKey);
            var reader = Keyed(ReadKey);

            await Post(writer, "/v1/banks", new StringContent("""{"name":"known"}""", Encoding.UTF8, "application/json"), HttpStatusCode.Created);
            var body = new StringContent(tsv, Encoding.UTF8);
            body.Headers.ContentType = new MediaTypeHeaderValue("text/tab-separated-values");
            using JsonDocument imported = await Post(writer, "/v1/banks/known/import", body, HttpStatusCode.OK);
            Assert.Equal(3, imported.RootElement.GetProperty("added").GetInt64());

            // Visible to lookups once this replica serves the import: on an idle machine within a second, but serve is a
            // process of its own on real timers, competing for two cores with the rest of a test run and a build beside
            // it, so the bound is a generous 60 s — it tells an import that shows from one that never does.
            var clock = Stopwatch.StartNew();
            int distance;
            while (true)
            {
                using JsonDocument found = await Post(reader, "/v1/lookup", new StringContent($$"""{"hashes":[{"pdq":"{{firstPdq}}"}]}""", Encoding.UTF8, "application/json"), HttpStatusCode.OK);
                JsonElement candidates = found.RootElement.GetProperty("results")[0].GetProperty("candidates");
                if (candidates.GetArrayLength() > 0)
                {
                    distance = candidates[0].GetProperty("distance").GetInt32();
                    break;
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the import was not visible after {clock.Elapsed.TotalSeconds:F0} s");
                await Task.Delay(50);
            }

            Assert.Equal(0, distance);
            var form = new MultipartFormDataContent { { new ByteArrayContent(SyntheticImages.Encode(500, 400, 301, SKEncodedImageFormat.Jpeg, 70)), "file", "upload.jpg" } };
            using JsonDocument matched = await Post(reader, "/v1/match", form, HttpStatusCode.OK);
            Assert.Equal("known", matched.RootElement.GetProperty("candidates")[0].GetProperty("list").GetString());
            Assert.True(matched.RootElement.GetProperty("matched").GetBoolean());

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
            Assert.Contains("hashmatch_index_entries{bank=\"known\"", await Keyed(MetricsKey).GetStringAsync("/metrics"));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/metrics")).StatusCode);

            // A wrong key is logged with the client's address, never with the key itself.
            const string wrongKey = "not-a-stored-key-0123456789";
            Assert.Equal(HttpStatusCode.Unauthorized, (await Keyed(wrongKey).GetAsync("/v1/banks")).StatusCode);
            var logged = Stopwatch.StartNew();
            while (!Logged("Refused an unknown or revoked API key from 127.0.0.1"))
            {
                Assert.True(logged.Elapsed < TimeSpan.FromSeconds(10), $"the failed key was not logged: {serve.Log}");
                await Task.Delay(50);
            }

            Assert.False(Logged(wrongKey));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/v1/lookup", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/v1/banks", new StringContent("""{"name":"x"}""", Encoding.UTF8, "application/json"))).StatusCode);
        }
        finally
        {
            serve.Terminate();
            exitCode = await serve.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(exitCode is not null, "serve did not stop on SIGTERM");
        Assert.Equal(ExitCodes.Terminated, exitCode);

        bool Logged(string text) => serve.Log.Contains(text, StringComparison.Ordinal);

        HttpClient Keyed(string key) => serve.Client(key);
    }

    private static async Task<JsonDocument> Post(HttpClient client, string path, HttpContent content, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await client.PostAsync(path, content);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body);
    }
}
