using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using HashMatch.Lists;
using HashMatch.Review;
using HashMatch.Server;
using HashMatch.Server.Decisions;
using HashMatch.Server.Storage;

namespace HashMatch.Tests.Server;

/// <summary>
/// The operator's loop (issue 26) through the service on both stores: decisions recorded for matches only and named
/// in the answers, reviews and re-reviews, complaints, quarantine and exclusion feedback, the error report against a
/// recount of what was sent, retention and replicas.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class ReviewLoopTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_match_is_recorded_as_a_decision_that_is_reviewed_re_reviewed_and_complained_about(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        var random = new Random(26);
        ListEntry entry = Entry("e1", random, exact: true) with { Metadata = new EntryMetadata { Source = "list-2026-12.tsv", Category = "A1" } };
        await server.CreateBank("""{"name":"known","max_distance":31}""");
        await server.Import("known", MatchingApiTests.ToTsv([entry]));

        string near = RandomHashes.Flip(entry.Pdq!.Value, 5, random).ToString();
        JsonElement answer = await server.Lookup($$"""{"hashes":[{"id":"u1","pdq":"{{near}}","md5":"{{entry.Md5}}"},{"id":"u2","pdq":"{{RandomHashes.Next(random)}}"}]}""");
        JsonElement[] results = [.. answer.GetProperty("results").EnumerateArray()];
        Assert.True(results[0].GetProperty("matched").GetBoolean());
        string id = results[0].GetProperty("decision_id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.False(results[1].TryGetProperty("decision_id", out _)); // no match, no decision

        // Decisions are for keys with the review scope only.
        await TestServer.Send(server.Read, HttpMethod.Get, $"/v1/decisions/{id}", null, 403);
        await TestServer.Send(server.Write, HttpMethod.Get, $"/v1/decisions/{id}", null, 403);
        JsonElement decision = await TestServer.Send(server.Review, HttpMethod.Get, $"/v1/decisions/{id}", null);
        Assert.Equal(("lookup", "u1", near, entry.Md5.ToString()), (decision.GetProperty("endpoint").GetString(), decision.GetProperty("query_id").GetString(),
            decision.GetProperty("hashes").GetProperty("pdq").GetString(), decision.GetProperty("hashes").GetProperty("md5").GetString()));
        Assert.StartsWith("env-", decision.GetProperty("api_key").GetString()); // the read key's stored name
        JsonElement[] candidates = [.. decision.GetProperty("candidates").EnumerateArray()];
        Assert.Equal(["md5", "pdq"], candidates.Select(c => c.GetProperty("technology").GetString()));
        Assert.All(candidates, c => Assert.Equal(("known", "e1", "list-2026-12.tsv"), (c.GetProperty("list").GetString(), c.GetProperty("entry_id").GetString(), c.GetProperty("entry_source").GetString())));
        Assert.Equal((0, 0), (candidates[0].GetProperty("distance").GetInt32(), candidates[0].GetProperty("threshold").GetInt32()));
        Assert.Equal((5, 31), (candidates[1].GetProperty("distance").GetInt32(), candidates[1].GetProperty("threshold").GetInt32()));
        Assert.False(decision.TryGetProperty("verdict", out _)); // not reviewed yet

        // The review queue holds it until reviewed.
        JsonElement queue = await TestServer.Send(server.Review, HttpMethod.Get, "/v1/decisions?unreviewed=true", null);
        Assert.Equal([id], queue.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("id").GetString()));

        await Review(server, id, "confirmed", "analyst-7");
        JsonElement second = await Review(server, id, "false_positive", "analyst-9", note: "a cartoon\nnot the listed picture");
        Assert.Equal("false_positive", second.GetProperty("verdict").GetString());
        queue = await TestServer.Send(server.Review, HttpMethod.Get, "/v1/decisions?unreviewed=true", null);
        Assert.Empty(queue.GetProperty("decisions").EnumerateArray());

        JsonElement complaint = await TestServer.Send(server.Review, HttpMethod.Post, "/v1/complaints", TestServer.Json($$"""{"decision_id":"{{id}}","note":"my own drawing"}"""));
        Assert.Equal("pending", complaint.GetProperty("outcome").GetString());
        Assert.False(complaint.TryGetProperty("decided_at", out _));
        long complaintId = complaint.GetProperty("id").GetInt64();
        JsonElement decided = await TestServer.Send(server.Review, HttpMethod.Patch, $"/v1/complaints/{complaintId}", TestServer.Json("""{"outcome":"reinstated"}"""));
        Assert.Equal(("reinstated", "my own drawing"), (decided.GetProperty("outcome").GetString(), decided.GetProperty("note").GetString()));

        decision = await TestServer.Send(server.Review, HttpMethod.Get, $"/v1/decisions/{id}", null);
        Assert.Equal("false_positive", decision.GetProperty("verdict").GetString()); // the latest stands
        Assert.Equal(["analyst-7", "analyst-9"], decision.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("reviewer").GetString())); // history kept
        Assert.Single(decision.GetProperty("complaints").EnumerateArray());

        JsonElement report = await TestServer.Send(server.Review, HttpMethod.Get, "/v1/reports/errors", null);
        var rows = report.EnumerateArray().ToDictionary(r => r.GetProperty("technology").GetString()!);
        Assert.Equal(["md5", "pdq", "all"], rows.Keys);
        foreach (JsonElement row in rows.Values)
        {
            Assert.Equal((1, 1, 0, 1, 0, 1.0, 1, 1), (row.GetProperty("flagged").GetInt64(), row.GetProperty("reviewed").GetInt64(), row.GetProperty("confirmed").GetInt64(),
                row.GetProperty("false_positives").GetInt64(), row.GetProperty("undetermined").GetInt64(), row.GetProperty("fp_ratio").GetDouble(),
                row.GetProperty("complaints").GetInt64(), row.GetProperty("reinstated").GetInt64()));
        }

        // The command reads the same store: the same rows in each form, and a page to hand on.
        string[] where = kind == StoreKind.Sqlite ? ["--data", store.DataDirectory] : ["--database", store.Database!];
        var (code, json, _) = await Cli(["report", "errors", .. where]);
        Assert.Equal((0, report.GetRawText()), (code, JsonDocument.Parse(json).RootElement.GetRawText()));
        using HttpResponseMessage csv = await server.Review.GetAsync("/v1/reports/errors?format=csv");
        var (csvCode, csvText, _) = await Cli(["report", "errors", .. where, "--format", "csv"]);
        Assert.Equal((0, await csv.Content.ReadAsStringAsync()), (csvCode, csvText));
        string page = Path.Combine(store.DataDirectory, "errors.html");
        Assert.Equal(0, (await Cli(["report", "errors", .. where, "--format", "html", "--out", page, "--from", "2020-01-01", "--to", "2100-01-01"])).Code);
        string html = await File.ReadAllTextAsync(page, TestContext.Current.CancellationToken);
        Assert.Contains("default-src 'none'", html);
        Assert.Contains("<code>pdq</code></td><td class=\"num\">1</td>", html);
        Assert.Contains("known: PDQ within 31 bits, known", html);
        Assert.DoesNotContain("analyst", html); // counts only: no reviewer
        Assert.Contains("<polyline", html); // the threshold advice's plot, inline
        // Beside an evaluation's curve (its two CSV files, as hashmatch eval --out writes them).
        string run = Path.Combine(store.DataDirectory, "eval-run");
        Directory.CreateDirectory(run);
        await File.WriteAllTextAsync(Path.Combine(run, "fnr.csv"), "transform,kind,parameter,copies,median_distance,fnr_t16,fnr_t31\njpeg 30,jpeg,30,30,4,0.5,0.1\nresize 0.5,resize,0.5,10,9,1,0.3\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(run, "fpr.csv"), "threshold,matching,quality_limited,pairs,false_matches,rate,ci_low,ci_high\n16,plain,0,1000,0,0,0,0.003\n31,plain,0,1000,2,0.002,0,0.007\n31,all variants,0,1000,5,0.005,0,0.01\n", TestContext.Current.CancellationToken);
        string beside = Path.Combine(store.DataDirectory, "beside.html");
        Assert.Equal(0, (await Cli(["report", "errors", .. where, "--format", "html", "--out", beside, "--from", "2020-01-01", "--evaluation", run])).Code);
        string besideHtml = await File.ReadAllTextAsync(beside, TestContext.Current.CancellationToken);
        Assert.Contains("<td class=\"num\">31</td><td class=\"num\">85.0%</td><td class=\"num\">2e-3</td><td class=\"num\">0</td><td class=\"num\">1</td>", besideHtml.Replace(" %", "%"));
        Assert.Equal(2, (await Cli(["report", "errors", .. where, "--evaluation", run])).Code); // only with the page
        Assert.Equal(3, (await Cli(["report", "errors", .. where, "--format", "html", "--evaluation", store.DataDirectory])).Code); // no fnr.csv there
        // The service gives the same page (the console downloads it), but for what made it and when (the period is
        // given whole: a default end is "now", a second apart between the two).
        using HttpResponseMessage served = await server.Review.GetAsync("/v1/reports/errors?format=html&from=2020-01-01&to=2100-01-01", TestContext.Current.CancellationToken);
        Assert.Equal("text/html", served.Content.Headers.ContentType?.MediaType);
        string Unstamped(string page) => System.Text.RegularExpressions.Regex.Replace(page, "<tr><th>(Made|Tool)</th><td>[^<]*</td></tr>", "");
        Assert.Equal(Unstamped(html), Unstamped(await served.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
        Assert.Contains("<tr><th>Tool</th><td>hashmatch serve ", await served.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, (await Cli(["report", "errors", .. where, "--from", "yesterday"])).Code);
        var (thresholdCode, thresholds, _) = await Cli(["report", "thresholds", .. where, "--bank", "known"]);
        Assert.Equal(0, thresholdCode);
        Assert.Equal("5\t0\t0\t1\t0", thresholds.Split('\n')[6]); // the false positive at distance 5 is kept from threshold 5 on
        Assert.Equal("4\t0\t0\t0\t1", thresholds.Split('\n')[5]);

        // Bad reviews name the field; an unknown decision is 404.
        await TestServer.Send(server.Review, HttpMethod.Post, "/v1/reviews", TestServer.Json($$"""{"decision_id":"{{id}}","verdict":"maybe","reviewer":"a"}"""), 400);
        await TestServer.Send(server.Review, HttpMethod.Post, "/v1/reviews", TestServer.Json($$"""{"decision_id":"{{id}}","verdict":"confirmed"}"""), 400);
        await TestServer.Send(server.Review, HttpMethod.Post, "/v1/reviews", TestServer.Json($$"""{"decision_id":"{{id}}","verdict":"confirmed","reviewer":"a","candidates":[{"list":"known","entry_id":"e2","verdict":"confirmed"}]}"""), 400);
        await TestServer.Send(server.Review, HttpMethod.Post, "/v1/reviews", TestServer.Json($$"""{"decision_id":"{{new string('0', 32)}}","verdict":"confirmed","reviewer":"a"}"""), 404);
        await TestServer.Send(server.Review, HttpMethod.Get, "/v1/reports/errors?from=yesterday", null, 400);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task The_decision_list_filters_by_one_candidate_and_links_out_to_the_upload(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        // On a clock of the test's: newest first is by the millisecond, and two answers on loopback can share one.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await using TestServer server = await TestServer.StartFromOptionsAsync(store.Options(new ServerOptions { ReviewLink = "https://review.internal/item/{input}?from=hm" }), clock);
        var random = new Random(2628);
        ListEntry a = Entry("a1", random, exact: true), b = Entry("b1", random, exact: false);
        await server.CreateBank("""{"name":"a","max_distance":31}""");
        await server.CreateBank("""{"name":"b","max_distance":31}""");
        await server.Import("a", MatchingApiTests.ToTsv([a]));
        await server.Import("b", MatchingApiTests.ToTsv([b]));

        async Task<string> Decide(string query)
        {
            string id = (await server.Lookup($$"""{"hashes":[{{query}}]}""")).GetProperty("results")[0].GetProperty("decision_id").GetString()!;
            clock.Advance(TimeSpan.FromSeconds(1)); // the next answer a second later; the lists below end at "now", after the last
            return id;
        }

        // One at a time, so that newest-first is their order: md5 (a, 0) + pdq (a, 5); pdq (b, 20); pdq (a, 12), no id.
        string first = await Decide($$"""{"id":"u 1/x","pdq":"{{RandomHashes.Flip(a.Pdq!.Value, 5, random)}}","md5":"{{a.Md5}}"}""");
        string second = await Decide($$"""{"id":"u2","pdq":"{{RandomHashes.Flip(b.Pdq!.Value, 20, random)}}"}""");
        string third = await Decide($$"""{"pdq":"{{RandomHashes.Flip(a.Pdq!.Value, 12, random)}}"}""");

        async Task<string[]> Listed(string query) =>
            [.. (await TestServer.Send(server.Review, HttpMethod.Get, $"/v1/decisions?{query}", null)).GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("id").GetString()!)];
        Assert.Equal([third, second, first], await Listed("unreviewed=true"));
        Assert.Equal([third, first], await Listed("list=a"));
        Assert.Equal([first], await Listed("technology=md5"));
        Assert.Equal([second], await Listed("list=b&technology=pdq"));
        Assert.Equal([first], await Listed("list=a&max_distance=10"));
        Assert.Equal([third, first], await Listed("max_distance=12&unreviewed=true&technology=pdq")); // within 12, inclusive
        // The filters hold for one candidate: the md5 candidate at 0 bits does not make a pdq one within 4.
        Assert.Empty(await Listed("technology=pdq&max_distance=4"));
        Assert.Empty(await Listed("list=b&technology=md5"));
        await TestServer.Send(server.Review, HttpMethod.Get, "/v1/decisions?technology=phash", null, 400);
        await TestServer.Send(server.Review, HttpMethod.Get, "/v1/decisions?max_distance=-1", null, 400);

        // The link names the operator's copy by the query's id, escaped; a query without an id has none.
        JsonElement linked = await TestServer.Send(server.Review, HttpMethod.Get, $"/v1/decisions/{first}", null);
        Assert.Equal("https://review.internal/item/u%201%2Fx?from=hm", linked.GetProperty("link").GetString());
        Assert.False((await TestServer.Send(server.Review, HttpMethod.Get, $"/v1/decisions/{third}", null)).TryGetProperty("link", out _));
        await Review(server, first, "confirmed", "analyst-1");
        Assert.Equal([third, second], await Listed("unreviewed=true"));
        Assert.Equal([third, first], await Listed("list=a"));
    }

    [Theory]
    [InlineData("https://review.internal/item/{input}", true)]
    [InlineData("http://10.0.0.7:8080/case?item={input}", true)]
    [InlineData("https://review.internal/item/", false)] // no {input}
    [InlineData("javascript:alert(1)//{input}", false)]
    [InlineData("data:text/html,{input}", false)]
    [InlineData("/item/{input}", false)] // not absolute
    public void A_review_link_is_an_absolute_http_url_with_the_input_in_it(string template, bool accepted)
    {
        var options = new ServerOptions { DataDirectory = "/tmp/x", ReviewLink = template };
        Assert.Equal(accepted, options.Problem() is null);
        if (!accepted)
        {
            Assert.Contains("--review-link", options.Problem());
        }
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Quarantine_and_exclusion_change_the_next_answer(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        var random = new Random(261);
        ListEntry first = Entry("e1", random, exact: false), second = Entry("e2", random, exact: false);
        await server.CreateBank("""{"name":"known"}""");
        await server.CreateBank("""{"name":"benign","role":"exclusion"}""");
        await server.Import("known", MatchingApiTests.ToTsv([first, second]));
        string Query(ListEntry entry) => $$"""{"hashes":[{"pdq":"{{RandomHashes.Flip(entry.Pdq!.Value, 4, random)}}"}]}""";
        async Task<(bool Matched, bool Excluded, string? Decision)> LookupAsync(ListEntry entry)
        {
            JsonElement result = (await server.Lookup(Query(entry))).GetProperty("results")[0];
            return (result.GetProperty("matched").GetBoolean(), result.GetProperty("excluded").GetBoolean(),
                result.TryGetProperty("decision_id", out JsonElement id) ? id.GetString() : null);
        }

        var (matched, _, decision) = await LookupAsync(first);
        Assert.True(matched);
        await Review(server, decision!, "false_positive", "analyst-1");

        JsonElement quarantined = await TestServer.Send(server.Review, HttpMethod.Post, "/v1/quarantine", TestServer.Json($$"""{"list":"known","entry_id":"e1","decision_id":"{{decision}}"}"""));
        Assert.Equal((1, true), (quarantined.GetProperty("entries").GetInt64(), quarantined.GetProperty("applied").GetBoolean()));
        Assert.Equal((false, false, null), await LookupAsync(first));
        Assert.True((await LookupAsync(second)).Matched); // the rest of the bank still matches
        JsonElement held = await TestServer.Send(server.Review, HttpMethod.Get, "/v1/quarantine?list=known", null);
        Assert.Equal((decision, "e1"), (held.GetProperty("entries")[0].GetProperty("decision_id").GetString(), held.GetProperty("entries")[0].GetProperty("entry_id").GetString()));
        await TestServer.Send(server.Review, HttpMethod.Post, "/v1/quarantine", TestServer.Json("""{"list":"known","entry_id":"e1"}"""), 404); // already out

        JsonElement released = await TestServer.Send(server.Review, HttpMethod.Post, "/v1/quarantine/release", TestServer.Json("""{"list":"known","entry_id":"e1"}"""));
        Assert.True(released.GetProperty("applied").GetBoolean());
        Assert.True((await LookupAsync(first)).Matched);
        Assert.Empty((await TestServer.Send(server.Review, HttpMethod.Get, "/v1/quarantine?list=known", null)).GetProperty("entries").EnumerateArray());

        // An exclusion copy cancels what the entry matches, in every bank.
        await TestServer.Send(server.Review, HttpMethod.Post, "/v1/exclusions", TestServer.Json("""{"list":"known","entry_id":"e2","into":"known"}"""), 400); // not an exclusion bank
        JsonElement excluded = await TestServer.Send(server.Review, HttpMethod.Post, "/v1/exclusions", TestServer.Json("""{"list":"known","entry_id":"e2","into":"benign"}"""));
        Assert.Equal(("benign", 1L), (excluded.GetProperty("into").GetString(), excluded.GetProperty("entries").GetInt64()));
        Assert.Equal((false, true, null), await LookupAsync(second));
        Assert.True((await LookupAsync(first)).Matched);

        // Each action is recorded.
        Assert.Equal(3L, Convert.ToInt64(await store.SqlAsync("SELECT COUNT(*) FROM hm_feedback"), CultureInfo.InvariantCulture));

        // Feedback changes banks: the review scope, not read.
        await TestServer.Send(server.Read, HttpMethod.Post, "/v1/quarantine", TestServer.Json("""{"list":"known","entry_id":"e2"}"""), 403);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task An_entry_that_floods_is_quarantined_automatically_when_asked(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store, new() { QuarantineAfter = 3 });
        var random = new Random(2610);
        ListEntry flood = Entry("meme", random, exact: true), quiet = Entry("rare", random, exact: true);
        await server.CreateBank("""{"name":"known"}""");
        await server.Import("known", MatchingApiTests.ToTsv([flood, quiet]));
        string Query(ListEntry entry) => $$"""{"md5":"{{entry.Md5}}"}""";

        // Three decisions each: at the limit, not over it.
        await server.Lookup($$"""{"hashes":[{{Query(flood)}},{{Query(flood)}},{{Query(flood)}},{{Query(quiet)}},{{Query(quiet)}},{{Query(quiet)}}]}""");
        Assert.Empty((await TestServer.Send(server.Review, HttpMethod.Get, "/v1/quarantine?list=known", null)).GetProperty("entries").EnumerateArray());

        // A fourth flags it over the limit: after the answer, it goes into quarantine (a change the index follows).
        string tipping = (await server.Lookup($$"""{"hashes":[{{Query(flood)}}]}""")).GetProperty("results")[0].GetProperty("decision_id").GetString()!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await server.Lookup($$"""{"hashes":[{{Query(flood)}}]}""")).GetProperty("results")[0].GetProperty("matched").GetBoolean())
        {
            Assert.True(DateTime.UtcNow < deadline, "the flooding entry was not quarantined in 60 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        JsonElement held = (await TestServer.Send(server.Review, HttpMethod.Get, "/v1/quarantine?list=known", null)).GetProperty("entries");
        Assert.Equal(("meme", tipping), (held[0].GetProperty("entry_id").GetString(), held[0].GetProperty("decision_id").GetString()));
        Assert.Single(held.EnumerateArray());
        Assert.True((await server.Lookup($$"""{"hashes":[{{Query(quiet)}}]}""")).GetProperty("results")[0].GetProperty("matched").GetBoolean());
        Assert.Equal("auto", await store.SqlAsync("SELECT api_key FROM hm_feedback WHERE action = 'auto-quarantine'"));

        // A reviewer's release starts the count again: the next match does not put it straight back.
        await TestServer.Send(server.Review, HttpMethod.Post, "/v1/quarantine/release", TestServer.Json("""{"list":"known","entry_id":"meme"}"""));
        Assert.True((await server.Lookup($$"""{"hashes":[{{Query(flood)}}]}""")).GetProperty("results")[0].GetProperty("matched").GetBoolean());
        await server.Lookup($$"""{"hashes":[{{Query(flood)}}]}"""); // recorded after the first one's check (one writer, in order)
        Assert.DoesNotContain("meme", (await TestServer.Send(server.Review, HttpMethod.Get, "/v1/quarantine?list=known", null)).GetProperty("entries")
            .EnumerateArray().Select(e => e.GetProperty("entry_id").GetString()));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task The_error_report_equals_a_recount_of_ten_thousand_seeded_decisions(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        var random = new Random(2026);
        ListEntry[] a = [.. Enumerable.Range(0, 150).Select(i => Entry($"a{i}", random, exact: true))];
        ListEntry[] b = [.. Enumerable.Range(0, 150).Select(i => Entry($"b{i}", random, exact: false))];
        await server.CreateBank("""{"name":"a"}""");
        await server.CreateBank("""{"name":"b","max_distance":20}""");
        await server.Import("a", MatchingApiTests.ToTsv(a));
        await server.Import("b", MatchingApiTests.ToTsv(b));

        // Each query flags one or two technologies: an exact hash of an entry of a, a near PDQ of an entry of a or b,
        // or an exact hash of one entry and the PDQ of another (two candidates a reviewer may judge apart).
        const int Count = 10_000;
        var expected = new List<(string Technology, string Bank, string Entry)[]>(Count);
        var hashes = new List<string>(Count);
        for (int i = 0; i < Count; i++)
        {
            ListEntry x = a[random.Next(a.Length)], y = (random.Next(2) == 0 ? a : b)[random.Next(150)];
            string bankOfY = y.Id.StartsWith('a') ? "a" : "b";
            string pdq = RandomHashes.Flip(y.Pdq!.Value, random.Next(0, 16), random).ToString();
            switch (random.Next(5))
            {
                case 0:
                    hashes.Add($$"""{"md5":"{{x.Md5}}"}""");
                    expected.Add([("md5", "a", x.Id)]);
                    break;
                case 1:
                    hashes.Add($$"""{"sha1":"{{x.Sha1}}"}""");
                    expected.Add([("sha1", "a", x.Id)]);
                    break;
                case 2:
                    hashes.Add($$"""{"sha256":"{{x.Sha256}}"}""");
                    expected.Add([("sha256", "a", x.Id)]);
                    break;
                case 3:
                    hashes.Add($$"""{"pdq":"{{pdq}}"}""");
                    expected.Add([("pdq", bankOfY, y.Id)]);
                    break;
                default:
                    // Exact candidates come first in an answer; the same entry by both methods is one (bank, entry).
                    hashes.Add($$"""{"md5":"{{x.Md5}}","pdq":"{{pdq}}"}""");
                    expected.Add([("md5", "a", x.Id), ("pdq", bankOfY, y.Id)]);
                    break;
            }
        }

        JsonElement answer = await server.Lookup($$"""{"hashes":[{{string.Join(",", hashes)}}]}""");
        string[] ids = [.. answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("decision_id").GetString()!)];
        Assert.Equal(Count, ids.Distinct().Count());

        // Reviews of a seeded fifth (a tenth of those reviewed twice, the latest standing), per-candidate verdicts on
        // some two-technology decisions, and complaints.
        var verdicts = new Dictionary<int, ReviewVerdict>();
        var candidateVerdicts = new Dictionary<int, Dictionary<(string Bank, string Entry), ReviewVerdict>>();
        var complaints = new Dictionary<int, (int Count, bool Reinstated)>();
        var requests = new List<(string Path, string Body)>();
        string[] names = ["confirmed", "false_positive", "undetermined"];
        for (int i = 0; i < Count; i++)
        {
            if (random.Next(5) == 0)
            {
                int reviews = random.Next(10) == 0 ? 2 : 1;
                for (int r = 0; r < reviews; r++)
                {
                    var verdict = (ReviewVerdict)random.Next(3);
                    string perCandidate = "";
                    candidateVerdicts.Remove(i);
                    if (expected[i].Length == 2 && expected[i][0].Entry != expected[i][1].Entry && random.Next(2) == 0)
                    {
                        var own = (ReviewVerdict)random.Next(3);
                        var (_, bank, entry) = expected[i][1];
                        candidateVerdicts[i] = new() { [(bank, entry)] = own };
                        perCandidate = $$""","candidates":[{"list":"{{bank}}","entry_id":"{{entry}}","verdict":"{{names[(int)own]}}"}]""";
                    }

                    verdicts[i] = verdict;
                    requests.Add(("/v1/reviews", $$"""{"decision_id":"{{ids[i]}}","verdict":"{{names[(int)verdict]}}","reviewer":"r{{random.Next(4)}}"{{perCandidate}}}"""));
                }
            }

            if (random.Next(30) == 0)
            {
                bool reinstated = random.Next(3) == 0;
                complaints[i] = (1, reinstated);
                requests.Add(("/v1/complaints", $$"""{"decision_id":"{{ids[i]}}","outcome":"{{(reinstated ? "reinstated" : "upheld")}}"}"""));
            }
        }

        // In order per decision (a re-review must land after the first), four at a time across decisions.
        foreach (var group in requests.GroupBy(r => r.Body[16..48]).Chunk(4))
        {
            await Task.WhenAll(group.Select(async g =>
            {
                foreach (var (path, body) in g)
                {
                    await TestServer.Send(server.Review, HttpMethod.Post, path, TestServer.Json(body));
                }
            }));
        }

        // The recount, from what was sent: a decision counts in each technology's row with the candidate's own verdict
        // when the reviewer gave one, else the decision's.
        foreach (bool byBank in (bool[])[false, true])
        {
            var recount = new Dictionary<(string, string?), long[]>();
            for (int i = 0; i < Count; i++)
            {
                foreach (var group in expected[i].GroupBy(c => (c.Technology, Bank: byBank ? c.Bank : null)))
                {
                    ReviewVerdict? own = group.Select(c => candidateVerdicts.TryGetValue(i, out var v) && v.TryGetValue((c.Bank, c.Entry), out ReviewVerdict cv) ? cv : (ReviewVerdict?)null)
                        .FirstOrDefault(v => v is not null);
                    Tally(recount, group.Key, own ?? (verdicts.TryGetValue(i, out ReviewVerdict dv) ? dv : null), complaints.GetValueOrDefault(i));
                }

                Tally(recount, ("all", null), verdicts.TryGetValue(i, out ReviewVerdict whole) ? whole : null, complaints.GetValueOrDefault(i));
            }

            JsonElement report = await TestServer.Send(server.Review, HttpMethod.Get, $"/v1/reports/errors?by_bank={byBank.ToString().ToLowerInvariant()}", null);
            var actual = report.EnumerateArray().ToDictionary(
                r => (r.GetProperty("technology").GetString()!, r.TryGetProperty("bank", out JsonElement bank) ? bank.GetString() : null),
                r => (long[])[r.GetProperty("flagged").GetInt64(), r.GetProperty("reviewed").GetInt64(), r.GetProperty("confirmed").GetInt64(),
                    r.GetProperty("false_positives").GetInt64(), r.GetProperty("undetermined").GetInt64(), r.GetProperty("complaints").GetInt64(), r.GetProperty("reinstated").GetInt64()]);
            Assert.Equal(recount.Keys.OrderBy(k => k.ToString()), actual.Keys.OrderBy(k => k.ToString()));
            foreach (var (key, counts) in recount)
            {
                Assert.True(counts.SequenceEqual(actual[key]), $"{key}: expected {string.Join(",", counts)}, reported {string.Join(",", actual[key])}");
            }

            // The ratio and its interval follow from the counts.
            foreach (JsonElement row in report.EnumerateArray())
            {
                long fp = row.GetProperty("false_positives").GetInt64(), decided = fp + row.GetProperty("confirmed").GetInt64();
                Assert.True(decided > 0, "every row of this workload has reviewed decisions");
                Assert.Equal(fp / (double)decided, row.GetProperty("fp_ratio").GetDouble(), 12);
                BinomialInterval interval = BinomialInterval.Of(fp, decided);
                Assert.Equal((interval.Low, interval.High), (row.GetProperty("fp_ratio_low").GetDouble(), row.GetProperty("fp_ratio_high").GetDouble()));
            }
        }

        // The flagged counts also equal a count of the raw rows, and the CSV form and the command's archive agree.
        Assert.Equal(expected.Count(e => e.Any(c => c.Technology == "pdq")),
            Convert.ToInt64(await store.SqlAsync("SELECT COUNT(DISTINCT decision_id) FROM hm_decision_candidates WHERE technology = 'pdq'"), CultureInfo.InvariantCulture));
        using HttpResponseMessage csv = await server.Review.GetAsync("/v1/reports/errors?format=csv");
        string[] lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", ErrorReportCsv.Columns), lines[0]);
        using DecisionArchive archive = await DecisionArchive.OpenAsync(store.Options());
        IReadOnlyList<ErrorReportRow> rows = await archive.ErrorReportAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(lines.Length - 1, rows.Count);
        var written = new StringWriter();
        ErrorReportCsv.Write(written, rows);
        Assert.Equal(string.Join("\r\n", lines) + "\r\n", written.ToString());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Retention_purges_exactly_the_decisions_answered_before_the_cut(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        using SqlBankStore records = await SqlBankStore.OpenForCommandAsync(store.Options(), "test", TestContext.Current.CancellationToken);
        var cut = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        DecisionRecord Decision(DateTimeOffset at) => new(DecisionRecord.NewId(at), at, "lookup", "k", null, null, null, null, 1,
            [new DecisionCandidate("md5", "a", "e", null, 0, 0, null, null)]);
        DecisionRecord before = Decision(cut.AddMilliseconds(-1)), at = Decision(cut), after = Decision(cut.AddDays(1));
        await records.AddDecisionsAsync([before, at, after], TestContext.Current.CancellationToken);
        foreach (DecisionRecord decision in (DecisionRecord[])[before, at])
        {
            await records.AddReviewAsync(decision.Id, ReviewVerdict.FalsePositive, "r", null, [new CandidateVerdict("a", "e", ReviewVerdict.Confirmed)], cut, TestContext.Current.CancellationToken);
            await records.AddComplaintAsync(decision.Id, ComplaintOutcome.Upheld, null, cut, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, await records.PurgeDecisionsAsync(cut, TestContext.Current.CancellationToken));
        Assert.Null(await records.DecisionAsync(before.Id, TestContext.Current.CancellationToken));
        Assert.NotNull(await records.DecisionAsync(at.Id, TestContext.Current.CancellationToken));
        Assert.NotNull(await records.DecisionAsync(after.Id, TestContext.Current.CancellationToken));
        foreach (var (table, left) in new[] { ("hm_decisions", 2L), ("hm_decision_candidates", 2L), ("hm_reviews", 1L), ("hm_review_candidates", 1L), ("hm_complaints", 1L) })
        {
            Assert.Equal(left, Convert.ToInt64(await store.SqlAsync($"SELECT COUNT(*) FROM {table}"), CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task The_service_purges_on_its_clock_and_keeps_nothing_with_zero_retention()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var random = new Random(7);
        ListEntry entry = Entry("e1", random, exact: true);
        string query = $$"""{"hashes":[{"md5":"{{entry.Md5}}"}]}""";
        string old, recent;
        await using (TestServer server = await TestServer.StartFromOptionsAsync(store.Options(new() { RetainDecisions = TimeSpan.FromDays(3) }), clock))
        {
            await server.CreateBank("""{"name":"known"}""");
            await server.Import("known", MatchingApiTests.ToTsv([entry]));
            old = (await server.Lookup(query)).GetProperty("results")[0].GetProperty("decision_id").GetString()!;
            clock.Advance(TimeSpan.FromDays(2));
            recent = (await server.Lookup(query)).GetProperty("results")[0].GetProperty("decision_id").GetString()!;

            // Past the first decision's three days: the hourly purge (its timer on the same clock) removes it alone.
            clock.Advance(TimeSpan.FromDays(1.5));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while ((await server.Review.GetAsync($"/v1/decisions/{old}")).StatusCode != System.Net.HttpStatusCode.NotFound)
            {
                Assert.True(DateTime.UtcNow < deadline, "the old decision was not purged in 60 s");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            await TestServer.Send(server.Review, HttpMethod.Get, $"/v1/decisions/{recent}", null);
        }

        // Zero keeps none: answers name no decision, and what was kept is purged at start.
        await using (TestServer server = await TestServer.StartFromOptionsAsync(store.Options(new() { RetainDecisions = TimeSpan.Zero }), clock))
        {
            JsonElement result = (await server.Lookup(query)).GetProperty("results")[0];
            Assert.True(result.GetProperty("matched").GetBoolean());
            Assert.False(result.TryGetProperty("decision_id", out _));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (Convert.ToInt64(await store.SqlAsync("SELECT COUNT(*) FROM hm_decisions"), CultureInfo.InvariantCulture) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the kept decisions were not purged in 60 s");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }

    [Fact]
    public async Task Two_replicas_on_one_database_record_side_by_side_and_report_the_same()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Postgres, cluster);
        await using TestServer first = await TestServer.StartAsync(store);
        await using TestServer second = await TestServer.StartAsync(store);
        var random = new Random(8);
        ListEntry[] entries = [.. Enumerable.Range(0, 20).Select(i => Entry($"e{i}", random, exact: true))];
        await first.CreateBank("""{"name":"known"}""");
        await first.Import("known", MatchingApiTests.ToTsv(entries));
        await second.WaitReadyAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!(await TestServer.Send(second.Read, HttpMethod.Get, "/v1/banks/known", null)).TryGetProperty("entries", out JsonElement served) || served.GetInt64() < entries.Length)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second replica did not serve the import in 60 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        string Batch() => $$"""{"hashes":[{{string.Join(",", entries.Select(e => $$"""{"md5":"{{e.Md5}}"}"""))}}]}""";
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? first : second).Lookup(Batch())));
        Assert.Equal(400L, Convert.ToInt64(await store.SqlAsync("SELECT COUNT(*) FROM hm_decisions"), CultureInfo.InvariantCulture));
        JsonElement one = await TestServer.Send(first.Review, HttpMethod.Get, "/v1/reports/errors", null), other = await TestServer.Send(second.Review, HttpMethod.Get, "/v1/reports/errors", null);
        Assert.Equal(one.GetRawText(), other.GetRawText());
        Assert.Equal(400, one[0].GetProperty("flagged").GetInt64());
    }

    private static async Task<(int Code, string Out, string Error)> Cli(string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await HashMatch.Cli.CliApplication.RunAsync(arguments, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static Task<JsonElement> Review(TestServer server, string id, string verdict, string reviewer, string? note = null) =>
        TestServer.Send(server.Review, HttpMethod.Post, "/v1/reviews",
            JsonContent.Create(new Dictionary<string, string?> { ["decision_id"] = id, ["verdict"] = verdict, ["reviewer"] = reviewer, ["note"] = note }));

    private static void Tally(Dictionary<(string, string?), long[]> rows, (string, string?) key, ReviewVerdict? verdict, (int Count, bool Reinstated) complaint)
    {
        if (!rows.TryGetValue(key, out long[]? counts))
        {
            rows[key] = counts = new long[7];
        }

        counts[0]++;
        if (verdict is { } v)
        {
            counts[1]++;
            counts[v switch { ReviewVerdict.Confirmed => 2, ReviewVerdict.FalsePositive => 3, _ => 4 }]++;
        }

        counts[5] += complaint.Count;
        counts[6] += complaint.Reinstated ? 1 : 0;
    }

    private static ListEntry Entry(string id, Random random, bool exact)
    {
        byte[] Bytes(int length)
        {
            byte[] bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }

        return new ListEntry
        {
            Id = id,
            Pdq = RandomHashes.Next(random),
            Quality = 100,
            Md5 = exact ? ExactHash.FromBytes(ExactHashAlgorithm.Md5, Bytes(16)) : null,
            Sha1 = exact ? ExactHash.FromBytes(ExactHashAlgorithm.Sha1, Bytes(20)) : null,
            Sha256 = exact ? ExactHash.FromBytes(ExactHashAlgorithm.Sha256, Bytes(32)) : null,
        };
    }
}
