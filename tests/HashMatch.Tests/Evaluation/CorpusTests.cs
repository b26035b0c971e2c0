using System.Security.Cryptography;
using HashMatch.Evaluation;
using HashMatch.Imaging;
using HashMatch.Pdq;
using SkiaSharp;

namespace HashMatch.Tests.Evaluation;

[Trait("Cost", "Slow")]
public sealed class CorpusTests
{
    [Fact]
    public void The_same_seed_gives_byte_identical_images_in_any_order()
    {
        var first = new SyntheticImageGenerator(7);
        var second = new SyntheticImageGenerator(7);
        int[] indices = [0, 1, 2, 3, 17, 40];
        string[] forward = [.. indices.Select(i => Digest(first, i))];
        string[] backward = [.. indices.Reverse().Select(i => Digest(second, i)).Reverse()];
        Assert.Equal(forward, backward);
        Assert.NotEqual(Digest(new SyntheticImageGenerator(8), 0), forward[0]);
    }

    [Fact]
    public void Every_family_occurs_and_sizes_span_64_to_4000_pixels()
    {
        var generator = new SyntheticImageGenerator(1);
        ImageSpec[] specs = [.. Enumerable.Range(0, 3000).Select(generator.Describe)];
        Assert.Equal(Enum.GetValues<ImageFamily>().Order(), specs.Select(s => s.Family).Distinct().Order());
        Assert.All(specs, s => Assert.InRange(Math.Max(s.Width, s.Height), 64, 4000));
        Assert.Contains(specs, s => Math.Max(s.Width, s.Height) > 2048);
        Assert.Contains(specs, s => Math.Max(s.Width, s.Height) < 128);

        // Pair families come in pairs (2k, 2k + 1) of the same size.
        foreach (ImageSpec s in specs.Where(s => s.Family is ImageFamily.SmallRegionPair or ImageFamily.SameLayoutText))
        {
            ImageSpec partner = specs[s.Index ^ 1];
            Assert.Equal((s.Family, s.Width, s.Height), (partner.Family, partner.Width, partner.Height));
        }
    }

    [Fact]
    public void Every_family_draws_a_picture_with_structure()
    {
        var generator = new SyntheticImageGenerator(3);
        foreach (ImageFamily family in Enum.GetValues<ImageFamily>().Where(f => f != ImageFamily.NearFlat))
        {
            int index = Enumerable.Range(0, 5000).First(i => generator.Describe(i).Family == family && Math.Max(generator.Describe(i).Width, generator.Describe(i).Height) < 1200);
            using SKBitmap bitmap = generator.Generate(index);
            PdqHashResult hash = PdqHasher.Hash(new PixelBuffer(bitmap.GetPixelSpan(), bitmap.Width, bitmap.Height, bitmap.RowBytes, PixelFormat.Rgba32));
            Assert.True(hash.Quality > 0, $"{family} #{index} drew a flat picture");
        }
    }

    [Theory]
    [InlineData(TransformKind.Resize, 0.5, 100, 75)]
    [InlineData(TransformKind.Crop, 0.1, 180, 135)]
    [InlineData(TransformKind.Pad, 0.2, 240, 180)]
    [InlineData(TransformKind.QuarterTurn, 90, 150, 200)]
    [InlineData(TransformKind.Caption, 0.2, 200, 180)]
    [InlineData(TransformKind.Aspect, 2, 400, 150)]
    [InlineData(TransformKind.Jpeg, 30, 200, 150)]
    public void Transforms_change_the_size_as_documented(TransformKind kind, double parameter, int width, int height)
    {
        using SKBitmap source = new SyntheticImageGenerator(1).Generate(0).Resize(new SKImageInfo(200, 150, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear));
        using SKBitmap result = ImageTransformer.Apply(source, new ImageTransform(kind, parameter), new Random(1));
        Assert.Equal((width, height), (result.Width, result.Height));
    }

    [Fact]
    public void Every_transform_at_every_strength_runs_and_is_deterministic()
    {
        using SKBitmap source = new SyntheticImageGenerator(2).Generate(5).Resize(new SKImageInfo(160, 120, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear));
        foreach (ImageTransform transform in TransformCatalog.For())
        {
            using SKBitmap a = ImageTransformer.Apply(source, transform, new Random(9));
            using SKBitmap b = ImageTransformer.Apply(source, transform, new Random(9));
            Assert.True(a.Width > 0 && a.Height > 0, transform.ToString());
            Assert.True(a.GetPixelSpan().SequenceEqual(b.GetPixelSpan()), $"{transform} is not deterministic");
        }
    }

    [Fact]
    public void Transform_list_parsing_names_the_valid_kinds_on_error()
    {
        Assert.Equal([TransformKind.Jpeg, TransformKind.Resize], TransformCatalog.ParseKinds("jpeg, RESIZE,jpeg"));
        var error = Assert.Throws<FormatException>(() => TransformCatalog.ParseKinds("jpeg,sepia"));
        Assert.Contains("sepia", error.Message);
        Assert.Contains("screenshot", error.Message);
    }

    [Fact]
    public async Task The_same_options_give_identical_results()
    {
        var options = new EvaluationOptions { Originals = 14, TransformsPerOriginal = 3, Seed = 4, MaxParallelism = 2 };
        EvaluationResult first = await EvaluationRunner.RunAsync(options, cancellationToken: TestContext.Current.CancellationToken);
        EvaluationResult second = await EvaluationRunner.RunAsync(options with { MaxParallelism = 1 }, cancellationToken: TestContext.Current.CancellationToken);
        string Canonical(EvaluationResult r) => System.Text.Json.JsonSerializer.Serialize(r with { Seconds = 0, VariantCosts = [] }, new System.Text.Json.JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
        Assert.Equal(Canonical(first), Canonical(second));
        Assert.Equal(14 * 13 / 2, first.Pairs);
        Assert.Equal(14 * 3, first.TransformedCopies);
        Assert.True(first.IndexAgrees);
    }

    private static string Digest(SyntheticImageGenerator generator, int index)
    {
        using SKBitmap bitmap = generator.Generate(index);
        return Convert.ToHexString(SHA256.HashData(bitmap.GetPixelSpan())) + $"{bitmap.Width}x{bitmap.Height}";
    }
}
