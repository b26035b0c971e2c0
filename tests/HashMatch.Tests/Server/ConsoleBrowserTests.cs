using System.Net;
using System.Text.Json;
using HashMatch.Hashing;
using HashMatch.Lists;
using HashMatch.Server;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Server;

/// <summary>
/// The web console (issue 28) driven in a real headless Chromium against a real server on loopback (SQLite): sign in
/// with keys of different scopes and see only what each may do, create a bank, import a list and see it all arrive,
/// add an entry by hand,
/// match an upload on the bench, review the decision with a key press and see the report change, a revoked key
/// refused; no console error or failed load on the way. <c>HASHMATCH_CONSOLE_SCREENSHOTS=DIR</c> keeps a 1280-pixel
/// screenshot of each page there (docs/console.md).
/// </summary>
[Trait("Cost", "Integration")]
public sealed class ConsoleBrowserTests(PostgresCluster cluster)
{
    [Fact]
    public async Task A_bank_is_made_filled_matched_and_its_decision_reviewed_through_the_console()
    {
        string binary = HeadlessChromium.Find()
            ?? throw new Xunit.Sdk.XunitException("chromium not found: install Debian's chromium (apt-get install -y chromium) or set HASHMATCH_CHROMIUM; the console's browser test cannot run without it.");
        CancellationToken cancel = TestContext.Current.CancellationToken;
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store, new ServerOptions { ReviewLink = "https://review.internal/item/{input}" });
        string console = new Uri(server.Server.Urls[0], "/console/").AbsoluteUri;
        string? screenshots = Environment.GetEnvironmentVariable("HASHMATCH_CONSOLE_SCREENSHOTS");

