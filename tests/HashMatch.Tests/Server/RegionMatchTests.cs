using System.Text.Json;
using HashMatch.Hashing;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Pdq;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Server;

/// <summary>
/// The picture localiser through the service (issue 23): a bank that asks for <c>region</c> finds a known picture
/// inside a phone screenshot, the answer names the rectangle, and it equals what the library answers for the same
/// bank; a bank without the variant does not find it.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class RegionMatchTests(PostgresCluster cluster)
{
    [Fact]
    public async Task A_picture_inside_a_screenshot_is_found_by_a_region_bank_with_its_rectangle()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store);

        using SKBitmap picture = SyntheticImages.Draw(640, 420, 2301, blurSigma: 1.5f);
        using SKData pictureData = picture.Encode(SKEncodedImageFormat.Png, 100);
        ImageHashes known = ImageHasher.Default.HashEncoded(pictureData.Span);
        ListEntry[] entries = [new ListEntry { Id = "posted", Pdq = known.Pdq.Hash, Quality = known.Pdq.Quality }];
        await server.CreateBank("""{"name":"regions","variants":"region"}""");
        await server.CreateBank("""{"name":"plain"}""");
        await server.Import("regions", MatchingApiTests.ToTsv(entries));
        await server.Import("plain", MatchingApiTests.ToTsv(entries));

        // A phone screenshot of a post: a header, the picture, text under it, re-encoded as JPEG.
        using SKBitmap screen = SyntheticImages.Canvas(720, 1560, SKColors.White, c =>
        {
            using var bar = new SKPaint { Color = new SKColor(30, 30, 36) };
            c.DrawRect(0, 0, 720, 120, bar);
            using var text = new SKPaint { Color = new SKColor(60, 64, 70) };
            for (int line = 0; line < 6; line++)
            {
                c.DrawRect(40, 200 + (line * 30), 560 - (line * 40), 14, text);
                c.DrawRect(40, 900 + (line * 34), 600 - (line * 30), 16, text);
            }

            c.DrawBitmap(picture, 40, 420, SKSamplingOptions.Default, null);
        });
        using SKData upload = screen.Encode(SKEncodedImageFormat.Jpeg, 90);

        JsonElement answer = await server.Match(upload.ToArray());
        JsonElement[] candidates = [.. answer.GetProperty("candidates").EnumerateArray()];
        JsonElement found = Assert.Single(candidates, c => c.GetProperty("verdict").GetString() == "Match");
        Assert.Equal(("regions", "posted", "region"), (found.GetProperty("list").GetString(), found.GetProperty("entry_id").GetString(), found.GetProperty("query_variant").GetString()));
        JsonElement region = found.GetProperty("query_region");
        int x = region.GetProperty("x").GetInt32(), y = region.GetProperty("y").GetInt32(), w = region.GetProperty("width").GetInt32(), h = region.GetProperty("height").GetInt32();
        Assert.True(Math.Abs(x - 40) <= 4 && Math.Abs(y - 420) <= 4 && Math.Abs(w - 640) <= 8 && Math.Abs(h - 420) <= 8, $"region {x},{y},{w},{h} is not the picture's 40,420,640,420");
        Assert.DoesNotContain(candidates, c => c.GetProperty("list").GetString() == "plain" && c.GetProperty("verdict").GetString() == "Match");

        // The library, over the same banks, answers the same.
        var matcher = new HashMatcher([
            KnownList.Create("regions", entries, new KnownListOptions { Variants = QueryVariants.Region }),
            KnownList.Create("plain", entries),
        ]);
        MatchReport expected = matcher.MatchEncoded(upload.ToArray());
        Assert.Equal(MatchingApiTests.Expected(expected), MatchingApiTests.Actual(answer.GetProperty("candidates")));
    }
}
