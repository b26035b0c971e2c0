using HashMatch.Cli;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Cli;

/// <summary><c>match --variants</c> and <c>hash --augment crops</c> end to end (issue 13's interface; issue 23's regions).</summary>
public sealed class VariantCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-variants").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args)
    {
        return await CliRunner.RunAsync(args);
    }

    private static void Save(SKBitmap bitmap, string path)
    {
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 85);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public async Task A_turned_copy_matches_with_variants_and_not_without()
    {
        using SKBitmap original = SyntheticImages.Draw(640, 480, 81, blurSigma: 2);
        Save(original, Path("known.jpg"));
        var (_, hashes, _) = await Run("hash", "--quiet", Path("known.jpg"));
        File.WriteAllText(Path("known.tsv"), hashes);
        byte[] pixels = original.GetPixelSpan().ToArray();
        var (turned, w, h) = PixelTransforms.Apply(pixels, original.Width, original.Height, 4, PdqVariant.Rotate90);
        using var copy = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        turned.CopyTo(copy.GetPixelSpan());
        Save(copy, Path("turned.jpg"));

        var (noneCode, none, _) = await Run("match", "--list", Path("known.tsv"), Path("turned.jpg"));
        Assert.Equal(0, noneCode);
        Assert.Single(none.TrimEnd().Split('\n')); // header only: plain PDQ misses a turned copy

        var (code, output, stderr) = await Run("match", "--list", Path("known.tsv"), "--variants", "all", "--min-quality", "0", Path("turned.jpg"));
        Assert.True(code == 0, stderr);
        string[] lines = output.TrimEnd().Split('\n');
        string[] header = lines[0].Split('\t');
        string[] row = Assert.Single(lines[1..]).Split('\t');
        string Column(string name) => row[Array.IndexOf(header, name)];
        Assert.Equal((Path("turned.jpg"), "1", "rot270", "Match"), (Column("query"), Column("entry_id"), Column("query_variant"), Column("verdict")));
        Assert.InRange(int.Parse(Column("distance"), System.Globalization.CultureInfo.InvariantCulture), 0, 31);
    }

    [Fact]
    public async Task List_side_crops_find_a_cropped_copy_and_are_flagged_augmented()
    {
        using SKBitmap original = SyntheticImages.Draw(800, 600, 82, blurSigma: 2);
        Save(original, Path("original.jpg"));
        using var cropped = new SKBitmap(new SKImageInfo(720, 540, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(cropped))
        {
            canvas.DrawBitmap(original, -76, -57, SKSamplingOptions.Default, null); // 10 % off, nearly all from the left and top
        }

        Save(cropped, Path("cropped.jpg"));
        var (_, plain, _) = await Run("hash", "--quiet", Path("original.jpg"));
        File.WriteAllText(Path("plain.tsv"), plain);
        var (_, augmented, _) = await Run("hash", "--quiet", "--augment", "crops", Path("original.jpg"));
        File.WriteAllText(Path("augmented.tsv"), augmented);
        Assert.Equal(1 + 1 + 10, augmented.TrimEnd().Split('\n').Length); // header, original, ten crops

        var (_, missed, _) = await Run("match", "--list", Path("plain.tsv"), "--min-quality", "0", Path("cropped.jpg"));
        Assert.Single(missed.TrimEnd().Split('\n'));
        var (code, found, stderr) = await Run("match", "--list", Path("augmented.tsv"), "--format", "jsonl", "--min-quality", "0", Path("cropped.jpg"));
        Assert.True(code == 0, stderr);
        using var match = System.Text.Json.JsonDocument.Parse(found.TrimEnd().Split('\n')[0]);
        Assert.Equal(Path("original.jpg"), match.RootElement.GetProperty("entry_id").GetString());
        Assert.True(match.RootElement.GetProperty("augmented").GetBoolean());
    }

    [Fact]
    public async Task A_collage_tile_matches_as_a_region_and_both_outputs_say_where()
    {
        using SKBitmap known = SyntheticImages.Draw(400, 300, 83, blurSigma: 2);
        Save(known, Path("known.jpg"));
        var (_, hashes, _) = await Run("hash", "--quiet", Path("known.jpg"));
        File.WriteAllText(Path("known.tsv"), hashes);
        using SKBitmap other = SyntheticImages.Draw(400, 300, 84, blurSigma: 2);
        using var collage = new SKBitmap(new SKImageInfo(830, 300, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(collage))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawBitmap(other, 0, 0, SKSamplingOptions.Default, null);
            canvas.DrawBitmap(known, 430, 0, SKSamplingOptions.Default, null);
        }

        Save(collage, Path("collage.jpg"));
        var (code, output, stderr) = await Run("match", "--list", Path("known.tsv"), "--variants", "region", "--min-quality", "0", Path("collage.jpg"));
        Assert.True(code == 0, stderr);
        string[] lines = output.TrimEnd().Split('\n');
        string[] header = lines[0].Split('\t');
        string[] row = Assert.Single(lines[1..]).Split('\t');
        string Column(string name) => row[Array.IndexOf(header, name)];
        Assert.Equal("region", Column("query_variant"));
        int[] region = [.. Column("query_region").Split(',').Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.True(Math.Abs(region[0] - 430) <= 2 && Math.Abs(region[1]) <= 2 && Math.Abs(region[2] - 400) <= 2 && Math.Abs(region[3] - 300) <= 2, Column("query_region"));

        var (_, json, _) = await Run("match", "--list", Path("known.tsv"), "--variants", "region", "--format", "jsonl", "--min-quality", "0", Path("collage.jpg"));
        using var match = System.Text.Json.JsonDocument.Parse(json.TrimEnd().Split('\n')[0]);
        System.Text.Json.JsonElement where = match.RootElement.GetProperty("query_region");
        Assert.Equal((region[0], region[1], region[2], region[3]), (where.GetProperty("x").GetInt32(), where.GetProperty("y").GetInt32(), where.GetProperty("width").GetInt32(), where.GetProperty("height").GetInt32()));

        // A candidate from the image as it is carries no region.
        var (_, plain, _) = await Run("match", "--list", Path("known.tsv"), "--format", "jsonl", "--min-quality", "0", Path("known.jpg"));
        using var direct = System.Text.Json.JsonDocument.Parse(plain.TrimEnd().Split('\n')[0]);
        Assert.False(direct.RootElement.TryGetProperty("query_region", out _));
    }
}
