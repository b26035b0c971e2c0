using System.Diagnostics;
using System.Text.Json;
using HashMatch.Server;
using HashMatch.Server.Storage;

namespace HashMatch.Tests.Server;

/// <summary>
/// Videos through the service on both stores (issue 26): video entries added with their vPDQ and TMK hashes, found by
/// uploads of the same video and of a scaled, re-encoded copy, never by an unrelated one; the decisions they make
/// (technologies <c>vpdq</c> and <c>tmk</c>) in the error report; hostile entries and uploads refused with a typed
/// problem; replicas following video entries through the change log.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class VideoMatchingApiTests(PostgresCluster cluster, VideoServerFiles videos) : IClassFixture<VideoServerFiles>
{
    /// <summary>How long a replica may take to see another's change (see <c>ReplicaTests.ChangeVisibleWithin</c>: generous for a loaded machine).</summary>
    private static readonly TimeSpan ChangeVisibleWithin = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_video_entry_is_found_by_the_video_and_a_scaled_copy_and_recorded_for_the_error_report(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        await server.CreateBank("""{"name":"videos"}""");
        JsonElement added = await AddVideos(server, "videos", new { id = "v1", vpdq = videos.KnownVpdq, tmk = videos.KnownTmkBase64, category = "A1", source = "case-7/known.mp4" });
        Assert.Equal((1, true), (added.GetProperty("added").GetInt64(), added.GetProperty("applied").GetBoolean()));
        Assert.Equal(1, (await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/videos", null)).GetProperty("videos").GetInt32());

        // The same file: every frame matches, and the signature scores about 1.
        JsonElement same = await server.Match(await File.ReadAllBytesAsync(videos.Known, TestContext.Current.CancellationToken), "known.mp4");
        Assert.True(same.GetProperty("matched").GetBoolean(), same.GetRawText());
        Assert.False(same.GetProperty("hashes").TryGetProperty("pdq", out _));
        Assert.Equal((10, true), (same.GetProperty("video").GetProperty("frames").GetInt32(), same.GetProperty("video").GetProperty("tmk").GetBoolean()));
        var byMethod = same.GetProperty("candidates").EnumerateArray().ToDictionary(c => c.GetProperty("method").GetString()!);
        Assert.Equal(["vpdq", "tmk"], byMethod.Keys);
        Assert.All(byMethod.Values, c => Assert.Equal(("videos", "v1", "Match", "A1"), (c.GetProperty("list").GetString(), c.GetProperty("entry_id").GetString(), c.GetProperty("verdict").GetString(), c.GetProperty("metadata").GetProperty("category").GetString())));
        Assert.Equal(100.0, byMethod["vpdq"].GetProperty("video").GetProperty("query_match_percent").GetDouble());
        Assert.Equal(0, byMethod["vpdq"].GetProperty("distance").GetInt32());
        Assert.NotEmpty(byMethod["vpdq"].GetProperty("video").GetProperty("segments").EnumerateArray());
        Assert.InRange(byMethod["tmk"].GetProperty("video").GetProperty("level2").GetDouble(), 0.99, 1.01);

        // A scaled, re-encoded copy in another container still matches; an unrelated video does not.
        JsonElement scaled = await server.Match(await File.ReadAllBytesAsync(videos.Scaled, TestContext.Current.CancellationToken), "scaled.avi");
        Assert.True(scaled.GetProperty("matched").GetBoolean(), scaled.GetRawText());
        Assert.Contains(scaled.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("method").GetString() == "vpdq" && c.GetProperty("video").GetProperty("query_match_percent").GetDouble() >= 80);
        JsonElement other = await server.Match(await File.ReadAllBytesAsync(videos.Other, TestContext.Current.CancellationToken), "other.mp4");
        Assert.False(other.GetProperty("matched").GetBoolean(), other.GetRawText());
        Assert.Empty(other.GetProperty("candidates").EnumerateArray());
        Assert.False(other.TryGetProperty("decision_id", out _));
        Assert.True(other.GetProperty("video").GetProperty("frames_compared").GetInt32() > 0); // it was looked at

        // The decision names the technologies, with distances and thresholds on the 0..100 scale.
        string id = same.GetProperty("decision_id").GetString()!;
        JsonElement decision = await TestServer.Send(server.Review, HttpMethod.Get, $"/v1/decisions/{id}", null);
        var flagged = decision.GetProperty("candidates").EnumerateArray().ToDictionary(c => c.GetProperty("technology").GetString()!);
        Assert.Equal(["vpdq", "tmk"], flagged.Keys);
        Assert.Equal((0, 20, "case-7/known.mp4"), (flagged["vpdq"].GetProperty("distance").GetInt32(), flagged["vpdq"].GetProperty("threshold").GetInt32(), flagged["vpdq"].GetProperty("entry_source").GetString()));
        Assert.Equal((0, 30), (flagged["tmk"].GetProperty("distance").GetInt32(), flagged["tmk"].GetProperty("threshold").GetInt32()));
        Assert.Equal(("match", "known.mp4"), (decision.GetProperty("endpoint").GetString(), decision.GetProperty("query_id").GetString()));

        await TestServer.Send(server.Review, HttpMethod.Post, "/v1/reviews", TestServer.Json($$"""{"decision_id":"{{id}}","verdict":"confirmed","reviewer":"analyst-1"}"""));
        await TestServer.Send(server.Review, HttpMethod.Post, "/v1/reviews", TestServer.Json($$"""{"decision_id":"{{scaled.GetProperty("decision_id").GetString()}}","verdict":"false_positive","reviewer":"analyst-1"}"""));
        JsonElement report = await TestServer.Send(server.Review, HttpMethod.Get, "/v1/reports/errors", null);
        var rows = report.EnumerateArray().ToDictionary(r => r.GetProperty("technology").GetString()!);
        Assert.Equal((2, 1, 1), (rows["vpdq"].GetProperty("flagged").GetInt64(), rows["vpdq"].GetProperty("confirmed").GetInt64(), rows["vpdq"].GetProperty("false_positives").GetInt64()));
        Assert.Equal(1, rows["tmk"].GetProperty("confirmed").GetInt64());
        Assert.Equal(2, rows["all"].GetProperty("flagged").GetInt64());

        // Removal by id covers video entries: the next upload of the same video is no match.
        JsonElement removed = await TestServer.Send(server.Write, HttpMethod.Delete, "/v1/banks/videos/entries", TestServer.Json("""{"ids":["v1"]}"""));
        Assert.Equal(1, removed.GetProperty("removed").GetInt64());
        JsonElement after = await server.Match(await File.ReadAllBytesAsync(videos.Known, TestContext.Current.CancellationToken), "known.mp4");
        Assert.False(after.GetProperty("matched").GetBoolean(), after.GetRawText());
        Assert.False(after.GetProperty("video").GetProperty("tmk").GetBoolean()); // no bank holds a signature any more
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Exclusion_banks_and_disabled_banks_apply_to_video_candidates_and_exact_hashes_of_the_file_match(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        byte[] known = await File.ReadAllBytesAsync(videos.Known, TestContext.Current.CancellationToken);
        await server.CreateBank("""{"name":"videos"}""");
        await server.CreateBank("""{"name":"files"}""");
        await AddVideos(server, "videos", new { id = "v1", vpdq = videos.KnownVpdq });
        await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks/files/entries", TestServer.Json($$"""{"entries":[{"id":"f1","md5":"{{ExactHash.Compute(ExactHashAlgorithm.Md5, known)}}"}]}"""));

        JsonElement answer = await server.Match(known, "known.mp4");
        Assert.Equal(["md5:files", "vpdq:videos"], answer.GetProperty("candidates").EnumerateArray().Select(c => $"{c.GetProperty("method").GetString()}:{c.GetProperty("list").GetString()}"));
        Assert.False(answer.GetProperty("video").GetProperty("tmk").GetBoolean()); // no bank holds a signature: none computed
        JsonElement decision = await TestServer.Send(server.Review, HttpMethod.Get, $"/v1/decisions/{answer.GetProperty("decision_id").GetString()}", null);
        Assert.Equal(["md5", "vpdq"], decision.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("technology").GetString()));

        // The same video in an exclusion bank cancels every match, and records no decision.
        await server.CreateBank("""{"name":"allow","role":"exclusion"}""");
        await AddVideos(server, "allow", new { id = "a1", vpdq = videos.KnownVpdq });
        answer = await server.Match(known, "known.mp4");
        Assert.Equal((false, true), (answer.GetProperty("matched").GetBoolean(), answer.GetProperty("excluded").GetBoolean()));
        Assert.All(answer.GetProperty("candidates").EnumerateArray(), c => Assert.Equal("Excluded", c.GetProperty("verdict").GetString()));
        Assert.False(answer.TryGetProperty("decision_id", out _));

        // Disabled banks are not matched.
        foreach (string bank in (string[])["allow", "videos", "files"])
        {
            await TestServer.Send(server.Write, HttpMethod.Patch, $"/v1/banks/{bank}", TestServer.Json("""{"enabled":false}"""));
        }

        answer = await server.Match(known, "known.mp4");
        Assert.Equal((false, 0), (answer.GetProperty("matched").GetBoolean(), answer.GetProperty("candidates").GetArrayLength()));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Each_bank_has_its_own_video_thresholds(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        await server.CreateBank("""{"name":"strict"}""");
        JsonElement loose = await server.CreateBank("""{"name":"loose","vpdq_match_percent":40,"tmk_match_percent":90}""");
        Assert.Equal((40, 90), (loose.GetProperty("vpdq_match_percent").GetInt32(), loose.GetProperty("tmk_match_percent").GetInt32()));
        JsonElement strict = await TestServer.Send(server.Read, HttpMethod.Get, "/v1/banks/strict", null);
        Assert.Equal((80, 70), (strict.GetProperty("vpdq_match_percent").GetInt32(), strict.GetProperty("tmk_match_percent").GetInt32())); // the references'
        foreach (string bank in (string[])["strict", "loose"])
        {
            await AddVideos(server, bank, new { id = "v1", vpdq = videos.KnownVpdq });
        }

        // Half of the upload is the known video: enough for 40 %, not for 80 %.
        byte[] half = await File.ReadAllBytesAsync(videos.Half, TestContext.Current.CancellationToken);
        JsonElement answer = await server.Match(half, "half.mp4");
        JsonElement candidate = Assert.Single(answer.GetProperty("candidates").EnumerateArray());
        double percent = candidate.GetProperty("video").GetProperty("query_match_percent").GetDouble();
        Assert.InRange(percent, 40, 79.9);
        Assert.Equal(("loose", (int)Math.Round(100 - percent, MidpointRounding.AwayFromZero)), (candidate.GetProperty("list").GetString(), candidate.GetProperty("distance").GetInt32()));
        JsonElement decision = await TestServer.Send(server.Review, HttpMethod.Get, $"/v1/decisions/{answer.GetProperty("decision_id").GetString()}", null);
        Assert.Equal(60, Assert.Single(decision.GetProperty("candidates").EnumerateArray()).GetProperty("threshold").GetInt32());

        // Loosened, the strict bank matches it too; thresholds out of 1..100 are refused.
        await TestServer.Send(server.Write, HttpMethod.Patch, "/v1/banks/strict", TestServer.Json("""{"vpdq_match_percent":40}"""));
        answer = await server.Match(half, "half.mp4");
        Assert.Equal(["strict", "loose"], answer.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("list").GetString()).Order().Reverse());
        await TestServer.Send(server.Write, HttpMethod.Patch, "/v1/banks/strict", TestServer.Json("""{"vpdq_match_percent":0}"""), 400);
        await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks", TestServer.Json("""{"name":"x","tmk_match_percent":101}"""), 400);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Malformed_video_entries_are_refused_naming_the_field_and_nothing_is_stored(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        await server.CreateBank("""{"name":"videos"}""");
        long head = (await TestServer.Send(server.Read, HttpMethod.Get, "/v1/index", null)).GetProperty("sequence").GetInt64();
        var good = new { id = "ok", vpdq = videos.KnownVpdq, tmk = videos.KnownTmkBase64 };
        string badHex = videos.KnownVpdq.Replace(videos.KnownVpdq.Split('\n')[1].Split(',')[2], "zz" + new string('0', 62), StringComparison.Ordinal);
        byte[] truncated = videos.KnownTmk[..(videos.KnownTmk.Length / 2)];
        byte[] wrongMagic = [.. videos.KnownTmk];
        wrongMagic[0] = (byte)'X';
        string lowQuality = string.Join('\n', videos.KnownVpdq.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(',', l.Split(',').Select((f, i) => i == 1 ? "10" : f))));

        (object Entry, string Field, string Reason, string Detail)[] cases =
        [
            (new { id = "x", vpdq = badHex }, "videos[1].vpdq", "Malformed", "videos[1].vpdq: malformed: line 2: the hash is not 64 hexadecimal digits"),
            (new { id = "x", vpdq = "0,100,abc" }, "videos[1].vpdq", "Malformed", "videos[1].vpdq: malformed: line 1"),
            (new { id = "x", vpdq = "" }, "videos[1].vpdq", "Empty", "videos[1].vpdq: empty input"),
            (new { id = "x", vpdq = lowQuality }, "videos[1].vpdq", "OutOfRange", "videos[1].vpdq: no frame has quality 50 or more"),
            (new { id = "x", tmk = Convert.ToBase64String(truncated) }, "videos[1].tmk", "Truncated", "videos[1].tmk: truncated"),
            (new { id = "x", tmk = Convert.ToBase64String(wrongMagic) }, "videos[1].tmk", "UnsupportedFormat", "videos[1].tmk: unsupported format"),
            (new { id = "x", tmk = "not base64!" }, "videos[1].tmk", "Malformed", "videos[1].tmk: not base64"),
            (new { id = "x" }, "videos[1]", "Malformed", "videos[1]: no video hash"),
            (new { vpdq = videos.KnownVpdq }, "videos[1].id", "Malformed", "videos[1].id: required"),
            (new { id = new string('i', 300), vpdq = videos.KnownVpdq }, "videos[1].id", "TooLarge", "videos[1].id: 300 characters"),
        ];
        foreach (var (entry, field, reason, detail) in cases)
        {
            JsonElement problem = await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks/videos/videos", TestServer.Json(JsonSerializer.Serialize(new { videos = new[] { good, entry } })), 400);
            Assert.Equal(("Invalid video entry", field, reason), (problem.GetProperty("title").GetString(), problem.GetProperty("field").GetString(), problem.GetProperty("reason").GetString()));
            Assert.StartsWith(detail, problem.GetProperty("detail").GetString());
        }

        // Too many frames, too many videos, no videos at all.
        string tooLong = string.Concat(Enumerable.Range(0, 100_001).Select(i => $"{i},100,{new string('a', 64)},{i}.000\n"));
        JsonElement frames = await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks/videos/videos", TestServer.Json(JsonSerializer.Serialize(new { videos = new[] { new { id = "x", vpdq = tooLong } } })), 400);
        Assert.StartsWith("videos[0].vpdq: 100,001 frames; at most 100,000", frames.GetProperty("detail").GetString());
        await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks/videos/videos", TestServer.Json(JsonSerializer.Serialize(new { videos = Enumerable.Repeat(good, 101) })), 413);
        await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks/videos/videos", TestServer.Json("""{"videos":[]}"""), 400);
        await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks/none/videos", TestServer.Json(JsonSerializer.Serialize(new { videos = new[] { good } })), 404);
        await TestServer.Send(server.Read, HttpMethod.Post, "/v1/banks/videos/videos", TestServer.Json(JsonSerializer.Serialize(new { videos = new[] { good } })), 403);

        // Nothing was stored by any of them.
        Assert.Equal(head, (await TestServer.Send(server.Read, HttpMethod.Get, "/v1/index", null)).GetProperty("sequence").GetInt64());
        Assert.Equal(0L, Convert.ToInt64(await store.SqlAsync("SELECT COUNT(*) FROM hm_videos"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_video_that_cannot_be_examined_is_a_typed_problem_never_no_match(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        byte[] known = await File.ReadAllBytesAsync(videos.Known, TestContext.Current.CancellationToken);
        await using (TestServer server = await TestServer.StartAsync(store))
        {
            await server.CreateBank("""{"name":"videos"}""");
            await AddVideos(server, "videos", new { id = "v1", vpdq = videos.KnownVpdq });

            // Cut short: the MP4 ends inside a box.
            JsonElement truncated = await server.Match(known[..(known.Length / 2)], "cut.mp4", 422);
            Assert.Equal(("Cannot examine the video", "Truncated", false), (truncated.GetProperty("title").GetString(), truncated.GetProperty("reason").GetString(), truncated.GetProperty("matched").GetBoolean()));

            // A Matroska header followed by garbage.
            byte[] garbage = [0x1A, 0x45, 0xDF, 0xA3, .. Enumerable.Range(0, 4000).Select(i => (byte)(i * 37))];
            JsonElement corrupt = await server.Match(garbage, "x.mkv", 422);
            Assert.Equal("Cannot examine the video", corrupt.GetProperty("title").GetString());
            Assert.Contains(corrupt.GetProperty("reason").GetString(), (string[])["Corrupt", "UnsupportedFormat", "Truncated"]);
        }

        // Over the service's video limits: 413, naming the limit.
        await using (TestServer limited = await TestServer.StartAsync(store, new ServerOptions { MaxVideoDuration = TimeSpan.FromSeconds(2) }))
        {
            JsonElement tooLong = await limited.Match(known, "known.mp4", 413);
            Assert.Equal("TooLarge", tooLong.GetProperty("reason").GetString());
        }

        // No FFmpeg: 503 with the exact-hash look that did happen, never "no match".
        await using (TestServer without = await TestServer.StartAsync(store, new ServerOptions { FfmpegPath = Path.Combine(store.DataDirectory, "no-ffmpeg-here") }))
        {
            JsonElement missing = await without.Match(known, "known.mp4", 503);
            Assert.Equal(("DecoderUnavailable", false), (missing.GetProperty("reason").GetString(), missing.GetProperty("matched").GetBoolean()));
            Assert.Equal(ExactHash.Compute(ExactHashAlgorithm.Sha256, known).ToString(), missing.GetProperty("hashes").GetProperty("sha256").GetString());
        }
    }

    [Theory]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Sqlite)]
    public async Task Replicas_follow_video_entries_and_a_restart_from_index_files_keeps_them(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        var options = new ServerOptions { PollInterval = TimeSpan.FromSeconds(1) };
        byte[] known = await File.ReadAllBytesAsync(videos.Known, TestContext.Current.CancellationToken);
        await using (TestServer first = await TestServer.StartAsync(store, options))
        await using (TestServer second = await TestServer.StartAsync(store, options))
        {
            await first.CreateBank("""{"name":"videos"}""");
            long sequence = (await AddVideos(first, "videos", new { id = "v1", vpdq = videos.KnownVpdq, tmk = videos.KnownTmkBase64 })).GetProperty("sequence").GetInt64();
            await UntilServes(second, sequence, 1, "the second replica to see the video entry");
            JsonElement seen = await second.Match(known, "known.mp4");
            Assert.Equal(["vpdq", "tmk"], seen.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("method").GetString()));

            // A rebuild saves the bank's index file (entries only); a removal after it, made on the other replica.
            await first.RebuildAsync();
            await AddVideos(second, "videos", new { id = "v2", vpdq = videos.KnownVpdq });
            sequence = (await TestServer.Send(second.Write, HttpMethod.Delete, "/v1/banks/videos/entries", TestServer.Json("""{"ids":["v1"]}"""))).GetProperty("sequence").GetInt64();
            await UntilServes(first, sequence, 1, "the first replica to see the add and the removal");
            Assert.Equal(["v2"], (await first.Match(known, "known.mp4")).GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("entry_id").GetString()));

            // An image entry sharing the video's id, in the next index file with it; quarantining the id moves the image
            // entry only, so the video keeps matching on both replicas (its removal change must not take it along).
            await TestServer.Send(first.Write, HttpMethod.Post, "/v1/banks/videos/entries", TestServer.Json($$"""{"entries":[{"id":"v2","md5":"{{new string('b', 32)}}"}]}"""));
            await first.RebuildAsync();
            JsonElement quarantined = await TestServer.Send(first.Review, HttpMethod.Post, "/v1/quarantine", TestServer.Json("""{"list":"videos","entry_id":"v2"}"""));
            Assert.Equal(1, quarantined.GetProperty("entries").GetInt64());
            await UntilServes(second, quarantined.GetProperty("sequence").GetInt64(), 1, "the second replica to see the quarantine");
            Assert.Equal(1, (await TestServer.Send(first.Read, HttpMethod.Get, "/v1/index", null)).GetProperty("banks")[0].GetProperty("videos").GetInt32());
        }

        // A restart loads the index file and reads the videos from the store, with the changes after the file (the
        // quarantine among them).
        await using TestServer restarted = await TestServer.StartAsync(store, options);
        JsonElement answer = await restarted.Match(known, "known.mp4");
        Assert.Equal(["vpdq:v2"], answer.GetProperty("candidates").EnumerateArray().Select(c => $"{c.GetProperty("method").GetString()}:{c.GetProperty("entry_id").GetString()}"));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_damaged_stored_video_is_refused_when_read(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using (TestServer server = await TestServer.StartAsync(store))
        {
            await server.CreateBank("""{"name":"videos"}""");
            await AddVideos(server, "videos", new { id = "v1", vpdq = videos.KnownVpdq });
        }

        // One frame's hash changed in place, the checksum left as it was: the row no longer is what was written.
        await store.SqlAsync(kind == StoreKind.Sqlite
            ? "UPDATE hm_videos SET vpdq = CAST(zeroblob(length(vpdq)) AS BLOB)"
            : "UPDATE hm_videos SET vpdq = decode(repeat('00', length(vpdq)), 'hex')");
        ServerOptions options = store.Options();
        using SqlBankStore opened = await SqlBankStore.OpenForCommandAsync(options, "test", TestContext.Current.CancellationToken);
        using IBankStoreReader reader = opened.OpenReader();
        long bank = reader.Banks().Single().Id;
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => reader.Videos(bank, 0, reader.Head).ToList());
        Assert.Contains("'v1' is damaged", error.Message);
    }

    private static Task<JsonElement> AddVideos(TestServer server, string bank, params object[] entries) =>
        TestServer.Send(server.Write, HttpMethod.Post, $"/v1/banks/{bank}/videos", TestServer.Json(JsonSerializer.Serialize(new { videos = entries })));

    /// <summary>
    /// Polls the replica's index until it has reached change <paramref name="sequence"/>, then checks that its one bank
    /// serves <paramref name="count"/> videos; fails after <see cref="ChangeVisibleWithin"/>.
    /// </summary>
    private static async Task UntilServes(TestServer replica, long sequence, int count, string waitingFor)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            JsonElement index = await TestServer.Send(replica.Read, HttpMethod.Get, "/v1/index", null);
            if (index.GetProperty("sequence").GetInt64() >= sequence)
            {
                Assert.Equal(count, index.GetProperty("banks")[0].GetProperty("videos").GetInt32());
                return;
            }

            Assert.True(clock.Elapsed < ChangeVisibleWithin, $"waited {clock.Elapsed.TotalSeconds:F0} s for {waitingFor}");
            await Task.Delay(20); // between polls of the observed condition, not in place of it
        }
    }
}
