using System.Text.Json;
using HashMatch.Cli;
using HashMatch.Tests.Exchanges;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Cli;

/// <summary><c>hashmatch exchange fetch</c>: a whole list, then only what changed since the printed checkpoint, against a programme's API on loopback.</summary>
public sealed class ExchangeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-exchange-cli").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    [Fact]
    public async Task Fetch_writes_the_list_then_only_the_changes_after_its_checkpoint()
    {
        var history = new SourceHistory(21, ids: 9, events: 30);
        await using var server = new ThreatExchangeServer(history, "555", "1111111111|secret-secret-secret-secret");
        await server.StartAsync();
        await File.WriteAllTextAsync(Path("token"), "1111111111|secret-secret-secret-secret\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path("exchanges.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["te"] = new Dictionary<string, string> { ["type"] = "threatexchange", ["privacy_group"] = "555", ["base_url"] = server.Address.ToString(), ["credentials"] = "file:" + Path("token") },
        }), TestContext.Current.CancellationToken);

        var (code, stdout, stderr) = await CliRunner.RunAsync(["exchange", "fetch", "te", "--config", Path("exchanges.json"), "--out", Path("te.jsonl")]);

        Assert.True(code == ExitCodes.Success, stdout + stderr);
        Assert.DoesNotContain("secret-secret", stdout + stderr, StringComparison.Ordinal);
        JsonElement summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(history.Final().Count, summary.GetProperty("entries").GetInt32());
        string[] lines = File.ReadAllLines(Path("te.jsonl"));
        Assert.Equal(history.Final().Count, lines.Length);
        Assert.All(history.Final(), p => Assert.Contains(lines, l => l.Contains(p.Value.ToString(), StringComparison.Ordinal) && l.Contains($"\"id\":\"{p.Key}\"", StringComparison.Ordinal)));

        // Nothing changed since: an empty list, no withdrawals, the same place.
        string checkpoint = summary.GetProperty("checkpoint").GetString()!;
        (code, stdout, stderr) = await CliRunner.RunAsync(["exchange", "fetch", "te", "--config", Path("exchanges.json"), "--out", Path("new.jsonl"), "--since", checkpoint, "--removed", Path("removed.txt")]);
        Assert.True(code == ExitCodes.Success, stdout + stderr);
        Assert.True(File.ReadAllLines(Path("new.jsonl")).Length <= 1 + history.Events.Count(e => e.Time == history.Ordered()[^1].Time)); // the last second again at most

        // A name the configuration does not hold, and a malformed page: exit 3 with the reason, nothing written.
        (code, _, stderr) = await CliRunner.RunAsync(["exchange", "fetch", "nope", "--config", Path("exchanges.json"), "--out", Path("x.jsonl")]);
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("names no exchange 'nope'", stderr, StringComparison.Ordinal);
        server.Inject(server.Requests + 1, Fault.Malformed);
        (code, _, stderr) = await CliRunner.RunAsync(["exchange", "fetch", "te", "--config", Path("exchanges.json"), "--out", Path("bad.jsonl")]);
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("malformed", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path("bad.jsonl")));
    }
}
