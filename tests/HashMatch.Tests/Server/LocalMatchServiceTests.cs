using System.Text.Json;
using HashMatch.Hashing;
using HashMatch.Lists;
using HashMatch.Local;
using HashMatch.Matching;
using HashMatch.Tests.Local;
using SkiaSharp;

namespace HashMatch.Tests.Server;

/// <summary>
/// Local-feature signals in the service's banks (issue 24): taken in JSON entries and in JSON-lines imports, stored
/// and read back by both stores, matched by <c>/v1/match</c> as candidates with method <c>local</c>, their inliers
/// and transform, exactly as the library answers for the same entries; never returned by reads or exports; a damaged
/// signal is refused naming the entry.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class LocalMatchServiceTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_cut_copy_is_found_by_a_bank_whose_entries_carry_signals(StoreKind kind)
    {
        await using TestStore store = await TestStore.CreateAsync(kind, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        SKBitmap[] pictures = LocalPictures.FoundWhenCut(2);
        (SKBitmap first, SKBitmap second) = (pictures[0], pictures[1]);
        using (first)
        using (second)
        {
            var hasher = new ImageHasher(new ImageHasherOptions { Local = true });
            ImageHashes a = hasher.HashEncoded(LocalPictures.Png(first)), b = hasher.HashEncoded(LocalPictures.Png(second));
            ListEntry[] entries =
            [
                new ListEntry { Id = "a", Md5 = a.Exact.Md5, Pdq = a.Pdq.Hash, Quality = a.Pdq.Quality, Local = a.Local },
                new ListEntry { Id = "b", Md5 = b.Exact.Md5, Pdq = b.Pdq.Hash, Quality = b.Pdq.Quality, Local = b.Local },
            ];
            await server.CreateBank("""{"name":"own"}""");

            // One entry as JSON, the other imported as hash --signal local writes it.
            string entryJson = JsonSerializer.Serialize(new { entries = new[] { new { id = "a", md5 = a.Exact.Md5.ToString(), pdq = a.Pdq.Hash.ToString(), quality = a.Pdq.Quality, local = Convert.ToBase64String(a.Local!.ToBytes()) } } });
            await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks/own/entries", TestServer.Json(entryJson));
            string line = JsonSerializer.Serialize(new { id = "b", md5 = b.Exact.Md5.ToString(), pdq = b.Pdq.Hash.ToString(), quality = b.Pdq.Quality, local = Convert.ToBase64String(b.Local!.ToBytes()) });
            await server.Import("own", line + "\n", "application/x-ndjson");

            var library = new HashMatcher([KnownList.Create("own", entries)]);
            foreach ((SKBitmap picture, string id) in new[] { (first, "a"), (second, "b") })
            {
                using SKBitmap cut = LocalPictures.CutATenth(picture);
                byte[] upload = LocalPictures.Png(cut);
                JsonElement candidates = (await server.Match(upload, "upload.png")).GetProperty("candidates");
                JsonElement found = Assert.Single(candidates.EnumerateArray(), c => c.GetProperty("method").GetString() == "local");
                Assert.Equal((id, "Match"), (found.GetProperty("entry_id").GetString(), found.GetProperty("verdict").GetString()));

                MatchReport expected = library.MatchEncoded(upload, "upload.png");
                Assert.Equal(MatchingApiTests.Expected(expected), MatchingApiTests.Actual(candidates));
                MatchCandidate local = Assert.Single(expected.Candidates, c => c.Method == MatchMethod.Local);
                Assert.Equal(local.Inliers, found.GetProperty("inliers").GetInt32());
                Assert.Equal(Math.Round(local.Transform!.CropLeft, 1), found.GetProperty("transform").GetProperty("crop").GetProperty("left").GetDouble());
                Assert.InRange(local.Transform.CropLeft, (picture.Width / 10) - 12, (picture.Width / 10) + 12);
            }

            // The bank's threshold decides: one above the copy's inliers turns it away, and it is range-checked.
            using (SKBitmap cut = LocalPictures.CutATenth(first))
            {
                byte[] upload = LocalPictures.Png(cut);
                int inliers = Assert.Single(library.MatchEncoded(upload, "u").Candidates, c => c.Method == MatchMethod.Local).Inliers!.Value;
                JsonElement bank = await TestServer.Send(server.Write, HttpMethod.Patch, "/v1/banks/own", TestServer.Json($$"""{"local_min_inliers":{{inliers + 1}}}"""));
                Assert.Equal(inliers + 1, bank.GetProperty("local_min_inliers").GetInt32());
                JsonElement above = (await server.Match(upload, "upload.png")).GetProperty("candidates");
                Assert.DoesNotContain(above.EnumerateArray(), c => c.GetProperty("method").GetString() == "local");
                JsonElement refused = await TestServer.Send(server.Write, HttpMethod.Patch, "/v1/banks/own", TestServer.Json("""{"local_min_inliers":1}"""), 400);
                Assert.Contains("local_min_inliers must be 2..90", refused.GetRawText());
            }

            // Never returned: not by the entry reads, not by an export of any layout.
            string read = (await TestServer.Send(server.Write, HttpMethod.Get, "/v1/banks/own/entries?id=a", null)).GetRawText();
            Assert.Contains("\"a\"", read);
            Assert.DoesNotContain("\"local\"", read);
            string exported = await server.Write.GetStringAsync("/v1/banks/own/export?format=jsonl", TestContext.Current.CancellationToken);
            Assert.Contains(a.Exact.Md5.ToString(), exported);
            Assert.DoesNotContain("\"local\"", exported);
        }
    }

    [Fact]
    public async Task A_damaged_signal_is_refused_naming_the_entry()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        await server.CreateBank("""{"name":"own"}""");
        using SKBitmap picture = LocalPictures.FoundWhenCut(1)[0];
        byte[] stored = new ImageHasher(new ImageHasherOptions { Local = true }).HashEncoded(LocalPictures.Png(picture)).Local!.ToBytes();
        stored[30] ^= 0x01;
        string body = JsonSerializer.Serialize(new { entries = new[] { new { id = "a", md5 = new string('0', 32), local = Convert.ToBase64String(stored) } } });
        JsonElement problem = await TestServer.Send(server.Write, HttpMethod.Post, "/v1/banks/own/entries", TestServer.Json(body), 400);
        Assert.Contains("entries[0].local: checksum mismatch", problem.GetRawText());

        string line = JsonSerializer.Serialize(new { id = "a", md5 = new string('0', 32), local = Convert.ToBase64String(stored) });
        JsonElement refused = await server.Import("own", line + "\n", "application/x-ndjson", expected: 400);
        Assert.Contains("local: checksum mismatch", refused.GetRawText());
    }
}
