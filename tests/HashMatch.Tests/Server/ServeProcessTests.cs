using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HashMatch.Cli;

namespace HashMatch.Tests.Server;

/// <summary>
/// What only a <c>hashmatch serve</c> process shows: hostile requests stay within a small heap (each refused for what
/// it declares or carries before its cost is spent), and SIGTERM lets an import in flight finish before exiting 143.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class ServeProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-serve-process").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Hostile_requests_are_refused_within_a_320_MiB_heap()
    {
        // Issue 22, findings 4 and 5: a headers-only upload declaring 2 GB allocated 2 GB (500 OutOfMemory under a heap
        // limit); 30 MiB of '{}' in a lookup bound 10 million objects (about 1.3 GB) before the 10,000 check.
        await using ServeProcess serve = await ServeProcess.StartAsync(Path.Combine(_folder, "data"),
            environment: new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x14000000" });
        long before = serve.PeakResidentBytes();

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(serve.Address.Host, serve.Address.Port, TestContext.Current.CancellationToken);
            NetworkStream stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST /v1/match HTTP/1.1\r\nHost: x\r\nX-Api-Key: {ServeProcess.ReadKey}\r\nContent-Type: image/jpeg\r\nContent-Length: 2000000000\r\n\r\n"), TestContext.Current.CancellationToken);
            Assert.StartsWith("HTTP/1.1 413", await FailClosedTests.ReadStatusLine(stream, TimeSpan.FromSeconds(60)));
        }

        byte[] manyObjects = Encoding.ASCII.GetBytes("{\"hashes\":[" + string.Join(",", Enumerable.Repeat("{}", 10_000_000)) + "]}");
        using HttpClient reader = serve.Client(ServeProcess.ReadKey);
        HttpResponseMessage[] answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            reader.PostAsync("/v1/lookup", new ByteArrayContent(manyObjects) { Headers = { { "Content-Type", "application/json" } } })));
        foreach (HttpResponseMessage answer in answers)
        {
            string body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)answer.StatusCode}: {body}\n{serve.Log}");
            Assert.Contains("more than 10,000 hashes", body);
            answer.Dispose();
        }

        using HttpClient anonymous = serve.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        long peak = serve.PeakResidentBytes();
        TestContext.Current.TestOutputHelper?.WriteLine($"peak resident memory: {before / 1048576.0:F0} MiB after start, {peak / 1048576.0:F0} MiB after the hostile requests");
    }

    [Fact]
    public async Task Sigterm_lets_an_import_in_flight_finish_then_exits_143_leaving_no_spool_file()
    {
        // Issue 22, finding 11: SIGTERM ended the process after a fixed 5 s, dropping an import whose body was still
        // arriving and leaving its spool file behind.
        string data = Path.Combine(_folder, "data");
        await using ServeProcess serve = await ServeProcess.StartAsync(data);
        using (HttpClient writer = serve.Client(ServeProcess.WriteKey))
        {
            Assert.Equal(HttpStatusCode.Created, (await writer.PostAsync("/v1/banks", new StringContent("""{"name":"known"}""", Encoding.UTF8, "application/json"))).StatusCode);
        }

        var random = new Random(5);
        string[] lines = [.. Enumerable.Range(0, 40).Select(i => $"e{i}\t{RandomHashes.Next(random)}\n")];
        byte[] header = Encoding.ASCII.GetBytes("id\tpdq\n");
        int length = header.Length + lines.Sum(l => Encoding.ASCII.GetByteCount(l));
        using var client = new TcpClient();
        await client.ConnectAsync(serve.Address.Host, serve.Address.Port, TestContext.Current.CancellationToken);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /v1/banks/known/import HTTP/1.1\r\nHost: x\r\nX-Api-Key: {ServeProcess.WriteKey}\r\nContent-Type: text/tab-separated-values\r\nContent-Length: {length}\r\n\r\n"), TestContext.Current.CancellationToken);
        await stream.WriteAsync(header, TestContext.Current.CancellationToken);

        // The body arrives over about 8 s; SIGTERM comes after the first second of it.
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < lines.Length; i++)
        {
            if (i == 5)
            {
                serve.Terminate();
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(lines[i]), TestContext.Current.CancellationToken);
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        string status = await FailClosedTests.ReadStatusLine(stream, TimeSpan.FromSeconds(60));
        Assert.True(status.StartsWith("HTTP/1.1 200", StringComparison.Ordinal), $"'{status}' after {clock.Elapsed.TotalSeconds:F1} s\n{serve.Log}");
        Assert.Equal(ExitCodes.Terminated, await serve.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        string spool = Path.Combine(data, "tmp");
        Assert.Empty(Directory.Exists(spool) ? Directory.GetFiles(spool) : []);
    }
}
