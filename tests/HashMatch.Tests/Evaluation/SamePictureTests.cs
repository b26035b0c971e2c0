using System.Text.Json;
using HashMatch.Cli;
using HashMatch.Evaluation;
using SkiaSharp;

namespace HashMatch.Tests.Evaluation;

/// <summary>
/// <c>eval --images</c> on a folder that holds some pictures twice (at two sizes, re-encoded in a second collection,
/// turned): those pairs are found on the pixels, listed, and left out of the "excluded" false-positive figures;
/// distinct pictures stay distinct.
/// </summary>
public sealed class SamePictureTests
{
    private static SKBitmap Picture(int index, int width = 480, int height = 360) => Support.SyntheticImages.Draw(width, height, 1000 + index, blurSigma: 2);

    private static SKBitmap Scaled(SKBitmap source, double factor)
    {
        var scaled = new SKBitmap(new SKImageInfo((int)Math.Round(source.Width * factor), (int)Math.Round(source.Height * factor), SKColorType.Rgba8888, SKAlphaType.Premul));
        source.ScalePixels(scaled, new SKSamplingOptions(SKCubicResampler.Mitchell));
        return scaled;
    }

    private static PictureSignature Signature(SKBitmap bitmap)
    {
        using SKBitmap rgba = bitmap.Copy(SKColorType.Rgba8888);
        return PictureSignature.Of(rgba);
    }

    private static void Save(SKBitmap bitmap, string path, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int quality = 100)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = SKImage.FromBitmap(bitmap);
        using SKData data = image.Encode(format, quality);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public void One_picture_at_two_sizes_re_encoded_or_turned_is_the_same_picture()
    {
        using SKBitmap original = Picture(1);
        using SKBitmap half = Scaled(original, 0.5), tiny = Scaled(original, 0.1), jpeg = ImageTransformer.Apply(original, new ImageTransform(TransformKind.Jpeg, 70), new Random(1));
        using SKBitmap turned = ImageTransformer.Apply(original, new ImageTransform(TransformKind.QuarterTurn, 90), new Random(1));
        using SKBitmap mirrored = ImageTransformer.Apply(original, new ImageTransform(TransformKind.Flip, 0), new Random(1));
        PictureSignature signature = Signature(original);

        foreach (SKBitmap copy in new[] { half, tiny, jpeg })
        {
            var comparison = signature.Compare(Signature(copy));
            Assert.True(PictureSignature.IsSamePicture(comparison), $"{copy.Width}×{copy.Height}: {comparison}");
            Assert.Equal(0, comparison.Orientation);
        }

        Assert.Equal("turned 90° counter-clockwise", PictureSignature.OrientationNames[signature.Compare(Signature(turned)).Orientation]);
        Assert.True(PictureSignature.IsSamePicture(signature.Compare(Signature(turned))));
        Assert.Equal("mirrored left-right", PictureSignature.OrientationNames[signature.Compare(Signature(mirrored)).Orientation]);
    }

    [Fact]
    public void Different_pictures_and_different_shapes_are_not_the_same_picture()
    {
        using SKBitmap original = Picture(1);
        PictureSignature signature = Signature(original);
        for (int other = 2; other < 12; other++)
        {
            using SKBitmap different = Picture(other);
            var comparison = signature.Compare(Signature(different));
            Assert.False(PictureSignature.IsSamePicture(comparison), $"picture {other}: {comparison}");
            Assert.True(comparison.Difference > 2 * PictureSignature.SamePictureLimit, $"picture {other} is only {comparison.Difference:0.0} levels away");
        }

        // The same content stretched to another aspect ratio is another picture.
        using SKBitmap stretched = ImageTransformer.Apply(original, new ImageTransform(TransformKind.Aspect, 1.33), new Random(1));
        var (_, _, aspectMatches) = signature.Compare(Signature(stretched));
        Assert.False(aspectMatches);

        // A brightness edit moves every block: no longer "the same picture".
        using SKBitmap brighter = ImageTransformer.Apply(original, new ImageTransform(TransformKind.Brightness, 60), new Random(1));
        Assert.False(PictureSignature.IsSamePicture(signature.Compare(Signature(brighter))));
    }

