using System.Net;
using System.Text;
using HashMatch.Exchanges;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace HashMatch.Tests.Exchanges;

/// <summary>What each exchange client sends and makes of the answers, against the programmes' APIs on loopback.</summary>
public sealed class ExchangeClientTests
{
    private const string User = "member-42", Password = "pa55word";

    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

    private static IHashExchange Create(ExchangeSettings settings, HttpClient http, List<TimeSpan>? waits = null) =>
        HashExchanges.Create(settings, http, (delay, _) => { waits?.Add(delay); return Task.CompletedTask; }, Clock);

    private static string Secret(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        return "env:" + name;
    }

    private static async Task<List<ExchangePage>> FetchAllAsync(IHashExchange exchange, string? checkpoint = null)
    {
        var pages = new List<ExchangePage>();
        do
        {
            ExchangePage page = await exchange.FetchAsync(checkpoint, TestContext.Current.CancellationToken);
            pages.Add(page);
            checkpoint = page.Checkpoint;
        }
        while (pages[^1].HasMore && pages.Count < 1000);

        return pages;
    }

    [Fact]
    public async Task Ncmec_pages_carry_member_ids_classifications_video_tags_and_withdrawals_with_basic_authentication()
    {
        var history = new SourceHistory(3, ids: 10, events: 30);
        await using var server = new NcmecServer(history, User, Password);
        await server.StartAsync();
        using var http = new HttpClient();
        IHashExchange ncmec = Create(new ExchangeSettings { Type = "ncmec", Environment = "ngo", BaseUrl = server.Address, Credentials = Secret("HM_TEST_NCMEC", $"{User}:{Password}"), Since = DateTimeOffset.FromUnixTimeSeconds(1_699_000_000) }, http);

        List<ExchangePage> pages = await FetchAllAsync(ncmec);

        Assert.Equal("ncmec:ngo", ncmec.Name);
        Assert.True(pages.Count > 1, "the history spans several pages");
        var changes = pages.SelectMany(p => p.Changes).ToList();
        Assert.Equal(history.Latest.Count, changes.Count);
        foreach (SourceEvent e in history.Latest.Values)
        {
            ExchangeChange change = changes.Single(c => c.Id == "42-" + e.Id);
            Assert.Equal(e.Pdq is null, change.Removed);
            if (e.Pdq is { } pdq)
            {
                var entry = Assert.Single(change.Entries);
                Assert.Equal(pdq, entry.Pdq);
                Assert.Equal(e.Md5, entry.Md5.ToString());
                Assert.Equal(e.Classification, entry.Metadata.Category);
                Assert.Equal("ncmec:ngo", entry.Metadata.Source);
                Assert.Equal(e.Flag, entry.Metadata.Tags.Contains("media_type_video"));
            }
        }

        Assert.All(server.Log, path => Assert.StartsWith("/v2/entries?", path, StringComparison.Ordinal));
        Assert.All(server.Headers, h => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")), h.Authorization.ToString()));
        Assert.Contains("from=2023-11-03T08%3A26%3A40Z", server.Log[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ncmec_cuts_a_window_that_holds_too_many_entries_and_applies_nothing_of_its_first_page()
    {
        var history = new SourceHistory(5, ids: 8, events: 20);
        await using var server = new NcmecServer(history, User, Password) { InflateLongWindows = true };
        await server.StartAsync();
        using var http = new HttpClient();
        IHashExchange ncmec = Create(new ExchangeSettings { Type = "ncmec", Environment = "industry", BaseUrl = server.Address, Credentials = Secret("HM_TEST_NCMEC2", $"{User}:{Password}"), Since = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000) }, http);

        ExchangePage first = await ncmec.FetchAsync(null, TestContext.Current.CancellationToken);

        Assert.Empty(first.Changes);
        Assert.True(first.HasMore);
        Assert.Contains("\"window\":", first.Checkpoint, StringComparison.Ordinal);
        List<ExchangePage> rest = await FetchAllAsync(ncmec, first.Checkpoint);
        Assert.Equal(history.Latest.Keys.Order().Select(id => "42-" + id), rest.SelectMany(p => p.Changes).Select(c => c.Id).Distinct().Order());
    }

    [Fact]
    public async Task A_rate_limited_request_waits_as_long_as_Retry_After_asks_and_a_refused_one_is_not_retried()
    {
        var history = new SourceHistory(1, ids: 4, events: 6);
        await using var server = new StopNciiServer(history, "subscription", "fetch-key");
        await server.StartAsync();
        server.Inject(1, Fault.RateLimited);
        server.Inject(2, Fault.Unavailable);
        server.Inject(3, Fault.CutMidPage);
        using var http = new HttpClient();
        var waits = new List<TimeSpan>();
        IHashExchange stopncii = Create(new ExchangeSettings { Type = "stopncii", BaseUrl = server.Address, Credentials = Secret("HM_TEST_STOPNCII", "subscription:fetch-key") }, http, waits);

        ExchangePage page = await stopncii.FetchAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], waits);
        Assert.Equal(4, server.Requests);
        Assert.NotEmpty(page.Changes);

        IHashExchange wrongKey = Create(new ExchangeSettings { Type = "stopncii", BaseUrl = server.Address, Credentials = Secret("HM_TEST_STOPNCII_BAD", "subscription:wrong-key") }, http, waits);
        var refused = await Assert.ThrowsAsync<HashMatchException>(() => wrongKey.FetchAsync(null, TestContext.Current.CancellationToken));
        Assert.Equal(HashMatchErrorReason.Unreadable, refused.Reason);
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        Assert.Contains("credentials", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key", refused.Message, StringComparison.Ordinal);
        Assert.Equal(5, server.Requests);
    }

    [Fact]
    public async Task StopNcii_withdraws_a_hash_by_its_status_and_keeps_the_platforms_tags()
    {
        var history = new SourceHistory(9, ids: 6, events: 40);
        Assert.Contains(history.Latest.Values, e => e.Pdq is null);
        await using var server = new StopNciiServer(history, "s", "f");
        await server.StartAsync();
        using var http = new HttpClient();
        IHashExchange stopncii = Create(new ExchangeSettings { Type = "stopncii", BaseUrl = server.Address, Credentials = Secret("HM_TEST_STOPNCII2", "s:f") }, http);

        var changes = (await FetchAllAsync(stopncii)).SelectMany(p => p.Changes).ToList();

        foreach (SourceEvent e in history.Latest.Values)
        {
            ExchangeChange change = changes.Last(c => c.Id == StopNciiServer.HashOf(e.Id));
            Assert.Equal(e.Pdq is null, change.Removed);
            if (!change.Removed)
            {
                Assert.Equal([e.Classification], change.Entries[0].Metadata.Tags);
                Assert.Equal("Platform: Blocked", change.Entries[0].Metadata.Note);
            }
        }

        Assert.All(server.Headers, h => Assert.Equal("s", h["Ocp-Apim-Subscription-Key"].ToString()));

        // Feedback needs the SubmitFeedback key as the credentials' third part.
        ExchangeChange active = changes.Last(c => !c.Removed);
        var noKey = await Assert.ThrowsAsync<HashMatchException>(() => ((IExchangeFeedback)stopncii).SendFeedbackAsync(active.Entries[0], true, TestContext.Current.CancellationToken));
        Assert.Contains("third part", noKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreatExchange_never_keeps_the_access_token_in_a_checkpoint_or_a_message()
    {
        const string token = "1234567890|abcdefghijklmnopqrstuvwxyz";
        var history = new SourceHistory(2, ids: 9, events: 20);
        await using var server = new ThreatExchangeServer(history, "77", token);
        await server.StartAsync();
        using var http = new HttpClient();
        IHashExchange te = Create(new ExchangeSettings { Type = "threatexchange", PrivacyGroup = "77", BaseUrl = server.Address, Credentials = Secret("HM_TEST_TE", token) }, http);

        List<ExchangePage> pages = await FetchAllAsync(te);

        Assert.True(pages.Count > 2);
        Assert.All(pages, p => Assert.DoesNotContain("abcdefghij", p.Checkpoint, StringComparison.Ordinal));
        Assert.All(server.Log, path => Assert.Contains("access_token=1234567890%7Cabcdefghijklmnopqrstuvwxyz", path, StringComparison.Ordinal));
        ExchangeChange kept = pages.SelectMany(p => p.Changes).First(c => !c.Removed);
        Assert.Equal("MALICIOUS", kept.Entries[0].Metadata.Category);
        Assert.StartsWith("descriptors 9", kept.Entries[0].Metadata.Note, StringComparison.Ordinal);

        // Feedback reacts to each of the indicator's descriptors: HELPFUL for a confirmed match, NOT_HELPFUL for a false positive.
        var feedback = Assert.IsAssignableFrom<IExchangeFeedback>(te);
        await feedback.SendFeedbackAsync(kept.Entries[0], confirmed: true, TestContext.Current.CancellationToken);
        await feedback.SendFeedbackAsync(kept.Entries[0], confirmed: false, TestContext.Current.CancellationToken);
        Assert.Equal([$"/9{kept.Id}/ HELPFUL", $"/9{kept.Id}/ NOT_HELPFUL"], server.Reactions);

        server.Inject(server.Requests + 1, Fault.Malformed);
        var malformed = await Assert.ThrowsAsync<HashMatchException>(() => te.FetchAsync(null, TestContext.Current.CancellationToken));
        Assert.Equal(HashMatchErrorReason.Malformed, malformed.Reason);
        Assert.Contains("indicator 1", malformed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghij", malformed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreatExchange_fetches_everything_again_as_a_whole_list_after_85_days_without_a_fetch()
    {
        const string token = "1234567890|abcdefghijklmnopqrstuvwxyz";
        var history = new SourceHistory(8, ids: 9, events: 30);
        Assert.Contains(history.Latest.Values, e => e.Pdq is null);
        await using var server = new ThreatExchangeServer(history, "78", token);
        await server.StartAsync();
        using var http = new HttpClient();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        IHashExchange te = HashExchanges.Create(new ExchangeSettings { Type = "threatexchange", PrivacyGroup = "78", BaseUrl = server.Address, Credentials = Secret("HM_TEST_TE2", token) }, http, null, clock);
        List<ExchangePage> pages = await FetchAllAsync(te);
        Assert.All(pages, p => Assert.False(p.FullList));

        clock.Advance(TimeSpan.FromDays(84));
        Assert.False((await te.FetchAsync(pages[^1].Checkpoint, TestContext.Current.CancellationToken)).FullList);
        clock.Advance(TimeSpan.FromDays(2));
        int requests = server.Requests;
        ExchangePage again = await te.FetchAsync(pages[^1].Checkpoint, TestContext.Current.CancellationToken);

        Assert.True(again.FullList);
        Assert.False(again.HasMore);
        Assert.Equal(history.Final().Keys.Order(), again.Changes.Select(c => c.Id).Order());
        Assert.DoesNotContain("start_time", server.Log[requests], StringComparison.Ordinal); // from the start
    }

    [Fact]
    public async Task Tat_logs_in_once_and_again_when_its_token_expires()
    {
        var history = new SourceHistory(4, ids: 7, events: 15);
        await using var server = new TatServer(history, User, Password);
        await server.StartAsync();
        using var http = new HttpClient();
        IHashExchange tat = Create(new ExchangeSettings { Type = "tat", BaseUrl = server.Address, Credentials = Secret("HM_TEST_TAT", $"{User}:{Password}") }, http);

        ExchangePage first = await tat.FetchAsync(null, TestContext.Current.CancellationToken);
        server.ExpireTokenOnce = true;
        List<ExchangePage> rest = await FetchAllAsync(tat, first.Checkpoint);

        Assert.Equal(2, server.Logins);
        Assert.Equal(history.Latest.Count, rest.Prepend(first).SelectMany(p => p.Changes).Select(c => c.Id).Distinct().Count());
        Assert.Contains(server.Log, path => path.StartsWith("/api/hash-list/v2/all?order=asc&after=", StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_refuse_a_secret_written_into_them_and_unknown_fields()
    {
        var secret = Assert.Throws<HashMatchException>(() => ExchangeSettings.Parse("""{"type": "ncmec", "environment": "industry", "credentials": "user:password"}""", "config.json"));
        Assert.Contains("env:VARIABLE or file:PATH", secret.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("user:password", secret.Message, StringComparison.Ordinal);
        Assert.Throws<HashMatchException>(() => ExchangeSettings.Parse("""{"type": "ncmec", "environment": "industry", "pasword": "x"}""", "config.json"));
        Assert.Contains("unknown NCMEC environment", Assert.Throws<HashMatchException>(() => ExchangeSettings.Parse("""{"type": "ncmec", "environment": "moon"}""", "c")).Message, StringComparison.Ordinal);
        Assert.Contains("known: ncmec", Assert.Throws<HashMatchException>(() => ExchangeSettings.Parse("""{"type": "fax"}""", "c")).Message, StringComparison.Ordinal);
        ExchangeSettings parsed = ExchangeSettings.Parse("""{"type": "threatexchange", "privacy_group": "123", "credentials": "file:/run/secrets/te"}""", "c");
        Assert.Equal(parsed.ToJson(), ExchangeSettings.Parse(parsed.ToJson(), "again").ToJson());
    }

    [Fact]
    public async Task A_list_folder_is_read_again_only_when_it_changed_and_then_as_the_whole_list()
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-list-folder").FullName;
        try
        {
            string pdqA = new('a', 64), pdqB = new('b', 64);
            await File.WriteAllTextAsync(Path.Combine(folder, "one.csv"), $"id,pdq,category\nx,{pdqA},A1\n", TestContext.Current.CancellationToken);
            IHashExchange files = HashExchanges.Create(new ExchangeSettings { Type = "file", Path = folder }, new HttpClient());

            ExchangePage first = await files.FetchAsync(null, TestContext.Current.CancellationToken);
            Assert.True(first.FullList);
            Assert.Equal("one.csv/x", Assert.Single(first.Changes).Id);
            ExchangePage unchanged = await files.FetchAsync(first.Checkpoint, TestContext.Current.CancellationToken);
            Assert.Empty(unchanged.Changes);
            Assert.False(unchanged.FullList);

            await File.WriteAllTextAsync(Path.Combine(folder, "two.csv"), $"id,pdq\ny,{pdqB}\n", TestContext.Current.CancellationToken);
            ExchangePage changed = await files.FetchAsync(unchanged.Checkpoint, TestContext.Current.CancellationToken);
            Assert.True(changed.FullList);
            Assert.Equal(["one.csv/x", "two.csv/y"], changed.Changes.Select(c => c.Id));

            await File.WriteAllTextAsync(Path.Combine(folder, "two.csv"), "id,pdq\ny,nothex\n", TestContext.Current.CancellationToken);
            var malformed = await Assert.ThrowsAsync<HashMatchException>(() => files.FetchAsync(changed.Checkpoint, TestContext.Current.CancellationToken));
            Assert.Contains("two.csv", malformed.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_list_at_a_url_is_asked_for_with_its_ETag_and_a_304_changes_nothing()
    {
        string list = $"id,pdq\nk,{new string('c', 64)}\n";
        var seen = new List<string?>();
        await using var server = await LoopbackHttpServer.StartAsync(async context =>
        {
            seen.Add(context.Request.Headers.IfNoneMatch.ToString());
            if (context.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                context.Response.StatusCode = 304;
                return;
            }

            context.Response.Headers.ETag = "\"v1\"";
            context.Response.ContentType = "text/csv";
            await context.Response.WriteAsync(list);
        });
        using var http = new HttpClient();
        IHashExchange url = Create(new ExchangeSettings { Type = "url", Url = new Uri(server.Address, "/lists/known.csv") }, http);

        ExchangePage first = await url.FetchAsync(null, TestContext.Current.CancellationToken);
        ExchangePage second = await url.FetchAsync(first.Checkpoint, TestContext.Current.CancellationToken);

        Assert.True(first.FullList);
        Assert.Equal("k", Assert.Single(first.Changes).Id);
        Assert.Empty(second.Changes);
        Assert.Equal(first.Checkpoint, second.Checkpoint);
        Assert.Equal(["", "\"v1\""], seen);
    }

    [Fact]
    public async Task An_ncmec_paging_link_that_leaves_the_api_is_refused()
    {
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            context.Response.WriteAsync("<queryResult><images count=\"0\"/><paging><next>https://elsewhere.example/steal</next></paging></queryResult>"));
        using var http = new HttpClient();
        IHashExchange ncmec = Create(new ExchangeSettings { Type = "ncmec", Environment = "industry", BaseUrl = server.Address, Credentials = Secret("HM_TEST_NCMEC3", "u:p") }, http);

        var refused = await Assert.ThrowsAsync<HashMatchException>(() => ncmec.FetchAsync(null, TestContext.Current.CancellationToken));

        Assert.Equal(HashMatchErrorReason.Malformed, refused.Reason);
        Assert.Contains("not a /v2/entries path", refused.Message, StringComparison.Ordinal);
    }
}
