using System.Text.Json;
using HashMatch.Cli;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Cli;

/// <summary>The list commands end to end: lint and convert on every kind of input, and lists as match and exclusion lists.</summary>
public sealed class ListsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-lists-cli").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args)
    {
        return await CliRunner.RunAsync(args);
    }

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    [Fact]
    public async Task Lint_accepts_a_vics_2_file_of_md5s_without_pdq()
    {
        string md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, "x"u8).ToString().ToUpperInvariant();
        File.WriteAllText(Path("set.json"), $$"""
            {"@odata.context":"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media",
             "value":[{"MediaID":1,"Category":1,"MD5":"{{md5}}","IsPrecategorized":"false","MediaFiles":[{"FileName":"a.jpg"}]}]}
            """);
        var (code, stdout, stderr) = await Run("lists", "lint", Path("set.json"));
        Assert.True(code == ExitCodes.Success, stdout + stderr);
        Assert.Contains("1 entries, 0 errors, 0 warnings", stderr);
    }

    [Fact]
    public async Task Lint_notes_photodna_hashes_are_carried_but_not_matched()
    {
        var (code, stdout, _) = await Run("lists", "lint", TestData.Path("lists/vics2-sample.json"));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("info: 1 of 3 entries carry a PhotoDNA hash", stdout);
        Assert.Contains("not matched", stdout);
    }

    [Fact]
    public async Task Lint_of_an_image_says_it_is_not_a_text_list_in_one_short_line()
    {
        string jpeg = Directory.EnumerateFiles(TestData.Path("pdq-reference/images"), "*.jpg", SearchOption.AllDirectories).First();
        var (code, stdout, stderr) = await Run("lists", "lint", jpeg);
        Assert.Equal(ExitCodes.SomeInputsFailed, code);
        Assert.Empty(stdout);
        string error = stderr.Split('\n')[0];
        Assert.Equal($"error: {jpeg}: unsupported format: not a text hash list: a JPEG image", error);
        Assert.Contains("0 of 1 lists read (1 could not be read)", stderr);
    }

    [Fact]
    public async Task Lint_of_a_missing_file_says_it_is_missing_and_fails()
    {
        var (code, _, stderr) = await Run("lists", "lint", Path("nope.txt"));
        Assert.Equal(ExitCodes.SomeInputsFailed, code);
        Assert.Contains("nope.txt: unreadable: no such file", stderr);
        Assert.Contains("(1 could not be read)", stderr);
    }

    [Fact]
    public async Task Convert_refuses_auto_and_read_only_targets_with_reasons()
    {
        File.WriteAllText(Path("l.txt"), new string('a', 32) + "\n");
        var (autoCode, _, autoErr) = await Run("lists", "convert", Path("l.txt"), "--to", "auto", "--out", Path("o"));
        Assert.Equal(ExitCodes.BadArguments, autoCode);
        Assert.Contains("'auto' only detects layouts when reading", autoErr);
        var (nsrlCode, _, nsrlErr) = await Run("lists", "convert", Path("l.txt"), "--to", "nsrl", "--out", Path("o"));
        Assert.Equal(ExitCodes.BadArguments, nsrlCode);
        Assert.Contains("'nsrl' lists are read, not written", nsrlErr);
        Assert.False(File.Exists(Path("o")));
    }

    [Fact]
    public async Task Convert_to_signal_lines_writes_photo_md5_and_says_what_it_drops()
    {
        var (code, _, stderr) = await Run("lists", "convert", TestData.Path("lists/hash-sample.jsonl"), "--to", "te-signals", "--out", Path("s.txt"));
        Assert.True(code == ExitCodes.Success, stderr);
        string[] lines = File.ReadAllLines(Path("s.txt"));
        Assert.Equal(4, lines.Length);
        Assert.Equal(2, lines.Count(l => l.StartsWith("photo_md5 ", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("video_", StringComparison.Ordinal));
        Assert.Contains("te-signals cannot carry quality (2 entries), sha1 (2 entries), sha256 (2 entries), source (2 entries)", stderr);
        Assert.Contains("2 entries written as one line per hash", stderr);
    }

    [Fact]
    public async Task Convert_between_every_writable_layout_keeps_the_hashes()
    {
        string[] layouts = ["csv", "tsv", "jsonl", "hma-csv", "vics", "vics1", "caid", "icse", "md5"];
        string current = TestData.Path("lists/vics13-cases-sample.json");
        foreach (string layout in layouts)
        {
            string next = Path($"list.{layout}");
            var (code, _, stderr) = await Run("lists", "convert", current, "--to", layout, "--out", next);
            Assert.True(code == ExitCodes.Success, $"{layout}: {stderr}");
            Assert.Contains($"2 entries read as ", stderr);
            Assert.Contains($"records written as {layout}", stderr);
            current = next;
        }

        Assert.Equal(
            HashMatch.Lists.ListReader.Read(TestData.Path("lists/vics13-cases-sample.json")).Entries.Select(e => e.Md5),
            HashMatch.Lists.ListReader.Read(current).Entries.Select(e => e.Md5));
    }

    [Fact]
    public async Task An_nsrl_file_as_exclusion_list_makes_a_known_file_excluded()
    {
        byte[] image = SyntheticImages.Encode(120, 90, 7, SKEncodedImageFormat.Png);
        File.WriteAllBytes(Path("setup.png"), image);
        string md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, image).ToString();
        string sha1 = ExactHash.Compute(ExactHashAlgorithm.Sha1, image).ToString().ToUpperInvariant();
        File.WriteAllText(Path("known.csv"), $"id,md5\nk-1,{md5}\n");
        File.WriteAllText(Path("nsrl.txt"),
            "\"SHA-1\",\"MD5\",\"CRC32\",\"FileName\",\"FileSize\",\"ProductCode\",\"OpSystemCode\",\"SpecialCode\"\r\n" +
            $"\"{sha1}\",\"{md5.ToUpperInvariant()}\",\"00000000\",\"setup.png\",{image.Length},1,\"358\",\"\"\r\n");

        var (code, stdout, stderr) = await Run("match", "--list", Path("known.csv"), "--exclude", Path("nsrl.txt"), Path("setup.png"));
        Assert.True(code == ExitCodes.Success, stderr);
        string[] rows = stdout.TrimEnd().Split('\n');
        Assert.Contains(rows[1..], r => r.Split('\t')[9] == "Excluded");
        Assert.DoesNotContain(rows[1..], r => r.Split('\t')[9] == "Match");
    }

    [Fact]
    public async Task String_ids_and_categories_of_a_csv_list_reach_the_match_output()
    {
        byte[] image = SyntheticImages.Encode(160, 120, 3, SKEncodedImageFormat.Png);
        File.WriteAllBytes(Path("a.png"), image);
        var (_, hashes, _) = await Run("hash", "--quiet", "--format", "jsonl", Path("a.png"));
        using JsonDocument hashed = JsonDocument.Parse(hashes);
        string md5 = hashed.RootElement.GetProperty("md5").GetString()!, pdq = hashed.RootElement.GetProperty("pdq").GetString()!;
        int quality = hashed.RootElement.GetProperty("quality").GetInt32();
        File.WriteAllText(Path("known.csv"), $"id,md5,pdq,quality,category\ncase-0-A,{md5},{pdq},{quality},A1\n");

        var (code, stdout, stderr) = await Run("match", "--list", Path("known.csv"), Path("a.png"), "--format", "jsonl");
        Assert.True(code == ExitCodes.Success, stderr);
        string[] records = stdout.TrimEnd().Split('\n');
        Assert.NotEmpty(records);
        foreach (string record in records)
        {
            using JsonDocument match = JsonDocument.Parse(record);
            Assert.Equal("case-0-A", match.RootElement.GetProperty("entry_id").GetString());
            Assert.Equal("A1", match.RootElement.GetProperty("metadata").GetProperty("category").GetString());
        }

        Assert.Contains(records, r => r.Contains("\"method\":\"md5\"", StringComparison.Ordinal));
    }
}