        // The page itself: no key needed, and a policy that allows nothing but the console's own files.
        using (HttpResponseMessage page = await server.Anonymous.GetAsync("/console/", cancel))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        }

        // A picture and a list holding its hashes.
        string folder = store.DataDirectory;
        string picture = Path.Combine(folder, "upload.jpg");
        await File.WriteAllBytesAsync(picture, SyntheticImages.Encode(640, 480, 28, SkiaSharp.SKEncodedImageFormat.Jpeg), cancel);
        ImageHashes hashes = ImageHasher.Default.HashFile(picture);
        var random = new Random(28);
        ListEntry[] entries =
        [
            new() { Id = "pic-1", Pdq = hashes.Pdq.Hash, Quality = hashes.Pdq.Quality, Metadata = new EntryMetadata { Category = "test" } },
            new() { Id = "other-1", Pdq = RandomHashes.Next(random), Quality = 100 },
            new() { Id = "other-2", Pdq = RandomHashes.Next(random), Quality = 100 },
        ];
        string recompressed = Path.Combine(folder, "again.jpg"); // the picture cropped by 6 % on the right, encoded again
        using (SkiaSharp.SKBitmap decoded = SkiaSharp.SKBitmap.Decode(picture))
        using (var cropped = new SkiaSharp.SKBitmap(600, 480))
        {
            Assert.True(decoded.ExtractSubset(cropped, new SkiaSharp.SKRectI(0, 0, 600, 480)));
            await File.WriteAllBytesAsync(recompressed, cropped.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 60).ToArray(), cancel);
        }

        string list = Path.Combine(folder, "known.tsv");
        await File.WriteAllTextAsync(list, MatchingApiTests.ToTsv(entries), cancel);

        await using HeadlessChromium browser = await HeadlessChromium.StartAsync(binary, cancel);
        await browser.OpenAsync(console, cancel);
        await SignIn(browser, TestServer.WriteKey, cancel);
        Assert.Equal(["Overview", "Banks", "Match bench"], await Texts(browser, "#nav a", cancel)); // no review pages for a write key
        await Shot(browser, screenshots, "overview", cancel);

        // Create a bank, import the list, watch it arrive.
        await Go(browser, "#/banks", "#create-bank", cancel);
        await browser.EvaluateAsync("document.getElementById('bank-name').value = 'known'; document.getElementById('create-bank').requestSubmit(); true", cancel);
        await browser.UntilAsync("location.hash === '#/bank/known' && document.getElementById('import')", cancel);
        await browser.SetFileAsync("#import-file", list, cancel);
        await browser.EvaluateAsync("document.getElementById('import').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.getElementById('import-result').textContent.startsWith('Imported 3 entries')", cancel);
        Assert.Equal(1.0, (await browser.EvaluateAsync("document.getElementById('import-progress').value", cancel))!.GetValue<double>());
        string near = RandomHashes.Flip(hashes.Pdq.Hash, 6, random).ToString();
        await browser.EvaluateAsync($"document.getElementById('entry-query').value = '{near}'; document.getElementById('entry-search').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.querySelector('#entry-results table')", cancel);
        Assert.Equal(["pic-1"], await Texts(browser, "#entry-results tbody tr td:first-child", cancel)); // the others are ~128 bits away
        Assert.Equal("6", (await browser.EvaluateAsync("document.querySelector('#entry-results tbody tr td:nth-child(7)').textContent", cancel))!.GetValue<string>());
        await browser.EvaluateAsync("document.getElementById('entry-query').value = 'other'; document.getElementById('entry-search').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.querySelectorAll('#entry-results tbody tr').length === 2", cancel);

        // One entry added by hand, with its metadata; the search finds it by its note.
        await browser.EvaluateAsync("""
            document.getElementById('add-id').value = 'by-hand';
            document.getElementById('add-kind').value = 'md5';
            document.getElementById('add-hash').value = '0123456789ABCDEF0123456789abcdef';
            document.getElementById('add-category').value = 'manual';
            document.getElementById('add-tags').value = 'a, b';
            document.getElementById('add-note').value = 'seen twice';
            document.getElementById('add-entry').requestSubmit();
            true
            """, cancel);
        await browser.UntilAsync("document.getElementById('status').textContent.startsWith('Entry by-hand added to known')", cancel);
        await browser.EvaluateAsync("document.getElementById('entry-query').value = 'seen twice'; document.getElementById('entry-search').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.querySelectorAll('#entry-results tbody tr').length === 1", cancel);
        Assert.Equal(["by-hand"], await Texts(browser, "#entry-results tbody tr td:first-child", cancel));
        JsonElement added = (await TestServer.Send(server.Write, HttpMethod.Get, "/v1/banks/known/entries?id=by-hand", null)).GetProperty("entries")[0].GetProperty("entry");
        Assert.Equal(("0123456789abcdef0123456789abcdef", "manual", "a,b"), (added.GetProperty("md5").GetString(), added.GetProperty("category").GetString(),
            string.Join(",", added.GetProperty("tags").EnumerateArray().Select(t => t.GetString()))));
        await browser.EvaluateAsync("document.getElementById('set-threshold').value = 24; document.getElementById('set-variants').value = 'region'; document.getElementById('bank-settings').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.getElementById('set-threshold') && document.getElementById('set-threshold').value === '24' && document.getElementById('status').textContent === 'Bank known changed.'", cancel);
        JsonElement changed = await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/known", null);
        Assert.Equal((24, "region"), (changed.GetProperty("max_distance").GetInt32(), changed.GetProperty("variants").GetString()));
        await Shot(browser, screenshots, "bank", cancel);
        await Go(browser, "#/overview", "document.querySelector('main table tbody td a')", cancel);
        await browser.UntilAsync("document.querySelector('main table tbody tr td:nth-child(2)').textContent === '4'", cancel); // 3 imported, 1 by hand

        // Match the picture on the bench: matched, with its decision; a pasted hash looks up the same entry.
        await Go(browser, "#/bench", "#bench-upload", cancel);
        await browser.SetFileAsync("#bench-file", picture, cancel);
        await browser.EvaluateAsync("document.getElementById('bench-upload').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.querySelector('#bench-result h2') && document.querySelector('#bench-result h2').textContent === 'Matched'", cancel);
        Assert.Contains("pic-1", (await browser.EvaluateAsync("document.getElementById('bench-result').innerText", cancel))!.GetValue<string>());
        await browser.EvaluateAsync($"document.getElementById('compare-left').value = '{entries[1].Pdq}'; document.getElementById('compare-right').value = '{entries[1].Pdq}'; document.getElementById('compare').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.getElementById('compare-distance') && document.getElementById('compare-distance').textContent.startsWith('Distance 0 of 256')", cancel);
        await browser.UntilAsync("document.querySelectorAll('#bench-variants tbody tr').length > 1", cancel); // the upload's query variants
        await browser.SetFileAsync("#compare-left-file", picture, cancel);
        await browser.SetFileAsync("#compare-right-file", recompressed, cancel);
        await browser.EvaluateAsync("document.getElementById('compare-pictures').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.querySelectorAll('#compare-result figure img').length === 2 && document.getElementById('compare-distance')", cancel);
        int pictureDistance = ImageHasher.Default.HashFile(picture).Pdq.Hash.DistanceTo(ImageHasher.Default.HashFile(recompressed).Pdq.Hash);
        Assert.InRange(pictureDistance, 1, 128);
        Assert.StartsWith($"Distance {pictureDistance} of 256 bits", (await browser.EvaluateAsync("document.getElementById('compare-distance').textContent", cancel))!.GetValue<string>());
        Assert.Equal(pictureDistance, (await browser.EvaluateAsync("document.querySelectorAll('#compare-result .bits span.differs').length", cancel))!.GetValue<int>());
        await Shot(browser, screenshots, "bench", cancel);
        Assert.True(browser.Errors.Count == 0, string.Join("\n", browser.Errors));

        // A second decision, by an exact hash, for the review queue's filters.
        await server.Lookup("""{"hashes":[{"id":"upload-7","md5":"0123456789abcdef0123456789abcdef"}]}""");

        // A read key sees the same pages as the write key, but no form that writes.
        await browser.EvaluateAsync("document.getElementById('sign-out').click(); true", cancel);
        await SignIn(browser, TestServer.ReadKey, cancel);
        Assert.Equal(["Overview", "Banks", "Match bench"], await Texts(browser, "#nav a", cancel));
        await Go(browser, "#/banks", "document.querySelector('main table tbody td a')", cancel);
        Assert.False((await browser.EvaluateAsync("!!document.getElementById('create-bank')", cancel))!.GetValue<bool>());
        await Go(browser, "#/bank/known", "document.querySelector('main h1') && document.querySelector('main h1').textContent === 'Bank known'", cancel);
        Assert.Equal(0, (await browser.EvaluateAsync("document.querySelectorAll('#import, #add-entry, #bank-settings, #delete-bank, #toggle-enabled').length", cancel))!.GetValue<int>());
        Assert.True(browser.Errors.Count == 0, string.Join("\n", browser.Errors));

        // An admin key sees the keys only, and makes a review key for a reviewer (shown once).
        await browser.EvaluateAsync("document.getElementById('sign-out').click(); true", cancel);
        await SignIn(browser, TestServer.AdminKey, cancel);
        Assert.Equal(["Keys"], await Texts(browser, "#nav a", cancel));
        await Go(browser, "#/keys", "#create-key", cancel);
        await browser.EvaluateAsync("document.getElementById('key-name').value = 'desk-2'; document.getElementById('key-scope-review').checked = true; document.getElementById('create-key').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.getElementById('new-key')", cancel);
        string reviewKey = (await browser.EvaluateAsync("document.getElementById('new-key').textContent", cancel))!.GetValue<string>();
        Assert.StartsWith("hm_", reviewKey);
        await Shot(browser, screenshots, "keys", cancel);

        // The review key sees the review pages only; the decision waits in the queue, and 'f' judges it.
        await browser.EvaluateAsync("document.getElementById('sign-out').click(); true", cancel);
        await SignIn(browser, reviewKey, cancel);
        Assert.Equal(["Review", "Reports"], await Texts(browser, "#nav a", cancel));
        await Go(browser, "#/review", "document.querySelector('article.decision')", cancel);
        Assert.Equal(2, (await browser.EvaluateAsync("document.querySelectorAll('article.decision').length", cancel))!.GetValue<int>());
        // The upload's decision links out to the operator's own copy (--review-link with the upload's file name).
        Assert.Equal(["https://review.internal/item/upload-7", "https://review.internal/item/upload.jpg"],
            (await browser.EvaluateAsync("[...document.querySelectorAll('article.decision a.link-out')].map(a => a.href).sort()", cancel))!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
        await Shot(browser, screenshots, "review", cancel);

        // Filters: by technology, by distance, by bank; each keeps to what it names.
        await Filter(browser, "", "md5", "", cancel);
        Assert.Equal(["md5"], await Texts(browser, "article.decision tbody tr td:first-child", cancel));
        await Filter(browser, "", "", "3", cancel); // both matched at 0 bits
        Assert.Equal(2, (await browser.EvaluateAsync("document.querySelectorAll('article.decision').length", cancel))!.GetValue<int>());
        await Filter(browser, "nothing-here", "", "", cancel);
        await browser.UntilAsync("document.querySelector('main').textContent.includes('Nothing to review with these filters.')", cancel);
        await Filter(browser, "known", "pdq", "", cancel);
        Assert.Equal(["pic-1"], await Texts(browser, "article.decision tbody tr td:nth-child(3)", cancel));
        await browser.EvaluateAsync("""
            document.getElementById('reviewer').value = 'desk-1';
            document.querySelector('article.decision').focus();
            document.querySelector('article.decision').dispatchEvent(new KeyboardEvent('keydown', { key: 'f', bubbles: true }));
            true
            """, cancel);
        await browser.UntilAsync("document.querySelector('main h1').textContent === 'Review queue (0)'", cancel);
        await Filter(browser, "", "", "", cancel);
        Assert.Equal(1, (await browser.EvaluateAsync("document.querySelectorAll('article.decision').length", cancel))!.GetValue<int>()); // the md5 one is left
        // With the reviewed ones shown, the judged decision carries its history.
        await browser.EvaluateAsync("document.getElementById('filter-reviewed').checked = true; document.getElementById('review-filter').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.querySelector('main h1').textContent === 'Decisions (2)' && document.querySelector('ol.history')", cancel);
        Assert.StartsWith("20", (await browser.EvaluateAsync("document.querySelector('ol.history li').textContent", cancel))!.GetValue<string>());
        Assert.Contains("false positive by desk-1", (await browser.EvaluateAsync("document.querySelector('ol.history li').textContent", cancel))!.GetValue<string>());
        await Go(browser, "#/reports", "document.querySelector('#report-result table')", cancel);
        string report = (await browser.EvaluateAsync("document.getElementById('report-result').innerText", cancel))!.GetValue<string>();
        Assert.Contains("100.00 %", report); // one decision, found false: the ratio is 1
        // The threshold advice of the bank with a review, plotted: at 0 bits the false positive is kept.
        await browser.UntilAsync("document.querySelector('#advice-result svg.plot polyline.false-positive')", cancel);
        Assert.Equal("known", (await browser.EvaluateAsync("document.getElementById('advice-bank').value", cancel))!.GetValue<string>());
        Assert.Equal(65, (await browser.EvaluateAsync("document.querySelectorAll('#advice-result tbody tr').length", cancel))!.GetValue<int>());
        await Shot(browser, screenshots, "reports", cancel);
        Assert.True(browser.Errors.Count == 0, string.Join("\n", browser.Errors));

        // The admin revokes it; signing in with it again is refused with the reason.
        await browser.EvaluateAsync("document.getElementById('sign-out').click(); true", cancel);
        await SignIn(browser, TestServer.AdminKey, cancel);
        await Go(browser, "#/keys", "document.querySelector('button[data-key=\"desk-2\"]')", cancel);
        await browser.EvaluateAsync("window.confirm = () => true; document.querySelector('button[data-key=\"desk-2\"]').click(); true", cancel);
        await browser.UntilAsync("!document.querySelector('button[data-key=\"desk-2\"]')", cancel);
        // ... and makes a key that may read and see the metrics, for a person watching the service.
        await browser.EvaluateAsync("document.getElementById('key-name').value = 'watch'; document.getElementById('key-scope-read').checked = true; document.getElementById('key-scope-metrics').checked = true; document.getElementById('create-key').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.getElementById('new-key') && document.getElementById('key-created').textContent.includes('watch')", cancel);
        string watchKey = (await browser.EvaluateAsync("document.getElementById('new-key').textContent", cancel))!.GetValue<string>();
        using var desk = server.Client(reviewKey);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await desk.GetAsync("/v1/key", cancel)).StatusCode != HttpStatusCode.Unauthorized)
        {
            Assert.True(DateTime.UtcNow < deadline, "the revoked key still worked after 60 s");
            await Task.Delay(50, cancel);
        }

        await browser.EvaluateAsync("document.getElementById('sign-out').click(); true", cancel);
        await browser.UntilAsync("document.getElementById('sign-in')", cancel);
        await browser.EvaluateAsync($"document.getElementById('key').value = {JsonSerializer.Serialize(reviewKey)}; document.getElementById('sign-in').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.getElementById('sign-in-problem') && document.getElementById('sign-in-problem').textContent.includes('refused')", cancel);

        // The watching key's overview shows the request rates from the metrics, refreshed while it is open: hashes
        // looked up after the first reading show in the next. (The refused sign-in above logged its 401.)
        int errorsBefore = browser.Errors.Count;
        await SignIn(browser, watchKey, cancel);
        await Go(browser, "#/overview", "#rates-first", cancel);
        using (HttpClient watch = server.Client(watchKey))
        {
            await server.Lookup($$"""{"hashes":[{"pdq":"{{entries[1].Pdq}}"},{"pdq":"{{entries[2].Pdq}}"}]}""", watch);
        }

        await browser.UntilAsync("document.querySelector('#request-rates table')", cancel);
        string rates = (await browser.EvaluateAsync("document.getElementById('request-rates').innerText", cancel))!.GetValue<string>();
        Assert.Matches(@"Hashes looked up\s+0\.[1-9]|Hashes looked up\s+[1-9]", rates);
        Assert.True(browser.Errors.Count == errorsBefore, string.Join("\n", browser.Errors.Skip(errorsBefore)));

        // What another site could make a signed-in browser send is refused: a form (its content types are not the
        // API's, and it cannot carry the key's header) and a body without the key; nothing is written.
        using var form = new FormUrlEncodedContent([new("name", "forged")]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await server.Anonymous.PostAsync("/v1/banks", form, cancel)).StatusCode);
        using var plain = new StringContent("""{"name":"forged"}""", System.Text.Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await server.Anonymous.PostAsync("/v1/banks", plain, cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous.PostAsync("/v1/banks", TestServer.Json("""{"name":"forged"}"""), cancel)).StatusCode);
        await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/forged", null, 404);
    }

    private static async Task Filter(HeadlessChromium browser, string bank, string technology, string distance, CancellationToken cancel)
    {
        await browser.EvaluateAsync($"""
            document.getElementById('review-filter').dataset.old = 'yes';
            document.getElementById('filter-bank').value = {JsonSerializer.Serialize(bank)};
            document.getElementById('filter-technology').value = {JsonSerializer.Serialize(technology)};
            document.getElementById('filter-distance').value = {JsonSerializer.Serialize(distance)};
            document.getElementById('review-filter').requestSubmit();
            true
            """, cancel);
        // The page is drawn anew: a new form, without the old one's mark.
        await browser.UntilAsync("document.getElementById('review-filter') && !document.getElementById('review-filter').dataset.old", cancel);
    }

    private static async Task SignIn(HeadlessChromium browser, string key, CancellationToken cancel)
    {
        await browser.UntilAsync("document.getElementById('sign-in')", cancel);
        await browser.EvaluateAsync($"document.getElementById('key').value = {JsonSerializer.Serialize(key)}; document.getElementById('sign-in').requestSubmit(); true", cancel);
        await browser.UntilAsync("document.querySelectorAll('#nav a').length > 0 && document.getElementById('sign-out')", cancel);
    }

    private static async Task Go(HeadlessChromium browser, string hash, string ready, CancellationToken cancel)
    {
        await browser.EvaluateAsync($"location.hash = '{hash}'; true", cancel);
        await browser.UntilAsync(ready.StartsWith('#') ? $"document.querySelector('{ready}')" : ready, cancel);
    }

    private static async Task<string[]> Texts(HeadlessChromium browser, string selector, CancellationToken cancel) =>
        [.. (await browser.EvaluateAsync($"[...document.querySelectorAll('{selector}')].map(e => e.textContent)", cancel))!.AsArray().Select(n => n!.GetValue<string>())];

    private static async Task Shot(HeadlessChromium browser, string? folder, string name, CancellationToken cancel)
    {
        // Every page shot is also checked at a tablet's width (768 px): nothing wider than the window but a table
        // that scrolls inside itself, and no image that failed to load.
        await browser.SetWidthAsync(768, cancel);
        Assert.True((await browser.EvaluateAsync("document.documentElement.scrollWidth <= 768", cancel))!.GetValue<bool>(), $"the {name} page is wider than a 768-pixel tablet");
        Assert.Equal(0, (await browser.EvaluateAsync("[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length", cancel))!.GetValue<int>());
        await browser.SetWidthAsync(1280, cancel);

        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, $"console-{name}.png"), await browser.ScreenshotAsync(1280, cancel), cancel);
        }
    }
}
