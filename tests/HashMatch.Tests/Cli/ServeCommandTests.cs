using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
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

        int port = FreePort();
        string cli = Path.Combine(TestData.RepositoryRoot, "src", "HashMatch.Cli", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "HashMatch.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in (string[])[cli, "serve", "--data", Path.Combine(_folder, "data"), "--urls", $"http://127.0.0.1:{port}"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HASHMATCH_API_KEYS"] = $"{WriteKey}:write,{ReadKey}:read,{MetricsKey}:metrics";
        using Process serve = Process.Start(start)!;
        var log = new StringBuilder();
        serve.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        serve.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        serve.BeginErrorReadLine();
        serve.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitReady(http, serve, log);
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
                Assert.True(logged.Elapsed < TimeSpan.FromSeconds(10), $"the failed key was not logged: {Text(log)}");
                await Task.Delay(50);
            }

            Assert.False(Logged(wrongKey));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/v1/lookup", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/v1/banks", new StringContent("""{"name":"x"}""", Encoding.UTF8, "application/json"))).StatusCode);
        }
        finally
        {
            using (Process kill = Process.Start("bash", ["-c", $"kill -TERM {serve.Id}"]))
            {
                kill.WaitForExit();
            }

            Assert.True(serve.WaitForExit(TimeSpan.FromSeconds(30)), "serve did not stop on SIGTERM");
        }

        Assert.Equal(ExitCodes.Terminated, serve.ExitCode);

        bool Logged(string text)
        {
            lock (log)
            {
                return log.ToString().Contains(text, StringComparison.Ordinal);
            }
        }

        HttpClient Keyed(string key)
        {
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            return client;
        }
    }

    private static async Task<JsonDocument> Post(HttpClient client, string path, HttpContent content, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await client.PostAsync(path, content);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body);
    }

    /// <summary>
    /// The log so far. The process's output handlers append to it on other threads, and a StringBuilder read while
    /// it grows can throw (a stress run failed so in an assertion message, evaluated even when the assertion holds).
    /// </summary>
    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static async Task WaitReady(HttpClient http, Process serve, StringBuilder log)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(serve.HasExited, $"serve exited with {(serve.HasExited ? serve.ExitCode : 0)}: {Text(log)}");
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"serve was not ready in 60 s: {Text(log)}");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