    [Fact]
    public async Task A_folder_with_duplicates_reports_them_and_the_false_positive_rate_without_them()
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-same-picture").FullName;
        try
        {
            string images = Path.Combine(folder, "photos");
            for (int i = 0; i < 10; i++)
            {
                using SKBitmap picture = Picture(i, 400 + (i * 16), 300);
                Save(picture, Path.Combine(images, "holiday", $"{i:00}.png"));
            }

            using (SKBitmap first = Picture(0, 400, 300))
            using (SKBitmap smaller = Scaled(first, 0.75))
            {
                Save(smaller, Path.Combine(images, "holiday", "00-small.png"));           // one picture at two sizes
            }

            using (SKBitmap second = Picture(1, 416, 300))
            {
                Save(second, Path.Combine(images, "shared", "01.jpg"), SKEncodedImageFormat.Jpeg, 85); // and in a second collection
            }

            File.WriteAllText(Path.Combine(images, "shared", "broken.jpg"), "not a picture");

            var stdout = new StringWriter();
            var stderr = new StringWriter();
            string report = Path.Combine(folder, "report");
            int code = await CliApplication.RunAsync(["eval", "--images", images, "--per-original", "1", "--out", report, "--quiet"], stdout, stderr, TestContext.Current.CancellationToken);
            Assert.True(code == ExitCodes.Success, stderr.ToString());

            // The banner counts what the folder holds, not the default 2,000.
            Assert.StartsWith($"eval: {images}: 12 images found (1 unreadable", stderr.ToString());
            Assert.DoesNotContain("2,000", stderr.ToString());

            using JsonDocument result = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "result.json")));
            JsonElement root = result.RootElement;
            Assert.Equal(12, root.GetProperty("imagesFound").GetInt32());
            Assert.Equal(1, root.GetProperty("imagesSkipped").GetInt32());
            Assert.Equal("same-picture pairs", root.GetProperty("excludedPairs").GetString());
            JsonElement[] close = [.. root.GetProperty("closePairs").EnumerateArray()];
            string[] same = [.. close.Where(p => p.GetProperty("excluded").GetBoolean()).Select(p => p.GetProperty("nameA").GetString() + " = " + p.GetProperty("nameB").GetString()).Order()];
            Assert.Equal([Path.Combine("holiday", "00-small.png") + " = " + Path.Combine("holiday", "00.png"), Path.Combine("holiday", "01.png") + " = " + Path.Combine("shared", "01.jpg")], same);
            Assert.Equal(2, root.GetProperty("excludedPairCount").GetInt32());

            // At 31: the two duplicates are false positives of the all-pairs rate and not of the excluded one; the
            // "excluded" column does not repeat the total.
            JsonElement at31 = root.GetProperty("falsePositives").EnumerateArray().First(r => r.GetProperty("threshold").GetInt32() == 31 && r.GetProperty("matching").GetString() == "plain" && !r.GetProperty("qualityLimited").GetBoolean());
            int duplicatesWithin31 = close.Count(p => p.GetProperty("excluded").GetBoolean() && p.GetProperty("distance").GetInt32() <= 31);
            Assert.True(duplicatesWithin31 >= 1, "the duplicates should be within 31 bits");
            Assert.Equal(66, at31.GetProperty("pairs").GetInt64());
            Assert.Equal(64, at31.GetProperty("unrelatedPairs").GetInt64());
            Assert.Equal(at31.GetProperty("falseMatches").GetInt64() - duplicatesWithin31, at31.GetProperty("unrelatedFalseMatches").GetInt64());

            // 66 pairs cannot bound a rate below one false match per upload at any list size: said so, not a number.
            string summary = File.ReadAllText(Path.Combine(report, "summary.md"));
            Assert.Contains("FPR, same-picture pairs excluded", summary);
            Assert.Contains("too few pairs (needs 36,887)", summary);
            Assert.DoesNotContain("designed near-duplicates", summary);

            // The report lists them with thumbnails a person can check.
            string html = File.ReadAllText(Path.Combine(report, "index.html"));
            Assert.Contains("same picture", html);
            Assert.Contains("<img src=\"pairs/", html);
            Assert.Contains("too few pairs", html);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
