using HashMatch.Imaging;
using HashMatch.Pdq;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Pdq;

/// <summary>
/// The picture localiser (issue 23) on generated layouts: every picture of a tall phone screenshot, of a feed, of a
/// 2 × 2 collage, a picture over a photograph, a picture with rounded corners and a shadow in dark mode and a picture
/// inside nested chrome is returned as a region whose edges are within 2 pixels of the picture's, and whose hash is
/// within the threshold of the picture's own. Peeling chrome from the outside (the embedded variant this replaced)
/// returned one region and gave up at half the height, so it found none of the feed's or collage's pictures but one
/// and not a landscape picture high in a tall screenshot. A tile whose edges do not show is found from the grid the
/// other tiles make.
/// </summary>
public sealed class PictureLocaliserTests
{
    private const int Threshold = 31;

    private static PixelBuffer Buffer(SKBitmap bitmap) => new(bitmap.GetPixelSpan(), bitmap.Width, bitmap.Height, bitmap.RowBytes, PixelFormat.Rgba32);

    private static SKBitmap Canvas(int width, int height, SKColor background, Action<SKCanvas> draw) => SyntheticImages.Canvas(width, height, background, draw);

    private static SKBitmap Jpeg(SKBitmap bitmap, int quality = 85) => SyntheticImages.Jpeg(bitmap, quality);

    /// <summary>Rows of slanted strokes like lines of text, from <paramref name="top"/> to <paramref name="bottom"/>.</summary>
    private static void Text(SKCanvas canvas, float left, float right, float top, float bottom, float size, SKColor colour)
    {
        using var ink = new SKPaint { Color = colour, IsAntialias = true, StrokeWidth = Math.Max(2, size / 8) };
        var random = new Random((int)(top + left));
        for (float y = top + size; y < bottom; y += size * 1.6f)
        {
            for (float x = left; x < right - size; x += size * (0.6f + (float)random.NextDouble()))
            {
                canvas.DrawLine(x, y, x + (size * 0.4f), y - (size * 0.7f), ink);
            }
        }
    }

    /// <summary>The regions the localiser returned for <paramref name="copy"/>, with their hashes.</summary>
    private static IReadOnlyList<QueryVariantHash> Regions(SKBitmap copy)
    {
        IReadOnlyList<QueryVariantHash> variants = PdqHasher.HashVariants(Buffer(copy), QueryVariants.Region);
        Assert.All(variants.Skip(1), v => Assert.Equal(QueryVariantKind.Region, v.Variant.Kind));
        return [.. variants.Skip(1)];
    }

    /// <summary>Asserts that a region within 2 pixels of <paramref name="expected"/> is among <paramref name="regions"/> and matches <paramref name="picture"/>.</summary>
    private static void AssertFound(IReadOnlyList<QueryVariantHash> regions, QueryRegion expected, SKBitmap picture)
    {
        string all = string.Join("; ", regions.Select(r => r.Variant.Region.ToString()));
        QueryVariantHash? near = regions.Cast<QueryVariantHash?>().FirstOrDefault(r => r!.Value.Variant.Region is { } f
            && Math.Abs(f.X - expected.X) <= 2 && Math.Abs(f.Y - expected.Y) <= 2
            && Math.Abs(f.X + f.Width - expected.X - expected.Width) <= 2 && Math.Abs(f.Y + f.Height - expected.Y - expected.Height) <= 2);
        Assert.True(near is not null, $"no region within 2 px of {expected}; found {all}");
        int distance = near.Value.Result.Hash.DistanceTo(PdqHasher.Hash(Buffer(picture)).Hash);
        Assert.True(distance <= Threshold, $"the region {near.Value.Variant.Region} is {distance} bits from the picture");
    }

