using System.Text.Json;
using HashMatch.Cli;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Cli;

/// <summary>The index commands end to end: build keeps what lists carry, match finds it, info/add/remove/merge/export.</summary>
public sealed class IndexCommandTests : IDisposable
{
    private const string Header = "query\tmethod\tlist\tentry_id\tdistance\tquery_variant\tquery_region\tquery_quality\tentry_quality\tverdict\tinliers\tlocal_crop";

    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-index-cli").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args)
    {
        return await CliRunner.RunAsync(args);
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>A nearly flat grey picture: PDQ quality far below 50, so only its MD5 can find a copy.</summary>
    private static byte[] FlatPng()
    {
        const int Width = 256, Height = 192;
        var rows = new byte[Height * (Width + 1)];
        for (int y = 0; y < Height; y++)
        {
            rows[y * (Width + 1)] = 0; // filter byte
            for (int x = 0; x < Width; x++)
            {
                rows[(y * (Width + 1)) + 1 + x] = (byte)(128 + ((x + y) % 2));
            }
        }

        return PngWriter.Write(Width, Height, 8, 0, rows);
    }

    private static string[] DataLines(string output)
    {
        string[] lines = output.TrimEnd().Split('\n');
        Assert.Equal(Header, lines[0]);
        return lines[1..];
    }

    [Fact]
    public async Task A_byte_identical_copy_of_a_low_quality_known_image_is_reported_by_md5()
    {
        // The workflow of issue 11: hash known/ > known.tsv; index build; match --index k.hmidx uploads/.
        Directory.CreateDirectory(PathOf("known"));
        Directory.CreateDirectory(PathOf("uploads"));
        byte[] flat = FlatPng();
        File.WriteAllBytes(PathOf("known/0-flat.png"), flat);
        File.WriteAllBytes(PathOf("known/1-photo.png"), SyntheticImages.Encode(300, 200, 7, SKEncodedImageFormat.Png));
        File.WriteAllBytes(PathOf("uploads/copy.png"), flat);

        var (hashCode, hashes, _) = await Run("hash", PathOf("known"), "--quiet");
        Assert.Equal(0, hashCode);
        string[] flatLine = hashes.Split('\n')[1].Split('\t');
        Assert.True(int.Parse(flatLine[3], System.Globalization.CultureInfo.InvariantCulture) < 50, $"the flat picture has PDQ quality {flatLine[3]}");
        File.WriteAllText(PathOf("known.tsv"), hashes);

        var (buildCode, _, buildErr) = await Run("index", "build", "--list", PathOf("known.tsv"), "--out", PathOf("k.hmidx"));
        Assert.True(buildCode == 0, buildErr);

        var (matchCode, output, matchErr) = await Run("match", "--index", PathOf("k.hmidx"), PathOf("uploads"));
        Assert.True(matchCode == 0, matchErr);
        string[][] lines = [.. DataLines(output).Select(l => l.Split('\t'))];
        Assert.Equal(2, lines.Length);
        Assert.Equal((PathOf("uploads/copy.png"), "md5", "k", "1", "0", "Match"), (lines[0][0], lines[0][1], lines[0][2], lines[0][3], lines[0][4], lines[0][9]));

        // Its PDQ candidate, at distance 0 but below the quality limit, is printed by name with its verdict (issue 27:
        // nothing within the threshold disappears without a name); --matches-only leaves it out.
        Assert.Equal(("pdq", "1", "0", "QueryLowQuality"), (lines[1][1], lines[1][3], lines[1][4], lines[1][9]));
        Assert.Contains("1 matched", matchErr);
        var (_, matchesOnly, _) = await Run("match", "--index", PathOf("k.hmidx"), PathOf("uploads"), "--matches-only");
        Assert.Equal("md5", Assert.Single(DataLines(matchesOnly)).Split('\t')[1]);
    }

    [Fact]
    public async Task String_ids_list_names_qualities_and_metadata_survive_from_list_to_match_output()
    {
        File.WriteAllBytes(PathOf("known.png"), SyntheticImages.Encode(320, 240, 11, SKEncodedImageFormat.Png));
        var (_, hashes, _) = await Run("hash", PathOf("known.png"), "--quiet");
        string[] known = hashes.Split('\n')[1].Split('\t'); // path md5 pdq quality
        File.WriteAllText(PathOf("known.csv"), $"id,md5,pdq,quality,category\ncase-0-A,{known[1]},{known[2]},{known[3]},A1\ncase-1-B,{new string('0', 32)},,,B2\n");
        var (buildCode, _, buildErr) = await Run("index", "build", "--list", PathOf("known.csv"), "--out", PathOf("k.hmidx"));
        Assert.True(buildCode == 0, buildErr);

        // An exact copy: MD5 first, then PDQ, both naming the list's own id.
        File.Copy(PathOf("known.png"), PathOf("copy.png"));
        var (code, output, err) = await Run("match", "--index", PathOf("k.hmidx"), PathOf("copy.png"));
        Assert.True(code == 0, err);
        string[][] lines = [.. DataLines(output).Select(l => l.Split('\t'))];
        Assert.Equal(["md5", "pdq"], lines.Select(l => l[1]));
        Assert.All(lines, l => Assert.Equal(("k", "case-0-A", known[3]), (l[2], l[3], l[7])));

        // A re-encoded copy matches by PDQ only; JSON lines carry the category from the list, through the index file.
        File.WriteAllBytes(PathOf("reencoded.jpg"), SyntheticImages.Encode(320, 240, 11, SKEncodedImageFormat.Jpeg, quality: 80));
        var (_, json, _) = await Run("match", "--index", PathOf("k.hmidx"), PathOf("reencoded.jpg"), "--format", "jsonl");
        using JsonDocument match = JsonDocument.Parse(Assert.Single(json.TrimEnd().Split('\n')));
        Assert.Equal("case-0-A", match.RootElement.GetProperty("entry_id").GetString());
        Assert.Equal("pdq", match.RootElement.GetProperty("method").GetString());
        Assert.Equal("A1", match.RootElement.GetProperty("metadata").GetProperty("category").GetString());
    }

    [Fact]
    public async Task Build_ends_with_one_summary_line_on_stderr()
    {
        File.WriteAllText(PathOf("a.csv"), $"id,md5,pdq\nA-1,{new string('1', 32)},{new string('a', 64)}\nA-2,{new string('2', 32)},\n");
        var (code, output, error) = await Run("index", "build", "--list", PathOf("a.csv"), "--out", PathOf("a.hmidx"), "--progress", "plain");
        Assert.Equal(0, code);
        Assert.Equal("", output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("index build: 2 entries (1 PDQ, 2 MD5) from 1 list, LinearScan for r = 31, in ", line);
        Assert.EndsWith(PathOf("a.hmidx"), line);
    }

    [Fact]
    public async Task Build_stores_the_structure_asked_for()
    {
        File.WriteAllText(PathOf("a.csv"), $"id,pdq\nA-1,{new string('a', 64)}\nA-2,{new string('b', 64)}\n");
        var (code, _, error) = await Run("index", "build", "--list", PathOf("a.csv"), "--out", PathOf("a.hmidx"), "--structure", "mih-sized");
        Assert.Equal(0, code);
        Assert.Contains("MultiIndexSized for r = 31", error);
        Assert.Contains("  structure   MultiIndexSized\n", (await Run("index", "info", PathOf("a.hmidx"))).Stdout);

        var (badCode, _, badError) = await Run("index", "build", "--list", PathOf("a.csv"), "--out", PathOf("b.hmidx"), "--structure", "tree");
        Assert.Equal(ExitCodes.BadArguments, badCode);
        Assert.Contains("'tree' is not a valid value for --structure (use one of: auto, linear, mih16, mih32, mih-sized)", badError);
        Assert.False(File.Exists(PathOf("b.hmidx")));
    }

    [Fact]
    public async Task Info_prints_what_the_file_holds()
    {
        File.WriteAllText(PathOf("a.csv"), $"id,md5,pdq,quality,category\ncase-0-A,{new string('1', 32)},{new string('a', 64)},90,A1\ncase-1-A,{new string('2', 32)},,,\n");
        Assert.Equal(0, (await Run("index", "build", "--list", PathOf("a.csv"), "--out", PathOf("a.hmidx"))).ExitCode);
        var (code, output, _) = await Run("index", "info", PathOf("a.hmidx"));
        Assert.Equal(0, code);
        Assert.Contains("  version     2\n", output);
        Assert.Contains("  entries     2\n", output);
        Assert.Contains("  lists       a (2)\n", output);
        Assert.Contains("  pdq         1\n", output);
        Assert.Contains("  md5         2\n", output);
        Assert.Contains("  threshold   31\n", output);
        Assert.Contains("  structure   LinearScan\n", output);
        Assert.Contains($"  file size   {new FileInfo(PathOf("a.hmidx")).Length:N0} bytes\n", output);
        Assert.Contains("  checksums   OK (", output);

        // A damaged file is reported and the command exits 1.
        byte[] bytes = File.ReadAllBytes(PathOf("a.hmidx"));
        bytes[^1] ^= 1;
        File.WriteAllBytes(PathOf("bad.hmidx"), bytes);
        var (badCode, _, badErr) = await Run("index", "info", PathOf("a.hmidx"), PathOf("bad.hmidx"));
        Assert.Equal(ExitCodes.SomeInputsFailed, badCode);
        Assert.Contains("bad.hmidx", badErr);
        Assert.Contains("corrupt", badErr);
    }

    [Fact]
    public async Task Add_remove_merge_and_export_keep_ids_and_lists()
    {
        File.WriteAllText(PathOf("a.csv"), $"id,md5,pdq\nA-1,{new string('1', 32)},{new string('a', 64)}\nA-2,{new string('2', 32)},\n");
        File.WriteAllText(PathOf("b.csv"), $"id,md5,pdq\nB-1,{new string('3', 32)},{new string('b', 64)}\nA-2,{new string('4', 32)},\n");
        Assert.Equal(0, (await Run("index", "build", "--list", PathOf("a.csv"), "--out", PathOf("k.hmidx"))).ExitCode);

        var (addCode, _, addErr) = await Run("index", "add", PathOf("k.hmidx"), "--list", PathOf("b.csv"));
        Assert.True(addCode == 0, addErr);
        Assert.Contains("  lists       a (2), b (2)\n", (await Run("index", "info", PathOf("k.hmidx"))).Stdout);

        // Removing by id within one list leaves the other list's entry of that id.
        var (removeCode, _, removeErr) = await Run("index", "remove", PathOf("k.hmidx"), "--id", "A-2", "--list", "a");
        Assert.True(removeCode == 0, removeErr);
        var (missingCode, _, missingErr) = await Run("index", "remove", PathOf("k.hmidx"), "--id", "nope");
        Assert.Equal(ExitCodes.SomeInputsFailed, missingCode);
        Assert.Contains("id not found: nope", missingErr);

        var (exportCode, _, _) = await Run("index", "export", PathOf("k.hmidx"), "--out", PathOf("out.csv"));
        Assert.Equal(0, exportCode);
        string[] exported = File.ReadAllLines(PathOf("out.csv"));
        Assert.Equal(["A-1", "B-1", "A-2"], exported[1..].Select(l => l.Split(',')[0]));
        Assert.Contains(new string('4', 32), exported[3]);

        // The exported list builds an index with the same entries (ids, hashes and qualities together).
        Assert.Equal(0, (await Run("index", "build", "--list", PathOf("out.csv"), "--out", PathOf("again.hmidx"))).ExitCode);
        Assert.Equal(
            HashMatch.Matching.KnownListFile.Load(PathOf("k.hmidx")).GetEntries(),
            HashMatch.Matching.KnownListFile.Load(PathOf("again.hmidx")).GetEntries());

        Assert.Equal(0, (await Run("index", "build", "--list", PathOf("b.csv"), "--out", PathOf("b.hmidx"))).ExitCode);
        var (mergeCode, _, mergeErr) = await Run("index", "merge", PathOf("k.hmidx"), PathOf("b.hmidx"), "--out", PathOf("m.hmidx"));
        Assert.True(mergeCode == 0, mergeErr);
        Assert.Contains("  lists       a (1), b (4)\n", (await Run("index", "info", PathOf("m.hmidx"))).Stdout);

        // Matches report the list each entry came from.
        File.WriteAllText(PathOf("q.csv"), $"md5\n{new string('3', 32)}\n");
        var (_, matches, _) = await Run("match", "--index", PathOf("m.hmidx"), "--hashes", PathOf("q.csv"));
        Assert.All(DataLines(matches), l => Assert.Equal(("b", "B-1"), (l.Split('\t')[2], l.Split('\t')[3])));
        Assert.Equal(2, DataLines(matches).Length);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public async Task A_cropped_copy_is_found_by_the_local_signals_a_hashed_folder_carries_and_the_export_leaves_them_out()
    {
        // The workflow of issue 24: hash --signal local originals/ > known.jsonl; index build; match finds a 10 % crop.
        Directory.CreateDirectory(PathOf("known"));
        using SKBitmap picture = Local.LocalPictures.FoundWhenCut(1)[0];
        File.WriteAllBytes(PathOf("known/original.png"), Local.LocalPictures.Png(picture));
        using (SKBitmap cut = Local.LocalPictures.CutATenth(picture))
        {
            File.WriteAllBytes(PathOf("upload.png"), Local.LocalPictures.Png(cut));
        }

        var (tsvCode, _, tsvError) = await Run("hash", "--signal", "local", PathOf("known"));
        Assert.Equal(ExitCodes.BadArguments, tsvCode);
        Assert.Contains("--format jsonl", tsvError);

        var (hashCode, hashes, _) = await Run("hash", "--signal", "local", "--format", "jsonl", "--quiet", PathOf("known"));
        Assert.Equal(0, hashCode);
        using (JsonDocument record = JsonDocument.Parse(hashes))
        {
            Assert.InRange(Convert.FromBase64String(record.RootElement.GetProperty("local").GetString()!).Length, 24, 1014);
        }

        File.WriteAllText(PathOf("known.jsonl"), hashes);
        var (buildCode, _, buildError) = await Run("index", "build", "--list", PathOf("known.jsonl"), "--out", PathOf("k.hmidx"));
        Assert.True(buildCode == 0, buildError);
        Assert.Contains("1 local signals", buildError);
        var (_, info, _) = await Run("index", "info", PathOf("k.hmidx"));
        Assert.Contains("1 local-feature signals (matched; never exported)", info);

        var (matchCode, matches, _) = await Run("match", "--index", PathOf("k.hmidx"), "--format", "jsonl", "--quiet", PathOf("upload.png"));
        Assert.Equal(0, matchCode);
        using (JsonDocument match = JsonDocument.Parse(matches.Trim().Split('\n').Single(l => l.Contains("\"method\":\"local\"", StringComparison.Ordinal))))
        {
            JsonElement crop = match.RootElement.GetProperty("transform").GetProperty("crop");
            Assert.InRange(crop.GetProperty("left").GetDouble(), (picture.Width / 10) - 12, (picture.Width / 10) + 12);
            Assert.True(match.RootElement.GetProperty("inliers").GetInt32() >= HashMatchDefaults.LocalMinInliers);
        }

        // Triage's hits.tsv gives the same local candidate with its inliers and crop box.
        var (triageCode, _, triageError) = await Run("triage", PathOf("upload.png"), "--index", PathOf("k.hmidx"), "--out", PathOf("case"), "--progress", "none");
        Assert.True(triageCode == 0, triageError);
        var (_, tsv, _) = await Run("match", "--index", PathOf("k.hmidx"), "--quiet", PathOf("upload.png"));
        string[] matchRow = tsv.Split('\n').Single(l => l.Contains("\tlocal\t", StringComparison.Ordinal)).Split('\t');
        string[] hitRow = File.ReadAllLines(PathOf("case/hits.tsv")).Single(l => l.Contains("\tlocal\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(matchRow[^2..], hitRow[^2..]);
        Assert.True(int.Parse(hitRow[^2], System.Globalization.CultureInfo.InvariantCulture) >= HashMatchDefaults.LocalMinInliers);

        var (exportCode, _, exportError) = await Run("index", "export", PathOf("k.hmidx"), "--out", PathOf("out.jsonl"), "--list-format", "jsonl");
        Assert.Equal(0, exportCode);
        Assert.Contains("1 local-feature signals not written", exportError);
        string exported = File.ReadAllText(PathOf("out.jsonl"));
        Assert.Contains("\"md5\"", exported);
        Assert.DoesNotContain("\"local\"", exported);
    }
}
