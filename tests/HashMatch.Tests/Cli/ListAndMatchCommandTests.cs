using HashMatch.Cli;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Cli;

/// <summary>The list, index and match commands end to end on generated images, as an operator would use them.</summary>
public sealed class ListAndMatchCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-cli").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args)
    {
        return await CliRunner.RunAsync(args);
    }

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    [Fact]
    public async Task Hash_then_build_an_index_then_match_images_and_a_list()
    {
        Directory.CreateDirectory(Path("images"));
        for (int i = 0; i < 4; i++)
        {
            File.WriteAllBytes(Path($"images/{i}.png"), SyntheticImages.Encode(300, 200, 40 + i, SKEncodedImageFormat.Png));
        }

        var (hashCode, hashes, _) = await Run("hash", Path("images"), "--quiet");
        Assert.Equal(0, hashCode);
        File.WriteAllText(Path("known.tsv"), hashes);

        var (buildCode, _, buildErr) = await Run("index", "build", "--list", Path("known.tsv"), "--out", Path("known.hmidx"));
        Assert.True(buildCode == 0, buildErr);
        Assert.Contains("4 entries", buildErr);

        // A re-encoded copy of image 2 matches entry 4 (line 4 of the TSV: header + images 0, 1, 2).
        File.WriteAllBytes(Path("upload.jpg"), SyntheticImages.Encode(300, 200, 42, SKEncodedImageFormat.Jpeg, quality: 70));
        var (matchCode, output, matchErr) = await Run("match", "--index", Path("known.hmidx"), Path("upload.jpg"));
        Assert.True(matchCode == 0, matchErr);
        string[] lines = output.TrimEnd().Split('\n');
        Assert.Equal("query\tmethod\tlist\tentry_id\tdistance\tquery_variant\tquery_region\tquery_quality\tentry_quality\tverdict\tinliers\tlocal_crop", lines[0]);
        string[] fields = Assert.Single(lines[1..]).Split('\t');
        Assert.Equal((Path("upload.jpg"), "pdq", "known", "3", "Match"), (fields[0], fields[1], fields[2], fields[3], fields[9])); // the third image: ids count data lines

        // The same match as JSON lines, no header.
        var (jsonCode, json, _) = await Run("match", "--index", Path("known.hmidx"), Path("upload.jpg"), "--format", "jsonl");
        Assert.Equal(0, jsonCode);
        using (var match = System.Text.Json.JsonDocument.Parse(Assert.Single(json.TrimEnd().Split('\n'))))
        {
            Assert.Equal("3", match.RootElement.GetProperty("entry_id").GetString());
            Assert.Equal("pdq", match.RootElement.GetProperty("method").GetString());
        }

        // The list matched against itself: each entry finds itself by MD5 and by PDQ (and nothing else, for these pictures).
        var (listCode, listOutput, _) = await Run("match", "--index", Path("known.hmidx"), "--hashes", Path("known.tsv"));
        Assert.Equal(0, listCode);
        Assert.Equal(9, listOutput.TrimEnd().Split('\n').Length);

        // No match still exits 0 with only the header.
        File.WriteAllBytes(Path("other.png"), SyntheticImages.Encode(300, 200, 99, SKEncodedImageFormat.Png));
        var (noneCode, none, _) = await Run("match", "--index", Path("known.hmidx"), Path("other.png"), "--max-distance", "0");
        Assert.Equal(0, noneCode);
        Assert.Single(none.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Lint_exits_1_on_errors_and_prints_line_numbered_issues()
    {
        File.WriteAllText(Path("bad.txt"), new string('0', 64) + "\nnot-a-hash\n");
        var (code, stdout, stderr) = await Run("lists", "lint", Path("bad.txt"));
        Assert.Equal(ExitCodes.SomeInputsFailed, code);
        Assert.Contains($"{Path("bad.txt")}:1: warning: ", stdout);
        Assert.Contains($"{Path("bad.txt")}:2: error: ", stdout);
        Assert.Contains("1 errors, 1 warnings", stderr);
    }

    [Fact]
    public async Task Convert_writes_atomically_and_refuses_malformed_input_without_output()
    {
        string hash = Indexing.IndexData.RandomHash(new Random(4)).ToString();
        File.WriteAllText(Path("plain.txt"), $"{hash}\n{hash},80\n");
        var (code, _, err) = await Run("lists", "convert", Path("plain.txt"), "--to", "csv", "--out", Path("out.csv"));
        Assert.True(code == 0, err);
        Assert.Equal($"id,pdq,quality,md5,sha1,sha256,photodna,category,tags,source,note,augmented\n1,{hash},,,,,,,,,,\n2,{hash},80,,,,,,,,,\n", File.ReadAllText(Path("out.csv")));

        File.WriteAllText(Path("broken.txt"), $"{hash}\nbroken\n");
        var (badCode, _, badErr) = await Run("lists", "convert", Path("broken.txt"), "--to", "csv", "--out", Path("never.csv"));
        Assert.Equal(ExitCodes.Failed, badCode);
        Assert.Contains("line 2", badErr);
        Assert.False(File.Exists(Path("never.csv")));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public async Task A_corrupt_index_file_is_a_one_line_error()
    {
        File.WriteAllBytes(Path("bad.hmidx"), [1, 2, 3, 4]);
        var (code, _, stderr) = await Run("match", "--index", Path("bad.hmidx"), "--hashes", Path("missing.txt"));
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("bad.hmidx", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Bench_reports_the_cpu_and_kernels_as_json()
    {
        var (code, stdout, _) = await Run("bench", "--entries", "20000", "--seconds", "0.05", "--json");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Contains("Hamming kernel", json.RootElement.GetProperty("cpu").GetString());
        Assert.True(json.RootElement.GetProperty("mih16_queries_per_second").GetDouble() > 0);
    }
}
