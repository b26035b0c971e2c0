using System.Text;
using System.Text.Json;
using HashMatch.Hashing;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Pdq;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Server;

/// <summary>
/// The service answers what the library answers: uploads and lookups give the candidates a <see cref="HashMatcher"/>
/// over the same entries gives, through imports, batches of adds and removes, exclusion banks, query variants, full
/// rebuilds (during which the service stays ready) and large imports past the delta limit.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class MatchingApiTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Uploads_and_lookups_match_as_the_library_does(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);

        // Known: eight pictures (hashed as 'hashmatch hash' would list them) and random entries around them.
        var images = Enumerable.Range(0, 8).Select(i => SyntheticImages.Encode(640, 480, 100 + i, SKEncodedImageFormat.Jpeg, 85)).ToArray();
        var random = new Random(7);
        var known = new List<ListEntry>();
        for (int i = 0; i < images.Length; i++)
        {
            ImageHashes h = ImageHasher.Default.HashEncoded(images[i]);
            known.Add(new ListEntry { Id = $"img-{i}", Pdq = h.Pdq.Hash, Quality = h.Pdq.Quality, Md5 = h.Exact.Md5, Metadata = new EntryMetadata { Category = "A1", Tags = ["t1", "t2"], Source = $"/home/analyst/case-0417/img-{i}.jpg" } });
            known.Add(new ListEntry { Id = $"near-{i}", Pdq = RandomHashes.Flip(h.Pdq.Hash, 20, random), Quality = 40 + (i * 5) });
        }

        known.AddRange(Enumerable.Range(0, 3000).Select(i => new ListEntry { Id = $"r{i}", Pdq = RandomHashes.Next(random), Quality = 90 }));

        // Exclusion: the last picture is a confirmed false positive. Turned: the third picture, with pixel-dihedral variants.
        ImageHashes last = ImageHasher.Default.HashEncoded(images[^1]);
        var exclusion = new List<ListEntry> { new() { Id = "fp-1", Pdq = last.Pdq.Hash, Quality = last.Pdq.Quality } };

        await server.CreateBank("""{"name":"known"}""");
        await server.CreateBank("""{"name":"turned","variants":"pixel-dihedral","max_distance":24}""");
        await server.CreateBank("""{"name":"fp","role":"exclusion"}""");
        await server.Import("known", ToTsv(known));
        await server.Import("turned", ToTsv(known.Take(6)), "text/plain");
        await server.Import("fp", ToCsv(exclusion), "text/csv");

        var matcher = new HashMatcher(
        [
            KnownList.Create("known", known),
            KnownList.Create("turned", known.Take(6), new KnownListOptions { Variants = QueryVariants.PixelDihedral, MaxDistance = 24 }),
            KnownList.Create("fp", exclusion, new KnownListOptions { Role = ListRole.Exclusion }),
        ]);

        // Uploads: the originals, re-encoded copies, a rotated copy, an unrelated picture, bytes that are no image.
        var uploads = new List<byte[]>(images)
        {
            SyntheticImages.Encode(640, 480, 101, SKEncodedImageFormat.Jpeg, 60),
            SyntheticImages.Encode(640, 480, 103, SKEncodedImageFormat.Png),
            Rotated(images[2]),
            SyntheticImages.Encode(640, 480, 999, SKEncodedImageFormat.Jpeg),
            Encoding.ASCII.GetBytes("https://example.invalid/picture.jpg"), // a URL is bytes, never fetched
        };
        int matched = 0;
        foreach (byte[] upload in uploads)
        {
            MatchReport expected = matcher.MatchEncoded(upload);
            JsonElement answer = await server.Match(upload, expected: expected.Error is null ? 200 : 422); // never "no match" for what was not hashed
            Assert.Equal(Expected(expected), Actual(answer.GetProperty("candidates")));
            Assert.Equal(expected.IsMatch, answer.GetProperty("matched").GetBoolean());
            Assert.Equal(expected.IsExcluded, answer.GetProperty("excluded").GetBoolean());
            Assert.Equal(expected.Exact?.Md5.ToString(), answer.GetProperty("hashes").GetProperty("md5").GetString());
            matched += expected.IsMatch ? 1 : 0;
        }

        Assert.True(matched >= 8, $"{matched} uploads matched"); // the test has teeth: most uploads match
        JsonElement rotated = await server.Match(uploads[10]);
        Assert.Contains(rotated.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("list").GetString() == "turned" && c.GetProperty("query_variant").GetString() == "rot90"); // turned clockwise, found by turning it back
        JsonElement excluded = await server.Match(images[^1]);
        Assert.True(excluded.GetProperty("excluded").GetBoolean());
        JsonElement notImage = await server.Match(uploads[^1], expected: 422);
        Assert.Equal("UnsupportedFormat", notImage.GetProperty("reason").GetString());

        // Lookups: a batch of every known hash flipped a little, random hashes, and exact hashes.
        var queries = known.Select((e, i) => (Pdq: RandomHashes.Flip(e.Pdq!.Value, i % 40, random), Quality: 30 + (i % 71), Md5: (ExactHash?)null))
            .Concat(Enumerable.Range(0, 200).Select(_ => (Pdq: RandomHashes.Next(random), Quality: 100, Md5: (ExactHash?)null)))
            .Append((Pdq: RandomHashes.Next(random), Quality: 100, Md5: known[0].Md5))
            .ToList();
        for (int start = 0; start < queries.Count; start += 1000)
        {
            var batch = queries.Skip(start).Take(1000).ToList();
            string json = JsonSerializer.Serialize(new
            {
                hashes = batch.Select(q => new { pdq = q.Pdq.ToString(), quality = q.Quality, md5 = q.Md5?.ToString() }),
            });
            JsonElement answer = await server.Lookup(json);
            JsonElement[] results = [.. answer.GetProperty("results").EnumerateArray()];
            Assert.Equal(batch.Count, results.Length);
            for (int i = 0; i < batch.Count; i++)
            {
                var exact = batch[i].Md5 is { } md5 ? new ExactHashes(md5, default, default) : (ExactHashes?)null;
                MatchReport expected = matcher.MatchHashes("q", exact, new PdqHashResult(batch[i].Pdq, batch[i].Quality));
                Assert.Equal(Expected(expected), Actual(results[i].GetProperty("candidates")));
            }
        }

        // The acceptance shape: {"hashes":[{"pdq":"<hex>"}]} answers the matched hash's distance.
        JsonElement one = await server.Lookup($$"""{"hashes":[{"pdq":"{{RandomHashes.Flip(known[0].Pdq!.Value, 3, random)}}"}]}""");
        JsonElement hit = one.GetProperty("results")[0].GetProperty("candidates").EnumerateArray().First(c => c.GetProperty("entry_id").GetString() == "img-0");
        Assert.Equal(3, hit.GetProperty("distance").GetInt32());
        Assert.Equal("A1", hit.GetProperty("metadata").GetProperty("category").GetString());

        // Issue 22: an entry's source (the path on the machine that hashed it) was shown to every read key. It stays
        // in the bank (exports, write scope) and never appears in an answer.
        Assert.DoesNotContain("case-0417", one.GetRawText());
        Assert.False(hit.GetProperty("metadata").TryGetProperty("source", out _));
        Assert.Contains("/home/analyst/case-0417/img-0.jpg", await server.Write.GetStringAsync("/v1/banks/known/export", TestContext.Current.CancellationToken));

        // /v1/hash gives the library's hashes.
        JsonElement hashed = await TestServer.Send(server.Read, HttpMethod.Post, "/v1/hash", new ByteArrayContent(images[0]));
        ImageHashes library = ImageHasher.Default.HashEncoded(images[0]);
        Assert.Equal((library.Pdq.Hash.ToString(), library.Pdq.Quality, library.Exact.Sha256.ToString(), 640), (hashed.GetProperty("pdq").GetString(), hashed.GetProperty("quality").GetInt32(), hashed.GetProperty("sha256").GetString(), hashed.GetProperty("width").GetInt32()));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Adds_removes_and_rebuilds_keep_answers_equal_to_a_list_built_from_the_bank(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        var random = new Random(11);
        await server.CreateBank("""{"name":"known"}""");
        await server.CreateBank("""{"name":"fp","role":"exclusion","max_distance":10}""");
        var knownEntries = Enumerable.Range(0, 4000).Select(i => new ListEntry { Id = $"k{i % 3900}", Pdq = RandomHashes.Next(random), Quality = 60 + (i % 40) }).ToList();
        var fpEntries = knownEntries.Take(50).Select((e, i) => new ListEntry { Id = $"fp{i}", Pdq = RandomHashes.Flip(e.Pdq!.Value, 3, random) }).ToList();
        await server.Import("known", ToTsv(knownEntries));
        await server.Import("fp", ToTsv(fpEntries));
        await RebuildAsync(server);
        JsonElement index = await TestServer.Send(server.Read, HttpMethod.Get, "/v1/index", null);
        Assert.All(index.GetProperty("banks").EnumerateArray(), b => Assert.Equal(0, b.GetProperty("delta_entries").GetInt64()));

        // Changes on top of the built base: removes of base ids (one shared by two entries, exclusion entries
        // among them), adds, a removed id added again, and a remove of an id only in the delta.
        var added = Enumerable.Range(0, 300).Select(i => new ListEntry { Id = i % 100 == 0 ? "k5" : $"new{i}", Pdq = RandomHashes.Next(random), Quality = 80 }).ToList();
        await TestServer.Send(server.Write, HttpMethod.Delete, "/v1/banks/known/entries", TestServer.Json("""{"ids":["k0","k1","k5","k7","k3899"]}"""));
        await TestServer.Send(server.Write, HttpMethod.Delete, "/v1/banks/fp/entries", TestServer.Json("""{"ids":["fp0","fp1","fp2"]}"""));
        JsonElement change = await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks/known/entries", TestServer.Json(EntriesJson(added)));
        Assert.True(change.GetProperty("applied").GetBoolean());
        Assert.Equal(300, change.GetProperty("added").GetInt64());
        JsonElement removed = await TestServer.Send(server.Write, HttpMethod.Delete, "/v1/banks/known/entries", TestServer.Json("""{"ids":["new1","missing"]}"""));
        Assert.Equal(1, removed.GetProperty("removed").GetInt64());
        index = await TestServer.Send(server.Read, HttpMethod.Get, "/v1/index", null);
        JsonElement knownIndex = index.GetProperty("banks").EnumerateArray().First(b => b.GetProperty("name").GetString() == "known");
        Assert.Equal(4000, knownIndex.GetProperty("base_entries").GetInt64());
        Assert.Equal(299, knownIndex.GetProperty("delta_entries").GetInt64());
        Assert.Equal(6, knownIndex.GetProperty("tombstones").GetInt64());

        var queries = knownEntries.Concat(added).Select((e, i) => (RandomHashes.Flip(e.Pdq!.Value, i % 12, random), 90)).ToList();
        await AssertLookupsEqualLibrary(server, queries);
        await RebuildAsync(server);
        await AssertLookupsEqualLibrary(server, queries);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_full_rebuild_keeps_serving_and_ready_and_a_large_import_arrives_through_one(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store, new HashMatch.Server.ServerOptions { DeltaLimit = 1000 });
        var random = new Random(5);
        await server.CreateBank("""{"name":"big"}""");
        var entries = Enumerable.Range(0, 150_000).Select(i => new ListEntry { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Pdq = RandomHashes.Next(random), Quality = 100 }).ToList();
        JsonElement import = await server.Import("big", ToTsv(entries));
        Assert.Equal(150_000, import.GetProperty("added").GetInt64());

        // Issue 22: an import over the delta limit answered 'applied: true' seconds before its hashes matched. Now
        // 'applied' waits for the rebuild that brings them in (up to 10 s), and means they match at once.
        string imported = JsonSerializer.Serialize(new { hashes = entries.Where((_, i) => i % 3000 == 0).Select(e => new { pdq = e.Pdq!.Value.ToString() }) });
        if (import.GetProperty("applied").GetBoolean())
        {
            Assert.All((await server.Lookup(imported)).GetProperty("results").EnumerateArray(), r => Assert.True(r.GetProperty("matched").GetBoolean()));
        }

        // More than the delta limit: the entries arrive through a rebuild, which the import asked for.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await BankIndexOf(server, "big")).GetProperty("base_entries").GetInt64() != 150_000)
        {
            Assert.True(DateTime.UtcNow < deadline, "the large import did not become visible in 60 s");
            await Task.Delay(100);
        }

        // A full rebuild asked for: until the bank's base is built again (its built_at changes), the service stays
        // ready and keeps matching. (Waiting to see "rebuilding": true failed under load — the earlier rebuild's
        // last_rebuild_seconds ended the loop before the new one had started; the stress run found it.)
        string probe = JsonSerializer.Serialize(new { hashes = entries.Take(50).Select(e => new { pdq = RandomHashes.Flip(e.Pdq!.Value, 4, random).ToString() }) });
        string builtBefore = (await BankIndexOf(server, "big")).GetProperty("built_at").GetString()!;
        await TestServer.Send(server.Write, HttpMethod.Post, "/v1/index/rebuild", null, 202);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        int rounds = 0;
        while (true)
        {
            JsonElement bank = await BankIndexOf(server, "big");
            await TestServer.Send(server.Anonymous, HttpMethod.Get, "/health/ready", null); // 200 throughout
            JsonElement answer = await server.Lookup(probe);
            Assert.All(answer.GetProperty("results").EnumerateArray(), r => Assert.True(r.GetProperty("matched").GetBoolean()));
            rounds++;
            if (bank.GetProperty("built_at").GetString() != builtBefore)
            {
                Assert.Equal(150_000, bank.GetProperty("base_entries").GetInt64());
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the rebuild asked for did not finish in 120 s ({rounds} rounds of lookups)");
            await Task.Delay(50);
        }
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Export_writes_back_what_was_imported(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        var random = new Random(3);
        var entries = Enumerable.Range(0, 500).Select(i => new ListEntry
        {
            Id = $"case-{i}-A",
            Pdq = i % 5 == 0 ? null : RandomHashes.Next(random),
            Quality = i % 5 == 0 ? null : i % 101,
            Md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, BitConverter.GetBytes(i)),
            Sha1 = i % 2 == 0 ? ExactHash.Compute(ExactHashAlgorithm.Sha1, BitConverter.GetBytes(i)) : null,
            Metadata = i % 3 == 0 ? new EntryMetadata { Category = "1", Tags = ["a", "b-c"], Source = $"folder/{i}.jpg", Note = "n" } : EntryMetadata.None,
        }).ToList();
        await server.CreateBank("""{"name":"known"}""");
        var jsonLines = new StringWriter();
        ListWriter.Write(jsonLines, entries, ListFormat.JsonLines);
        await server.Import("known", jsonLines.ToString(), "application/x-ndjson");

        foreach (var (format, layout) in new[] { ("tsv", ListFormat.Tsv), ("csv", ListFormat.Csv), ("jsonl", ListFormat.JsonLines) })
        {
            using HttpResponseMessage response = await server.Write.GetAsync($"/v1/banks/known/export?format={format}");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            string body = await response.Content.ReadAsStringAsync();
            ListContents read = ListReader.ReadFrom(new StringReader(body), "export", layout);
            Assert.Equal(entries.Count, read.Entries.Count);
            for (int i = 0; i < entries.Count; i++)
            {
                Assert.True(entries[i] == read.Entries[i], $"{format} entry {i}: {entries[i]} [{string.Join('|', entries[i].Metadata.Tags)}] became {read.Entries[i]} [{string.Join('|', read.Entries[i].Metadata.Tags)}]");
            }
        }

        await TestServer.Send(server.Write, HttpMethod.Get, "/v1/banks/known/export?format=nsrl", null, 400);
    }

    private static async Task AssertLookupsEqualLibrary(TestServer server, List<(PdqHash Hash, int Quality)> queries)
    {
        var matcher = new HashMatcher([await ExportedList(server, "known", new KnownListOptions()), await ExportedList(server, "fp", new KnownListOptions { Role = ListRole.Exclusion, MaxDistance = 10 })]);
        for (int start = 0; start < queries.Count; start += 2000)
        {
            var batch = queries.Skip(start).Take(2000).ToList();
            JsonElement answer = await server.Lookup(JsonSerializer.Serialize(new { hashes = batch.Select(q => new { pdq = q.Hash.ToString(), quality = q.Quality }) }));
            JsonElement[] results = [.. answer.GetProperty("results").EnumerateArray()];
            for (int i = 0; i < batch.Count; i++)
            {
                Assert.Equal(Expected(matcher.MatchHashes("q", null, new PdqHashResult(batch[i].Hash, batch[i].Quality))), Actual(results[i].GetProperty("candidates")));
            }
        }
    }

    /// <summary>The bank's entries as stored (its export), as a library list.</summary>
    private static async Task<KnownList> ExportedList(TestServer server, string bank, KnownListOptions options)
    {
        string tsv = await server.Write.GetStringAsync($"/v1/banks/{bank}/export");
        return KnownList.Create(bank, ListReader.ReadFrom(new StringReader(tsv), bank, ListFormat.Tsv).Entries, options);
    }

    private static async Task RebuildAsync(TestServer server)
    {
        await TestServer.Send(server.Write, HttpMethod.Post, "/v1/index/rebuild", null, 202);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            JsonElement state = await TestServer.Send(server.Read, HttpMethod.Get, "/v1/index", null);
            if (state.GetProperty("banks").EnumerateArray().All(b => b.GetProperty("delta_entries").GetInt64() == 0 && b.GetProperty("tombstones").GetInt64() == 0)
                && !state.GetProperty("rebuilding").GetBoolean())
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the rebuild did not finish in 60 s");
            await Task.Delay(50);
        }
    }

    private static async Task<JsonElement> BankIndexOf(TestServer server, string bank) =>
        (await TestServer.Send(server.Read, HttpMethod.Get, "/v1/index", null)).GetProperty("banks").EnumerateArray().First(b => b.GetProperty("name").GetString() == bank);

    internal static List<string> Expected(MatchReport report) =>
        [.. report.Candidates.Select(c => $"{c.List} {c.EntryId} {MatchMethodNames.Name(c.Method)} {c.Distance} {c.Variant.Name} {c.Variant.Region} {c.QueryQuality} {c.EntryQuality} {c.Verdict}")];

    internal static List<string> Actual(JsonElement candidates) =>
        [.. candidates.EnumerateArray().Select(c =>
            $"{c.GetProperty("list").GetString()} {c.GetProperty("entry_id").GetString()} {c.GetProperty("method").GetString()} {c.GetProperty("distance").GetInt32()} " +
            $"{c.GetProperty("query_variant").GetString()} {Region(c)} {Optional(c, "query_quality")} {Optional(c, "entry_quality")} {c.GetProperty("verdict").GetString()}")];

    private static string Region(JsonElement candidate) => candidate.TryGetProperty("query_region", out JsonElement r)
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.GetProperty("x").GetInt32()},{r.GetProperty("y").GetInt32()},{r.GetProperty("width").GetInt32()},{r.GetProperty("height").GetInt32()}")
        : "";

    private static string Optional(JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

    public static string ToTsv(IEnumerable<ListEntry> entries)
    {
        var writer = new StringWriter();
        ListWriter.Write(writer, entries, ListFormat.Tsv);
        return writer.ToString();
    }

    private static string ToCsv(IEnumerable<ListEntry> entries)
    {
        var writer = new StringWriter();
        ListWriter.Write(writer, entries, ListFormat.Csv);
        return writer.ToString();
    }

    private static string EntriesJson(IEnumerable<ListEntry> entries) => JsonSerializer.Serialize(new
    {
        entries = entries.Select(e => new { id = e.Id, pdq = e.Pdq?.ToString(), quality = e.Quality }),
    });

    private static byte[] Rotated(byte[] jpeg)
    {
        using SKBitmap source = SKBitmap.Decode(jpeg);
        using var turned = new SKBitmap(source.Height, source.Width);
        using (var canvas = new SKCanvas(turned))
        {
            canvas.Translate(turned.Width, 0);
            canvas.RotateDegrees(90);
            using SKImage image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear));
        }

        using SKData data = turned.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