    [Fact]
    public void A_landscape_picture_high_in_a_tall_screenshot_and_the_next_posts_picture_are_both_found()
    {
        using SKBitmap first = SyntheticImages.Draw(1000, 560, 101, blurSigma: 1.5f);
        using SKBitmap next = SyntheticImages.Draw(1000, 700, 102, blurSigma: 1.5f);
        using SKBitmap screen = Canvas(1080, 2340, SKColors.White, c =>
        {
            Text(c, 40, 1040, 40, 380, 36, new SKColor(20, 20, 25));
            c.DrawBitmap(first, 40, 420, SKSamplingOptions.Default, null);
            Text(c, 40, 1040, 1000, 1380, 36, new SKColor(90, 100, 110));
            c.DrawBitmap(next, 40, 1440, SKSamplingOptions.Default, null);
            Text(c, 40, 1040, 2160, 2320, 36, new SKColor(20, 20, 25));
        });
        using SKBitmap copy = Jpeg(screen);
        IReadOnlyList<QueryVariantHash> regions = Regions(copy);
        AssertFound(regions, new QueryRegion(40, 420, 1000, 560), first);
        AssertFound(regions, new QueryRegion(40, 1440, 1000, 700), next);
    }

    [Fact]
    public void A_picture_with_rounded_corners_and_a_shadow_in_dark_mode_is_found()
    {
        using SKBitmap picture = SyntheticImages.Draw(960, 720, 111, blurSigma: 1.5f);
        var frame = SKRect.Create(60, 700, 960, 720);
        using SKBitmap screen = Canvas(1080, 2340, new SKColor(21, 32, 43), c =>
        {
            Text(c, 60, 1020, 120, 660, 40, new SKColor(231, 233, 234));
            using (var shadow = new SKPaint { Color = new SKColor(0, 0, 0, 160), ImageFilter = SKImageFilter.CreateBlur(8, 8) })
            {
                c.DrawRoundRect(new SKRoundRect(SKRect.Create(frame.Left + 6, frame.Top + 8, frame.Width, frame.Height), 30), shadow);
            }

            c.Save();
            c.ClipRoundRect(new SKRoundRect(frame, 30), SKClipOperation.Intersect, antialias: true);
            c.DrawBitmap(picture, frame.Left, frame.Top, SKSamplingOptions.Default, null);
            c.Restore();
            Text(c, 60, 1020, 1480, 2300, 40, new SKColor(113, 118, 123));
        });
        AssertFound(Regions(Jpeg(screen)), new QueryRegion(60, 700, 960, 720), picture);
    }

    [Fact]
    public void Every_tile_of_a_collage_with_gutters_is_found()
    {
        SKBitmap[] tiles = [.. Enumerable.Range(0, 4).Select(i => SyntheticImages.Draw(480, 360, 121 + i, blurSigma: 1.5f))];
        try
        {
            const int Gutter = 12;
            using SKBitmap collage = Canvas((2 * 480) + (3 * Gutter), (2 * 360) + (3 * Gutter), SKColors.White, c =>
            {
                for (int i = 0; i < 4; i++)
                {
                    c.DrawBitmap(tiles[i], Gutter + ((i % 2) * (480 + Gutter)), Gutter + ((i / 2) * (360 + Gutter)), SKSamplingOptions.Default, null);
                }
            });
            IReadOnlyList<QueryVariantHash> regions = Regions(Jpeg(collage));
            for (int i = 0; i < 4; i++)
            {
                AssertFound(regions, new QueryRegion(Gutter + ((i % 2) * (480 + Gutter)), Gutter + ((i / 2) * (360 + Gutter)), 480, 360), tiles[i]);
            }
        }
        finally
        {
            foreach (SKBitmap tile in tiles)
            {
                tile.Dispose();
            }
        }
    }

