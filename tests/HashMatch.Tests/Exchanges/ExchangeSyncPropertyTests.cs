using HashMatch.Exchanges;

namespace HashMatch.Tests.Exchanges;

/// <summary>
/// The property: whatever goes wrong and wherever a fetch is interrupted — a 503, a 429 with Retry-After, a
/// connection cut mid-page, a malformed page, an expired cursor, the process dying between fetching a page and
/// applying it — a bank kept in sync with an exchange ends exactly equal to the exchange's final list. Each case is
/// a seed: a random history (additions, changes, withdrawals, several at one time) and random faults, against each
/// programme's API served on loopback in its documented shape.
/// </summary>
public sealed class ExchangeSyncPropertyTests
{
    private const string User = "member-42", Password = "s3cret:with-colon";

    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (string programme in (string[])["ncmec", "stopncii", "threatexchange", "tat"])
        {
            for (int seed = 1; seed <= 6; seed++)
            {
                cases.Add(programme, seed);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bank_ends_equal_to_the_source_after_any_interruption(string programme, int seed)
    {
        var history = new SourceHistory(seed, ids: 12 + seed, events: 25 + 5 * seed);
        Environment.SetEnvironmentVariable($"HM_TEST_{programme.ToUpperInvariant()}_{seed}", $"{User}:{Password}");
        string credentials = $"env:HM_TEST_{programme.ToUpperInvariant()}_{seed}";
        await using ProgrammeServer server = programme switch
        {
            "ncmec" => new NcmecServer(history, User, Password) { InflateLongWindows = seed % 2 == 0 },
            "stopncii" => new StopNciiServer(history, User, Password.Split(':')[0]) { FeedbackKey = Password.Split(':')[1] }, // subscription:fetch_key:feedback_key
            "threatexchange" => new ThreatExchangeServer(history, "1234567890", $"{User}:{Password}"),
            _ => new TatServer(history, User, Password),
        };
        await server.StartAsync();
        var settings = new ExchangeSettings
        {
            Type = programme,
            Environment = programme == "ncmec" ? "industry" : null,
            PrivacyGroup = programme == "threatexchange" ? "1234567890" : null,
            BaseUrl = server.Address,
            Credentials = credentials,
            Since = DateTimeOffset.FromUnixTimeSeconds(1_699_000_000), // a little before the history starts
        };

        var random = new Random(seed * 7919 + programme.Length);
        Fault[] kinds = [Fault.Unavailable, Fault.RateLimited, Fault.CutMidPage, Fault.Malformed, Fault.ExpiredCursor];
        for (int request = 1; request < 80; request++)
        {
            if (random.Next(4) == 0)
            {
                server.Inject(request, kinds[random.Next(kinds.Length)]);
            }
        }

        HashSet<int> interruptions = [.. Enumerable.Range(1, 60).Where(_ => random.Next(6) == 0)];
        using var sync = await ExchangeSync.CreateAsync(settings);
        using var http = new HttpClient();
        IHashExchange exchange = new InterruptedExchange(sync.Client(settings, http), interruptions);
        bool caughtUp = false;
        for (int round = 0; round < 200 && !caughtUp; round++)
        {
            // Each round is a replica of its own (a restart): leases and checkpoints come from the store alone.
            caughtUp = await sync.RoundAsync(sync.Replica(), exchange);
        }

        Assert.True(caughtUp, $"never caught up; last error: {sync.Exchange.LastError}");
        Dictionary<string, PdqHash> expected = programme switch
        {
            "ncmec" => history.Final().ToDictionary(p => "42-" + p.Key, p => p.Value),
            "stopncii" => history.Final().ToDictionary(p => StopNciiServer.HashOf(p.Key), p => PdqHash.Parse(StopNciiServer.HashOf(p.Key))),
            _ => history.Final().ToDictionary(p => p.Key, p => p.Value),
        };
        Dictionary<string, PdqHash> actual = sync.BankState();
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.All(sync.Waits, wait => Assert.True(wait <= TimeSpan.FromSeconds(16), $"waited {wait}"));
    }

    [Fact]
    public async Task A_list_read_again_changes_only_the_ids_that_differ()
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-full-list").FullName;
        try
        {
            string list = Path.Combine(folder, "known.csv");
            string Row(int i, char digit, string tags = "") => $"e{i},{new string(digit, 63)}{i % 10},{tags}";
            await File.WriteAllLinesAsync(list, ["id,pdq,tags", .. Enumerable.Range(0, 20).Select(i => Row(i, 'a'))], TestContext.Current.CancellationToken);
            var settings = new ExchangeSettings { Type = "file", Path = list };
            using var sync = await ExchangeSync.CreateAsync(settings);
            using var http = new HttpClient();
            Assert.True(await sync.RoundAsync(sync.Replica(), sync.Client(settings, http)));
            Assert.Equal((20, 0), (sync.Exchange.Added, sync.Exchange.Removed));

            // e3 gets a new hash, e4 a tag (metadata counts), e5 goes, e20 comes; the other 16 stay untouched.
            await File.WriteAllLinesAsync(list, ["id,pdq,tags", .. Enumerable.Range(0, 21).Where(i => i != 5).Select(i => i == 3 ? Row(i, 'b') : i == 4 ? Row(i, 'a', "new") : Row(i, 'a'))], TestContext.Current.CancellationToken);
            long head;
            using (var reader = sync.Store.OpenReader())
            {
                head = reader.Head;
            }

            Assert.True(await sync.RoundAsync(sync.Replica(), sync.Client(settings, http)));

            Assert.Equal((23, 1), (sync.Exchange.Added, sync.Exchange.Removed));
            var changes = await sync.Store.ChangesAsync(head, long.MaxValue, CancellationToken.None);
            Assert.Equal(["e3", "e4", "e5"], changes.Where(c => c.Kind == HashMatch.Server.Storage.ChangeKind.Remove).Select(c => c.EntryId!).Order());
            Assert.Equal(3, changes.Single(c => c.Kind == HashMatch.Server.Storage.ChangeKind.Add).Count);
            Assert.Equal(20, sync.BankState().Count);
            Assert.Equal(PdqHash.Parse(new string('b', 63) + "3"), sync.BankState()["e3"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
