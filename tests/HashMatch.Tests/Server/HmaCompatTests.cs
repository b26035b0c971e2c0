using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HashMatch.Pdq;
using HashMatch.Server;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Server;

/// <summary>
/// <c>serve --hma-compat</c>: HMA 1.x clients' requests, shaped as HMA's own documentation and tests send them
/// (/work/notes/protocol-hma.md records them), get HMA's answers — computed from the same banks, candidates and
/// distances HashMatch's <c>/v1</c> API answers for the same data, which each test asks too and compares.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class HmaCompatTests(PostgresCluster cluster)
{
    private static readonly ServerOptions HmaCompat = new() { HmaCompat = true };

    [Fact]
    public async Task Banks_follow_HMA_s_name_rule_and_shapes_on_HashMatch_s_banks()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store, HmaCompat);

        Assert.Equal("[]", await Text(server.Read, HttpMethod.Get, "/c/banks", null));
        foreach (string bad in (string[])["01_TEST_BANK", "my_test_bank", "_LEADING_UNDERSCORE"])
        {
            JsonElement refused = await TestServer.Send(server.Write, HttpMethod.Post, "/c/banks", TestServer.Json($$"""{"name":"{{bad}}"}"""), 400);
            Assert.StartsWith("Bank names must be UPPER_WITH_UNDERSCORE", refused.GetProperty("message").GetString());
        }

        // Python writes the ratio as 1.0, and so does this (HMA's own test compares the whole object).
        Assert.Equal("""{"matching_enabled_ratio":1.0,"name":"MY_TEST_BANK_01"}""",
            await Text(server.Write, HttpMethod.Post, "/c/banks", TestServer.Json("""{"name":"MY_TEST_BANK_01"}"""), 201));
        Assert.Equal("Bank already exists", (await TestServer.Send(server.Write, HttpMethod.Post, "/c/banks", TestServer.Json("""{"name":"MY_TEST_BANK_01"}"""), 403)).GetProperty("message").GetString());
        Assert.Equal("name is required", (await TestServer.Send(server.Write, HttpMethod.Post, "/c/banks", TestServer.Json("{}"), 400)).GetProperty("message").GetString());
        Assert.Equal("""{"matching_enabled_ratio":0.0,"name":"OFF_BANK"}""",
            await Text(server.Write, HttpMethod.Post, "/c/banks", TestServer.Json("""{"name":"OFF_BANK","enabled":false}"""), 201));

        // The same bank through /v1: one store.
        JsonElement v1 = await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/MY_TEST_BANK_01", null);
        Assert.True(v1.GetProperty("enabled").GetBoolean());
        Assert.Equal(31, v1.GetProperty("max_distance").GetInt32());

        // Updates as HMA's test makes them: a bad name is 400; enabled and a ratio of 0 or 1 switch the bank.
        string bank = "/c/bank/MY_TEST_BANK_01";
        Assert.StartsWith("Bank names must", (await TestServer.Send(server.Write, HttpMethod.Put, bank, TestServer.Json("""{"name":"1_invalid_name"}"""), 400)).GetProperty("message").GetString());
        Assert.Equal(0, (await TestServer.Send(server.Write, HttpMethod.Put, bank, TestServer.Json("""{"enabled":false}"""))).GetProperty("matching_enabled_ratio").GetDouble());
        Assert.False((await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/MY_TEST_BANK_01", null)).GetProperty("enabled").GetBoolean());
        Assert.Equal(1, (await TestServer.Send(server.Write, HttpMethod.Put, bank, TestServer.Json("""{"enabled":false,"enabled_ratio":1}"""))).GetProperty("matching_enabled_ratio").GetDouble());
        Assert.True((await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/MY_TEST_BANK_01", null)).GetProperty("enabled").GetBoolean());

        // Not mapped: a coin-flip ratio and a rename are 501 with a reason, and change nothing.
        Assert.Contains("matching_enabled_ratio", (await TestServer.Send(server.Write, HttpMethod.Put, bank, TestServer.Json("""{"enabled_ratio":0.5}"""), 501)).GetProperty("message").GetString());
        Assert.Contains("matching_enabled_ratio", (await TestServer.Send(server.Write, HttpMethod.Post, "/c/banks", TestServer.Json("""{"name":"HALF","enabled_ratio":0.5}"""), 501)).GetProperty("message").GetString());
        Assert.Contains("renaming", (await TestServer.Send(server.Write, HttpMethod.Put, bank, TestServer.Json("""{"name":"MY_TEST_BANK_RENAMED"}"""), 501)).GetProperty("message").GetString());
        Assert.Equal("Bank name already exists", (await TestServer.Send(server.Write, HttpMethod.Put, bank, TestServer.Json("""{"name":"OFF_BANK"}"""), 403)).GetProperty("message").GetString());
        Assert.Equal("Bank not found", (await TestServer.Send(server.Write, HttpMethod.Put, "/c/bank/NOPE", TestServer.Json("{}"), 404)).GetProperty("message").GetString());
        await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/HALF", null, 404);

        // A bank made through /v1 under HashMatch's rule is listed and addressed as it is.
        await server.CreateBank("""{"name":"known.v1"}""");
        Assert.Equal("""[{"matching_enabled_ratio":1.0,"name":"MY_TEST_BANK_01"},{"matching_enabled_ratio":0.0,"name":"OFF_BANK"},{"matching_enabled_ratio":1.0,"name":"known.v1"}]""",
            await Text(server.Read, HttpMethod.Get, "/c/banks", null));
        Assert.Equal("""{"matching_enabled_ratio":1.0,"name":"known.v1"}""", await Text(server.Read, HttpMethod.Get, "/c/bank/known.v1", null));
        Assert.Equal("bank 'NOPE' not found", (await TestServer.Send(server.Read, HttpMethod.Get, "/c/bank/NOPE", null, 404)).GetProperty("message").GetString());

        // Deleting answers Done whether or not the bank was there (HMA's test deletes twice).
        Assert.Equal("""{"message":"Done"}""", await Text(server.Write, HttpMethod.Delete, bank, null));
        Assert.Equal("""{"message":"Done"}""", await Text(server.Write, HttpMethod.Delete, bank, null));
        await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/MY_TEST_BANK_01", null, 404);

        // Keys as /v1: reads need the read scope, changes the write scope; /status needs none, like /health.
        await TestServer.Send(server.Anonymous, HttpMethod.Get, "/c/banks", null, 401);
        await TestServer.Send(server.Read, HttpMethod.Post, "/c/banks", TestServer.Json("""{"name":"BY_READ_KEY"}"""), 403);
        await TestServer.Send(server.Read, HttpMethod.Delete, "/c/bank/OFF_BANK", null, 403);
        await TestServer.Send(server.Anonymous, HttpMethod.Get, "/m/raw_lookup?signal_type=pdq&signal=" + new string('0', 64), null, 401);
        await TestServer.Send(server.Read, HttpMethod.Post, "/c/bank/OFF_BANK/signal", TestServer.Json($$"""{"pdq":"{{new string('0', 64)}}"}"""), 403);
        Assert.Equal("I-AM-ALIVE", await Text(server.Anonymous, HttpMethod.Get, "/status", null));
        Assert.Equal("I-AM-ALIVE", await Text(server.Anonymous, HttpMethod.Get, "/status/live", null));
    }

    [Fact]
    public async Task Without_the_option_no_HMA_route_is_served()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        foreach (string path in (string[])["/status", "/c/banks", "/m/index/status"])
        {
            using HttpResponseMessage response = await server.Write.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Signal_lookups_answer_the_candidates_and_distances_of_v1_lookup()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store, HmaCompat);

        // HMA's end-to-end test: hashes posted one by one to TEST_BANK; then a /v1 bank with text ids near them.
        var random = new Random(11);
        PdqHash[] hashes = [.. Enumerable.Range(0, 8).Select(_ => RandomHashes.Next(random))];
        await TestServer.Send(server.Write, HttpMethod.Post, "/c/banks", TestServer.Json("""{"name":"TEST_BANK"}"""), 201);
        var ids = new List<long>();
        foreach (PdqHash hash in hashes)
        {
            JsonElement added = await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/TEST_BANK/signal", TestServer.Json($$"""{"pdq":"{{hash}}"}"""));
            Assert.Equal(JsonValueKind.Number, added.GetProperty("id").ValueKind);
            Assert.Equal($$"""{"pdq":"{{hash}}"}""", added.GetProperty("signals").GetRawText());
            ids.Add(added.GetProperty("id").GetInt64());
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        await server.CreateBank("""{"name":"other"}""");
        await server.Import("other", "id\tpdq\tquality\nnear-a\t" + RandomHashes.Flip(hashes[^1], 9, random) + "\t90\nnear-b\t" + RandomHashes.Flip(hashes[^1], 40, random) + "\t90\nlow\t" + hashes[^1] + "\t20\n");

        JsonElement status = await TestServer.Send(server.Read, HttpMethod.Get, "/m/index/status?signal_type=pdq", null);
        Assert.True(status.GetProperty("pdq").GetProperty("present").GetBoolean());
        Assert.Equal(hashes.Length + 3, status.GetProperty("pdq").GetProperty("size").GetInt64());

        // GET /m/lookup: the Match candidates of /v1/lookup, by bank; the text ids as strings; an entry below the
        // bank's quality limit is a candidate but no match.
        string last = hashes[^1].ToString();
        JsonElement v1 = await V1Candidates(server, last);
        JsonElement lookup = await TestServer.Send(server.Read, HttpMethod.Get, $"/m/lookup?signal_type=pdq&signal={last}", null);
        Assert.Equal(Expected(v1, matchesOnly: true), Actual(lookup));
        Assert.NotEqual(Expected(v1, matchesOnly: true), Expected(v1, matchesOnly: false)); // the low-quality entry is a candidate, not a match
        Assert.Equal($$"""{"TEST_BANK":[{"bank_content_id":{{ids[^1]}},"distance":"0"}],"other":[{"bank_content_id":"near-a","distance":"9"}]}""", lookup.GetRawText());
        Assert.Equal("{}", (await TestServer.Send(server.Read, HttpMethod.Get, $"/m/lookup?signal_type=pdq&signal={new string('5', 64)}", null)).GetRawText());
        Assert.Equal("\"near-a\"", (await TestServer.Send(server.Write, HttpMethod.Get, "/c/bank/other/content/near-a", null)).GetProperty("id").GetRawText());
        Assert.Equal("""["TEST_BANK"]""", Keys(await TestServer.Send(server.Read, HttpMethod.Get, $"/m/lookup?signal_type=pdq&signal={last}&banks=TEST_BANK", null)));
        Assert.Equal("{}", (await TestServer.Send(server.Read, HttpMethod.Get, $"/m/lookup?signal_type=pdq&signal={last}&banks=NON_EXISTENT_BANK", null)).GetRawText());

        // GET /m/raw_lookup: every candidate of /v1/lookup, whatever its verdict.
        JsonElement raw = await TestServer.Send(server.Read, HttpMethod.Get, $"/m/raw_lookup?signal_type=pdq&signal={last}&include_distance=true", null);
        Assert.Equal(string.Join(",", Expected(v1, matchesOnly: false).Split(';').Select(bank => bank.Split(':', 2)[1])),
            string.Join(",", raw.GetProperty("matches").EnumerateArray().Select(Match)));
        Assert.Equal($$"""{"matches":[{{ids[^1]}},"low","near-a"]}""", (await TestServer.Send(server.Read, HttpMethod.Get, $"/m/raw_lookup?signal_type=pdq&signal={last}", null)).GetRawText());
        Assert.Equal($$"""{"matches":[{{ids[0]}}]}""", (await TestServer.Send(server.Read, HttpMethod.Get, $"/m/raw_lookup?signal_type=pdq&signal={hashes[0]}&banks=TEST_BANK,NON_EXISTENT_BANK", null)).GetRawText());
        Assert.Equal("""{"matches":[]}""", (await TestServer.Send(server.Read, HttpMethod.Get, $"/m/raw_lookup?signal_type=pdq&signal={last}&banks=NON_EXISTENT_BANK", null)).GetRawText());

        // A disabled bank (ratio 0): out of lookups, in raw lookups (HMA's raw lookup skips the switches).
        await TestServer.Send(server.Write, HttpMethod.Put, "/c/bank/TEST_BANK", TestServer.Json("""{"enabled":false}"""));
        Assert.Equal("""["other"]""", Keys(await TestServer.Send(server.Read, HttpMethod.Get, $"/m/lookup?signal_type=pdq&signal={last}", null)));
        Assert.Contains(ids[^1], (await TestServer.Send(server.Read, HttpMethod.Get, $"/m/raw_lookup?signal_type=pdq&signal={last}", null)).GetProperty("matches").EnumerateArray().Where(m => m.ValueKind == JsonValueKind.Number).Select(m => m.GetInt64()));
        await TestServer.Send(server.Write, HttpMethod.Put, "/c/bank/TEST_BANK", TestServer.Json("""{"enabled":true}"""));

        // video_md5 is an entry's MD5: trimmed and lower-cased as HMA does; an exact match's distance is "-".
        string md5 = "D41D8CD98F00B204E9800998ECF8427E";
        JsonElement video = await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/TEST_BANK/signal", TestServer.Json($$"""{"video_md5":" {{md5}} ","note":"Hash from campaign ABC"}"""));
        Assert.Equal($$"""{"video_md5":"{{md5.ToLowerInvariant()}}"}""", video.GetProperty("signals").GetRawText());
        long videoId = video.GetProperty("id").GetInt64();
        Assert.Equal($$"""{"TEST_BANK":[{"bank_content_id":{{videoId}},"distance":"-"}]}""",
            (await TestServer.Send(server.Read, HttpMethod.Get, $"/m/lookup?signal_type=video_md5&signal={md5.ToLowerInvariant()}", null)).GetRawText());
        JsonElement v1Md5 = await server.Lookup($$"""{"hashes":[{"md5":"{{md5}}"}]}""");
        Assert.Equal(videoId.ToString(System.Globalization.CultureInfo.InvariantCulture), v1Md5.GetProperty("results")[0].GetProperty("candidates")[0].GetProperty("entry_id").GetString());
        Assert.Equal("Hash from campaign ABC", (await TestServer.Send(server.Write, HttpMethod.Get, $"/c/bank/TEST_BANK/content/{videoId}", null)).GetProperty("note").GetString());

        // HMA's errors, as {"message": ...}.
        foreach (var (query, message) in new[]
        {
            ("signal_type=nope&signal=00", "No such SignalType 'nope'"),
            ($"signal_type=pdq&signal={last.ToUpperInvariant()}", "invalid signal: invalid PDQ hash"),
            ("signal_type=video_md5&signal=xyz", "invalid signal: 'xyz' is not a valid MD5 hash"),
            ("signal_type=pdq", "signal is required"),
            ($"signal={last}", "signal_type is required"),
            ($"signal_type=pdq&signal={last}&include_distance=maybe", "invalid boolean parameter - prefer true/false"),
        })
        {
            Assert.Equal(message, (await TestServer.Send(server.Read, HttpMethod.Get, "/m/raw_lookup?" + query, null, 400)).GetProperty("message").GetString());
        }

        Assert.Equal("Either url or both signal and signal_type are required", (await TestServer.Send(server.Read, HttpMethod.Get, "/m/lookup?signal_type=pdq", null, 400)).GetProperty("message").GetString());
        Assert.Equal("No such signal type 'tmk'", (await TestServer.Send(server.Read, HttpMethod.Get, "/m/index/status?signal_type=tmk", null, 400)).GetProperty("message").GetString());
        Assert.Equal("No such signal type vpdq", (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/TEST_BANK/signal", TestServer.Json("""{"vpdq":"x"}"""), 400)).GetProperty("message").GetString());
        Assert.Equal("Invalid pdq signal: invalid PDQ hash", (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/TEST_BANK/signal", TestServer.Json("""{"pdq":"banana"}"""), 400)).GetProperty("message").GetString());
        Assert.Equal("No signals given", (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/TEST_BANK/signal", TestServer.Json("{}"), 400)).GetProperty("message").GetString());
        Assert.Equal("bank 'NOPE' not found", (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/NOPE/signal", TestServer.Json($$"""{"pdq":"{{last}}"}"""), 404)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Uploads_are_hashed_added_and_matched_as_v1_hashes_and_matches_them()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store, HmaCompat);
        byte[] photo = SyntheticImages.Encode(320, 240, 41, SKEncodedImageFormat.Jpeg, 90);
        byte[] copy = SyntheticImages.Encode(320, 240, 41, SKEncodedImageFormat.Jpeg, 60);

        // POST /h/hash: the field names the content type (curl --form photo=@example.png).
        JsonElement v1Hash = await TestServer.Send(server.Read, HttpMethod.Post, "/v1/hash", Upload("file", photo));
        Assert.Equal($$"""{"pdq":"{{v1Hash.GetProperty("pdq").GetString()}}"}""", await Text(server.Read, HttpMethod.Post, "/h/hash", Upload("photo", photo)));
        Assert.Equal($$"""{"video_md5":"{{v1Hash.GetProperty("md5").GetString()}}"}""", await Text(server.Read, HttpMethod.Post, "/h/hash", Upload("video", photo)));
        Assert.Equal("no such content_type: 'file'", (await TestServer.Send(server.Read, HttpMethod.Post, "/h/hash", Upload("file", photo), 400)).GetProperty("message").GetString());
        Assert.Equal("Missing multipart/form-data file upload", (await TestServer.Send(server.Read, HttpMethod.Post, "/h/hash", new ByteArrayContent(photo), 400)).GetProperty("message").GetString());
        using (var two = Upload("photo", photo))
        {
            two.Add(new ByteArrayContent(copy), "photo", "second.jpg");
            Assert.Equal("Only one file allowed per request", (await TestServer.Send(server.Read, HttpMethod.Post, "/h/hash", two, 400)).GetProperty("message").GetString());
        }

        Assert.Contains("cannot hash the photo", (await TestServer.Send(server.Read, HttpMethod.Post, "/h/hash", Upload("photo", Encoding.ASCII.GetBytes("no picture here")), 422)).GetProperty("message").GetString());

        // POST /c/bank/{name}/content: the photo's PDQ (with its quality) under a new integer id, with HMA's metadata and note.
        await TestServer.Send(server.Write, HttpMethod.Post, "/c/banks", TestServer.Json("""{"name":"NEW_BANK"}"""), 201);
        MultipartFormDataContent form = Upload("photo", photo);
        form.Add(new StringContent("""{"content_id":"1197433091","content_uri":"https://example.com/p/1","json":{"asdf":{}}}"""), "metadata");
        form.Add(new StringContent("Reported by user X"), "note");
        JsonElement added = await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/NEW_BANK/content", form);
        long id = added.GetProperty("id").GetInt64();
        Assert.Equal($$"""{"pdq":"{{v1Hash.GetProperty("pdq").GetString()}}"}""", added.GetProperty("signals").GetRawText());
        JsonElement entry = (await TestServer.Send(server.Write, HttpMethod.Get, $"/v1/banks/NEW_BANK/entries?id={id}", null)).GetProperty("entries")[0].GetProperty("entry");
        Assert.Equal(v1Hash.GetProperty("quality").GetInt32(), entry.GetProperty("quality").GetInt32());

        JsonElement content = await TestServer.Send(server.Write, HttpMethod.Get, $"/c/bank/NEW_BANK/content/{id}?include_signals=true", null);
        Assert.Equal($$$$"""{"id":{{{{id}}}},"disable_until_ts":1,"original_media_uri":null,"bank":{"matching_enabled_ratio":1.0,"name":"NEW_BANK"},"signals":{"pdq":"{{{{v1Hash.GetProperty("pdq").GetString()}}}}"},"metadata":{"content_id":"1197433091","content_uri":"https://example.com/p/1","json":{"asdf":{}}},"note":"Reported by user X"}""",
            content.GetRawText());
        JsonElement plain = await TestServer.Send(server.Write, HttpMethod.Get, $"/c/bank/NEW_BANK/content/{id}?include_metadata=false", null);
        Assert.False(plain.TryGetProperty("signals", out _));
        Assert.False(plain.TryGetProperty("metadata", out _));

        // POST /m/lookup: a re-encoded copy, matched as /v1/match matches it.
        JsonElement v1Match = await server.Match(copy);
        JsonElement matched = await TestServer.Send(server.Read, HttpMethod.Post, "/m/lookup", Upload("photo", copy));
        JsonElement v1Candidate = Assert.Single(v1Match.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("method").GetString() == "pdq");
        Assert.Equal($$$"""{"pdq":{"NEW_BANK":[{"bank_content_id":{{{id}}},"distance":"{{{v1Candidate.GetProperty("distance").GetInt32()}}}"}]}}""", matched.GetRawText());
        Assert.Equal("""{"pdq":{}}""", await Text(server.Read, HttpMethod.Post, "/m/lookup", Upload("photo", SyntheticImages.Encode(320, 240, 977, SKEncodedImageFormat.Png))));

        // A video is its bytes' MD5 (HMA's video_md5): added and found again.
        JsonElement videoAdded = await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/NEW_BANK/content", Upload("video", photo));
        Assert.Equal($$"""{"video_md5":"{{v1Hash.GetProperty("md5").GetString()}}"}""", videoAdded.GetProperty("signals").GetRawText());
        Assert.Equal($$$"""{"video_md5":{"NEW_BANK":[{"bank_content_id":{{{videoAdded.GetProperty("id").GetInt64()}}},"distance":"-"}]}}""",
            await Text(server.Read, HttpMethod.Post, "/m/lookup", Upload("video", photo)));

        // HMA's refusals of metadata and notes.
        MultipartFormDataContent badMetadata = Upload("photo", photo);
        badMetadata.Add(new StringContent("""{"invalid_metadata":5}"""), "metadata");
        Assert.StartsWith("Invalid metadata", (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/NEW_BANK/content", badMetadata, 400)).GetProperty("message").GetString());
        MultipartFormDataContent longNote = Upload("photo", photo);
        longNote.Add(new StringContent(new string('n', 256)), "note");
        Assert.Equal("note must be at most 255 characters", (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/NEW_BANK/content", longNote, 400)).GetProperty("message").GetString());
        Assert.Equal("Neither `url` nor multipart file upload was received", (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/NEW_BANK/content", TestServer.Json("{}"), 400)).GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Content_ids_are_integers_no_entry_of_the_bank_has(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store, HmaCompat);
        await TestServer.Send(server.Write, HttpMethod.Post, "/c/banks", TestServer.Json("""{"name":"NUMBERED"}"""), 201);

        // A plain PDQ list numbers its entries by line: "1" to "60", numbers the change sequence is still below.
        var random = new Random(5);
        await server.Import("NUMBERED", string.Join("\n", Enumerable.Range(0, 60).Select(_ => RandomHashes.Next(random).ToString())) + "\n", "text/plain");
        Assert.Equal(1, (await TestServer.Send(server.Write, HttpMethod.Get, "/v1/banks/NUMBERED/entries?id=3", null)).GetProperty("entries").GetArrayLength());

        string pdq = RandomHashes.Next(random).ToString();
        long first = (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/NUMBERED/signal", TestServer.Json($$"""{"pdq":"{{pdq}}"}"""))).GetProperty("id").GetInt64();
        long second = (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/NUMBERED/signal", TestServer.Json($$"""{"pdq":"{{RandomHashes.Next(random)}}"}"""))).GetProperty("id").GetInt64();
        Assert.True(first > 60, $"content id {first} collides with the imported ids 1..60");
        Assert.True(second > first);
        Assert.Equal(1, (await TestServer.Send(server.Write, HttpMethod.Get, $"/v1/banks/NUMBERED/entries?id={first}", null)).GetProperty("entries").GetArrayLength());

        // Another bank's first content starts from the change sequence, not from NUMBERED's ids.
        await TestServer.Send(server.Write, HttpMethod.Post, "/c/banks", TestServer.Json("""{"name":"SECOND"}"""), 201);
        long elsewhere = (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/SECOND/signal", TestServer.Json($$"""{"pdq":"{{pdq}}"}"""))).GetProperty("id").GetInt64();
        JsonElement raw = await TestServer.Send(server.Read, HttpMethod.Get, $"/m/raw_lookup?signal_type=pdq&signal={pdq}", null);
        Assert.Equal($$"""{"matches":[{{first}},{{elsewhere}}]}""", raw.GetRawText());

        // Content by id: an imported id works too; the content must be in the named bank.
        Assert.Equal("3", (await TestServer.Send(server.Write, HttpMethod.Get, "/c/bank/NUMBERED/content/3", null)).GetProperty("id").GetRawText());
        Assert.Equal($"content '{first}' not found", (await TestServer.Send(server.Write, HttpMethod.Get, $"/c/bank/SECOND/content/{first}", null, 404)).GetProperty("message").GetString());

        // PUT as HMA checks it: what keeps the content as it is answers the record; disabling or a new note is 501.
        string path = $"/c/bank/NUMBERED/content/{first}";
        JsonElement record = await TestServer.Send(server.Write, HttpMethod.Put, path, TestServer.Json("""{"disable_until_ts":"1"}"""));
        Assert.Equal($$"""{"id":{{first}},"disable_until_ts":1,"collab_metadata":{},"original_media_uri":null,"bank":{"matching_enabled_ratio":1.0,"name":"NUMBERED"},"user_metadata":null,"note":null}""", record.GetRawText());
        Assert.Equal("disable_until_ts must be less than 5 years in the future", (await TestServer.Send(server.Write, HttpMethod.Put, path, TestServer.Json("""{"disable_until_ts":9999999999}"""), 400)).GetProperty("message").GetString());
        Assert.Equal("Invalid int: 'soon'", (await TestServer.Send(server.Write, HttpMethod.Put, path, TestServer.Json("""{"disable_until_ts":"soon"}"""), 400)).GetProperty("message").GetString());
        long inAYear = DateTimeOffset.UtcNow.AddDays(365).ToUnixTimeSeconds();
        Assert.Contains("disabling content", (await TestServer.Send(server.Write, HttpMethod.Put, path, TestServer.Json($$"""{"disable_until_ts":{{inAYear}}}"""), 501)).GetProperty("message").GetString());
        Assert.Contains("note", (await TestServer.Send(server.Write, HttpMethod.Put, path, TestServer.Json("""{"note":"Updated note"}"""), 501)).GetProperty("message").GetString());

        // DELETE: {"deleted": 1}, then 0; the content is gone from lookups at once.
        Assert.Equal("""{"deleted":1}""", await Text(server.Write, HttpMethod.Delete, path, null));
        Assert.Equal("""{"deleted":0}""", await Text(server.Write, HttpMethod.Delete, path, null));
        Assert.Equal($"content '{first}' not found", (await TestServer.Send(server.Write, HttpMethod.Get, path, null, 404)).GetProperty("message").GetString());
        Assert.Equal($$"""{"matches":[{{elsewhere}}]}""", (await TestServer.Send(server.Read, HttpMethod.Get, $"/m/raw_lookup?signal_type=pdq&signal={pdq}", null)).GetRawText());
        Assert.Equal("bank 'GONE' not found", (await TestServer.Send(server.Write, HttpMethod.Delete, "/c/bank/GONE/content/1", null, 404)).GetProperty("message").GetString());

        // A later content never takes the deleted number again.
        long third = (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/NUMBERED/signal", TestServer.Json($$"""{"pdq":"{{pdq}}"}"""))).GetProperty("id").GetInt64();
        Assert.True(third > second);
    }

    [Fact]
    public async Task A_bank_imported_from_an_HMA_csv_keeps_its_integer_ids_as_content_ids()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store, HmaCompat);

        // The migration path: create the bank, import the HMA CSV rows (hash,id,timestamp,tags) through /v1.
        var random = new Random(3);
        PdqHash pdq = RandomHashes.Next(random);
        string md5 = "0cc175b9c0f1b6a831c399e269772661";
        await TestServer.Send(server.Write, HttpMethod.Post, "/c/banks", TestServer.Json("""{"name":"MIGRATED"}"""), 201);
        JsonElement imported = await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks/MIGRATED/import?format=hma-csv",
            new StringContent($"{pdq},1042,1700000000,tag_a tag_b\n{md5},1043,1700000001,\n", Encoding.UTF8, "text/csv"));
        Assert.Equal("hma-csv", imported.GetProperty("format").GetString());

        Assert.Equal("""{"MIGRATED":[{"bank_content_id":1042,"distance":"0"}]}""", (await TestServer.Send(server.Read, HttpMethod.Get, $"/m/lookup?signal_type=pdq&signal={pdq}", null)).GetRawText());
        Assert.Equal("""{"MIGRATED":[{"bank_content_id":1043,"distance":"-"}]}""", (await TestServer.Send(server.Read, HttpMethod.Get, $"/m/lookup?signal_type=video_md5&signal={md5}", null)).GetRawText());
        Assert.Equal($$"""{"pdq":"{{pdq}}"}""", (await TestServer.Send(server.Write, HttpMethod.Get, "/c/bank/MIGRATED/content/1042?include_signals=true", null)).GetProperty("signals").GetRawText());

        // New content continues above the imported ids.
        long next = (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/MIGRATED/signal", TestServer.Json($$"""{"pdq":"{{RandomHashes.Next(random)}}"}"""))).GetProperty("id").GetInt64();
        Assert.Equal(1044, next);
    }

    [Fact]
    public async Task Compare_configuration_and_unmapped_routes_answer_as_documented()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store, HmaCompat);

        // HMA's compare test, word for word: distance 9 is an int here, and a match at PDQ's threshold 31.
        Assert.Equal("""{"pdq":[true,{"distance":9}]}""", await Text(server.Read, HttpMethod.Post, "/m/compare", TestServer.Json(
            """{"pdq":["facd8bcb2a49bcebdec1985298d5fe84bcd006c187c598c720c3c087b3fdb318","facd8bcb2a49bcebdec1985228d5ae84bcd006c187c598c720c2b087b3fdb318"]}""")));
        foreach (string bad in (string[])["""["banana"]""", """{"pdq":"banana"}""", """{"pdq":[]}""", """{"pdq":["banana","banana"]}""", $$"""{"pdq":["{{new string('0', 64)}}","{{new string('0', 64)}}","{{new string('0', 64)}}"]}""", """{"tmk":["a","b"]}"""])
        {
            await TestServer.Send(server.Read, HttpMethod.Post, "/m/compare", TestServer.Json(bad), 400);
        }

        Assert.Equal("""[{"name":"pdq","enabled_ratio":1.0},{"name":"video_md5","enabled_ratio":1.0}]""", await Text(server.Read, HttpMethod.Get, "/c/signal_type", null));
        Assert.Equal("""[{"name":"photo","enabled":true},{"name":"video","enabled":true}]""", await Text(server.Read, HttpMethod.Get, "/c/content_type", null));
        JsonElement index = await TestServer.Send(server.Read, HttpMethod.Get, "/m/index/status", null);
        Assert.Equal("""{"present":true,"built_to":-1,"size":0}""", index.GetProperty("video_md5").GetRawText());

        // What HashMatch does not map: 501 with the reason, never a silent success.
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/h/hash?url=https://example.com/image.jpg"),
            (HttpMethod.Get, "/m/lookup?url=https://example.com/image.jpg"),
            (HttpMethod.Get, "/c/exchanges"),
            (HttpMethod.Get, "/c/exchanges/apis"),
            (HttpMethod.Post, "/c/exchanges"),
            (HttpMethod.Get, "/c/exchanges/api/fb_threatexchange"),
            (HttpMethod.Get, "/c/exchange/SAMPLE/status"),
            (HttpMethod.Delete, "/c/exchange/TEST_EXCHANGE"),
            (HttpMethod.Put, "/c/signal_type/pdq"),
        })
        {
            JsonElement refused = await TestServer.Send(server.Write, method, path, method == HttpMethod.Get || method == HttpMethod.Delete ? null : TestServer.Json("{}"), 501);
            Assert.False(string.IsNullOrEmpty(refused.GetProperty("message").GetString()));
        }

        await TestServer.Send(server.Write, HttpMethod.Post, "/c/banks", TestServer.Json("""{"name":"URL_BANK"}"""), 201);
        Assert.Contains("URL", (await TestServer.Send(server.Write, HttpMethod.Post, "/c/bank/URL_BANK/content?url=https://example.com/a.jpg&content_type=photo", null, 501)).GetProperty("message").GetString());
    }

    /// <summary>A one-file multipart form, the file in field <paramref name="field"/>.</summary>
    private static MultipartFormDataContent Upload(string field, byte[] bytes)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, field, "upload.jpg");
        return form;
    }

    /// <summary>Sends and checks the status; returns the body as text.</summary>
    private static async Task<string> Text(HttpClient client, HttpMethod method, string path, HttpContent? content, int expected = 200)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using HttpResponseMessage response = await client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} (expected {expected}): {body}");
        return body;
    }

    /// <summary>The <c>/v1/lookup</c> candidates of one PDQ hash.</summary>
    private static async Task<JsonElement> V1Candidates(TestServer server, string pdq) =>
        (await server.Lookup($$"""{"hashes":[{"pdq":"{{pdq}}"}]}""")).GetProperty("results")[0].GetProperty("candidates");

    /// <summary>
    /// What an HMA lookup should answer for <c>/v1</c>'s candidates, as text: <c>bank:id/distance,...;bank:...</c>,
    /// banks in name order, the PDQ candidates in <c>/v1</c>'s order (the Match ones only when <paramref name="matchesOnly"/>).
    /// </summary>
    private static string Expected(JsonElement candidates, bool matchesOnly) =>
        string.Join(";", candidates.EnumerateArray()
            .Where(c => c.GetProperty("method").GetString() == "pdq" && (!matchesOnly || c.GetProperty("verdict").GetString() == "Match"))
            .GroupBy(c => c.GetProperty("list").GetString()!)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key + ":" + string.Join(",", g.Select(c => $"{c.GetProperty("entry_id").GetString()}/{c.GetProperty("distance").GetInt32()}"))));

    /// <summary>An HMA lookup answer as <see cref="Expected"/> writes it.</summary>
    private static string Actual(JsonElement lookup) =>
        string.Join(";", lookup.EnumerateObject().Select(b => b.Name + ":" + string.Join(",", b.Value.EnumerateArray().Select(Match))));

    /// <summary>One match as <c>id/distance</c> (a numeric id as its digits).</summary>
    private static string Match(JsonElement match)
    {
        JsonElement id = match.GetProperty("bank_content_id");
        return $"{(id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.GetString())}/{match.GetProperty("distance").GetString()}";
    }

    private static string Keys(JsonElement answer) => new JsonArray([.. answer.EnumerateObject().Select(p => (JsonNode?)p.Name)]).ToJsonString();
}