    [Fact]
    public void A_white_tile_on_white_gutters_is_found_from_the_grid_of_the_others()
    {
        // The fourth tile is a white page with text in its middle: no edge of its own shows against the gutters.
        SKBitmap[] tiles = [.. Enumerable.Range(0, 3).Select(i => SyntheticImages.Draw(480, 360, 161 + i, blurSigma: 1.5f))];
        using SKBitmap page = Canvas(480, 360, SKColors.White, c => Text(c, 60, 420, 60, 300, 24, new SKColor(30, 30, 35)));
        try
        {
            const int Gutter = 12;
            SKBitmap[] all = [.. tiles, page];
            using SKBitmap collage = Canvas((2 * 480) + (3 * Gutter), (2 * 360) + (3 * Gutter), SKColors.White, c =>
            {
                for (int i = 0; i < 4; i++)
                {
                    c.DrawBitmap(all[i], Gutter + ((i % 2) * (480 + Gutter)), Gutter + ((i / 2) * (360 + Gutter)), SKSamplingOptions.Default, null);
                }
            });
            AssertFound(Regions(collage), new QueryRegion(Gutter + 480 + Gutter, Gutter + 360 + Gutter, 480, 360), page);
        }
        finally
        {
            foreach (SKBitmap tile in tiles)
            {
                tile.Dispose();
            }
        }
    }

    [Fact]
    public void A_picture_over_a_photograph_is_found()
    {
        using SKBitmap background = SyntheticImages.Draw(1200, 900, 131, blurSigma: 3f);
        using SKBitmap picture = SyntheticImages.Draw(600, 450, 132, blurSigma: 1.5f);
        using SKBitmap composite = Canvas(1200, 900, SKColors.Black, c =>
        {
            c.DrawBitmap(background, 0, 0, SKSamplingOptions.Default, null);
            c.DrawBitmap(picture, 310, 200, SKSamplingOptions.Default, null);
        });
        AssertFound(Regions(Jpeg(composite)), new QueryRegion(310, 200, 600, 450), picture);
    }

    [Fact]
    public void A_picture_inside_nested_chrome_is_found()
    {
        // A window (title bar), a page with a side panel, a card with a hairline border, the picture in the card.
        using SKBitmap picture = SyntheticImages.Draw(640, 400, 141, blurSigma: 1.5f);
        using SKBitmap window = Canvas(1280, 900, new SKColor(60, 64, 72), c =>
        {
            using var page = new SKPaint { Color = new SKColor(242, 243, 245) };
            using var panel = new SKPaint { Color = new SKColor(225, 228, 232) };
            using var card = new SKPaint { Color = SKColors.White };
            using var rule = new SKPaint { Color = new SKColor(200, 204, 210), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
            c.DrawRect(0, 40, 1280, 860, page);
            c.DrawRect(0, 40, 260, 860, panel);
            Text(c, 20, 240, 60, 880, 18, new SKColor(60, 60, 70));
            c.DrawRect(320, 100, 760, 720, card);
            c.DrawRect(320.5f, 100.5f, 759, 719, rule);
            Text(c, 380, 1020, 120, 220, 22, new SKColor(30, 30, 35));
            c.DrawBitmap(picture, 380, 240, SKSamplingOptions.Default, null);
            Text(c, 380, 1020, 660, 800, 22, new SKColor(30, 30, 35));
        });
        AssertFound(Regions(Jpeg(window)), new QueryRegion(380, 240, 640, 400), picture);
    }

    [Fact]
    public void At_most_sixteen_regions_each_at_least_a_tenth_of_the_query()
    {
        // A grid of 6 × 6 flat tiles has hundreds of rectangles between its lines.
        using SKBitmap grid = Canvas(600, 600, SKColors.White, c =>
        {
            var random = new Random(151);
            for (int i = 0; i < 36; i++)
            {
                using var paint = new SKPaint { Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)) };
                c.DrawRect((i % 6) * 100, (i / 6) * 100, 100, 100, paint);
            }
        });
        IReadOnlyList<QueryVariantHash> regions = Regions(grid);
        Assert.InRange(regions.Count, 1, 16);
        Assert.All(regions, r => Assert.True((double)r.Variant.Region!.Value.Width * r.Variant.Region.Value.Height >= 0.1 * 600 * 600, $"{r.Variant.Region} is below a tenth"));
    }
}
