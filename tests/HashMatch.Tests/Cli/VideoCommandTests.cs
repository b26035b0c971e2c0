using System.Text.Json;
using HashMatch.Cli;
using HashMatch.Tests.Support;
using HashMatch.Tests.Video;
using HashMatch.Video;

namespace HashMatch.Tests.Cli;

/// <summary>The acceptance interface of issue 17: <c>video hash</c> and <c>video match</c> as documented.</summary>
[Trait("Cost", "Integration")]
public sealed class VideoCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-videocli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int ExitCode, string[] Stdout, string Stderr)> Run(params string[] args)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(args);
        return (code, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr);
    }

    [Fact]
    public async Task Vpdq_every_frame_writes_one_reference_layout_file_per_clip()
    {
        string clip = "pattern-sd-with-small-logo-bar";
        var (code, lines, stderr) = await Run("video", "hash", "--algorithm", "vpdq", "--every-frame", "--out", _folder, VideoReference.VideoPath(clip));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("hashed 1 video(s) with vpdq, 0 failed", stderr);
        string written = Path.Combine(_folder, clip + ".txt");
        Assert.Equal($"{VideoReference.VideoPath(clip)}\t{written}", Assert.Single(lines));
        IReadOnlyList<VpdqFrameHash> ours = VpdqFile.Read(written), reference = VpdqFile.Read(VideoReference.ReferenceVpdqPath(clip));
        Assert.Equal(reference.Count, ours.Count);
        Assert.True(ours.Zip(reference).Count(p => p.First.Hash.DistanceTo(p.Second.Hash) <= 10) >= reference.Count * 95 / 100);
    }

    [Fact]
    public async Task Vpdq_samples_one_frame_per_second_by_default()
    {
        var (code, lines, _) = await Run("video", "hash", "--algorithm", "vpdq", "--quiet", VideoReference.VideoPath("doorknob-hd-no-bar"));

        // 120 frames at 30 fps: frames 0, 30, 60, 90 at 0, 1, 2, 3 s.
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(["0", "30", "60", "90"], lines.Select(l => l.Split(',')[0]));
        Assert.Equal(["0.000", "1.000", "2.000", "3.000"], lines.Select(l => l.Split(',')[3]));
        string[] reference = File.ReadAllLines(VideoReference.ReferenceVpdqPath("doorknob-hd-no-bar"));
        Assert.All(lines, l => Assert.Equal(reference[int.Parse(l.Split(',')[0])].Split(',')[1], l.Split(',')[1]));
    }

    [Fact]
    public async Task Tmk_writes_reference_layout_files_and_match_prints_level1_level2_and_match()
    {
        var (code, _, _) = await Run("video", "hash", "--algorithm", "tmk", "--quiet", "--out", _folder,
            VideoReference.VideoPath("chair-19-sd-bar"), VideoReference.VideoPath("pattern-sd-grey-bar"));
        Assert.Equal(ExitCodes.Success, code);
        string ours = Path.Combine(_folder, "chair-19-sd-bar.tmk");
        Assert.Equal(new FileInfo(VideoReference.ReferenceTmkPath("chair-19-sd-bar")).Length, new FileInfo(ours).Length);

        // A .tmk against the reference's .tmk of the same clip, then a video against a .tmk.
        var (same, sameLines, _) = await Run("video", "match", "--algorithm", "tmk", ours, VideoReference.ReferenceTmkPath("chair-19-sd-bar"), "--format", "jsonl");
        Assert.Equal(ExitCodes.Success, same);
        using (JsonDocument json = JsonDocument.Parse(Assert.Single(sameLines)))
        {
            Assert.True(json.RootElement.GetProperty("level1").GetSingle() >= 0.99f);
            Assert.True(json.RootElement.GetProperty("level2").GetSingle() >= 0.99f);
            Assert.True(json.RootElement.GetProperty("match").GetBoolean());
        }

        var (other, otherLines, _) = await Run("video", "match", "--algorithm", "tmk", VideoReference.VideoPath("chair-20-sd-bar"), Path.Combine(_folder, "pattern-sd-grey-bar.tmk"), "--format", "jsonl");
        Assert.Equal(ExitCodes.Success, other);
        using (JsonDocument json = JsonDocument.Parse(Assert.Single(otherLines)))
        {
            Assert.True(json.RootElement.GetProperty("level1").GetSingle() < 0.7f);
            Assert.False(json.RootElement.GetProperty("match").GetBoolean());
        }
    }

    [Fact]
    public async Task Vpdq_match_compares_a_video_with_hash_files_through_the_index()
    {
        var (code, lines, _) = await Run("video", "match", "--algorithm", "vpdq", "--every-frame", VideoReference.VideoPath("pattern-sd-grey-bar"),
            VideoReference.ReferenceVpdqPath("pattern-sd-grey-bar"), VideoReference.ReferenceVpdqPath("chair-19-sd-bar"));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("query\tcompared\tquery_match_percent\tcompared_match_percent\tmatch\tsegments", lines[0]);
        string[] same = lines[1].Split('\t'), chair = lines[2].Split('\t');
        Assert.Equal(("100.00", "100.00", "yes"), (same[2], same[3], same[4]));
        Assert.StartsWith("0.000-", same[5]);
        Assert.Equal("no", chair[4]);
    }

    [Fact]
    public async Task Match_takes_a_video_and_matches_its_frames_against_an_image_hash_index()
    {
        // The index holds the reference hash of doorknob's frame 30 (1 s in, quality 68) and an unrelated pattern frame.
        string[] reference = File.ReadAllLines(VideoReference.ReferenceVpdqPath("doorknob-hd-no-bar"));
        string list = Path.Combine(_folder, "known.txt"), index = Path.Combine(_folder, "known.hmidx");
        File.WriteAllLines(list, [reference[30].Split(',')[2], File.ReadAllLines(VideoReference.ReferenceVpdqPath("pattern-hd-no-bar"))[0].Split(',')[2]]);
        Assert.Equal(ExitCodes.Success, (await Run("index", "build", "--list", list, "--out", index)).ExitCode);

        var (code, lines, _) = await Run("match", "--index", index, VideoReference.VideoPath("doorknob-hd-no-bar"));

        Assert.Equal(ExitCodes.Success, code);
        string[] hits = [.. lines.Skip(1)];
        // Columns: query method list entry_id distance …
        Assert.Contains(hits, l => l.StartsWith($"{VideoReference.VideoPath("doorknob-hd-no-bar")}@1.000s\tpdq\tknown\t1\t", StringComparison.Ordinal));
        Assert.DoesNotContain(hits, l => l.Split('\t')[3] == "2");
    }

    [Fact]
    public async Task Index_build_takes_vpdq_files_and_videos_with_frame_numbers_as_ids()
    {
        string index = Path.Combine(_folder, "frames.hmidx");
        var (code, _, stderr) = await Run("index", "build", "--list", VideoReference.ReferenceVpdqPath("pattern-sd-grey-bar"), VideoReference.VideoPath("doorknob-hd-no-bar"), "--out", index);
        Assert.Equal(ExitCodes.Success, code);

        // Every frame of the vPDQ file (206) and doorknob at one per second (frames 0, 30, 60, 90), each with its quality.
        Assert.Contains("index build: 210 entries (210 PDQ, 0 MD5) from 2 lists", stderr);

        var (matched, lines, summary) = await Run("match", "--index", index, VideoReference.VideoPath("doorknob-hd-no-bar"));
        Assert.Equal(ExitCodes.Success, matched);
        string video = VideoReference.VideoPath("doorknob-hd-no-bar");
        Assert.Contains(lines, l => l.StartsWith($"{video}@1.000s\tpdq\tdoorknob-hd-no-bar\t30\t0\t", StringComparison.Ordinal));

        // Frames 60 and 90 are dark (quality 0): stored, but below the quality limit, so not matches — printed by name
        // with a low-quality verdict (issue 27), never as Match.
        string[] dark = [.. lines.Where(l => l.StartsWith($"{video}@2.000s", StringComparison.Ordinal))];
        Assert.NotEmpty(dark);
        Assert.All(dark, l => Assert.EndsWith("LowQuality", l.Split('\t')[9], StringComparison.Ordinal));
        Assert.Contains("4 queries, 2 matched", summary);
    }

    [Fact]
    public async Task Bad_inputs_are_reported_and_the_run_continues()
    {
        string text = Path.Combine(_folder, "notes.mp4");
        File.WriteAllText(text, "not a video\n");
        var (code, lines, stderr) = await Run("video", "hash", "--algorithm", "tmk", "--out", _folder, text, VideoReference.VideoPath("doorknob-hd-no-bar"));

        Assert.Equal(ExitCodes.SomeInputsFailed, code);
        Assert.Contains($"error: {text}: unsupported format", stderr);
        Assert.Single(lines);
        Assert.True(File.Exists(Path.Combine(_folder, "doorknob-hd-no-bar.tmk")));

        var (noOut, _, noOutError) = await Run("video", "hash", "--algorithm", "tmk", VideoReference.VideoPath("doorknob-hd-no-bar"));
        Assert.Equal(ExitCodes.BadArguments, noOut);
        Assert.Contains("--out", noOutError);

        var (badAlgorithm, _, _) = await Run("video", "hash", "--algorithm", "md5", VideoReference.VideoPath("doorknob-hd-no-bar"));
        Assert.Equal(ExitCodes.BadArguments, badAlgorithm);
    }

    [Fact]
    public async Task Videos_that_would_write_the_same_hash_file_are_refused_before_any_is_hashed()
    {
        // Issue 22, item 10d: a.mp4 and a.mkv both map to OUT/a.txt; the second used to overwrite the first silently.
        string mp4 = SyntheticVideos.Generate(Path.Combine(_folder, "a.mp4"), "64x48", 10, 1, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        string mkv = SyntheticVideos.Generate(Path.Combine(_folder, "a.mkv"), "64x48", 10, 1, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        string output = Path.Combine(_folder, "out");
        foreach (string algorithm in (string[])["vpdq", "tmk"])
        {
            var (code, lines, stderr) = await Run("video", "hash", "--algorithm", algorithm, "--out", output, mp4, mkv);
            Assert.Equal(ExitCodes.BadArguments, code);
            Assert.Empty(lines);
            Assert.Contains(mp4, stderr);
            Assert.Contains(mkv, stderr);
            Assert.Contains("nothing was hashed", stderr);
            Assert.False(Directory.Exists(output));
        }

        // Different letter case collides too (as it does on Windows and macOS); distinct names are fine.
        string upper = Path.Combine(_folder, "A.webm");
        File.Copy(mkv, upper);
        var (caseCode, _, _) = await Run("video", "hash", "--algorithm", "vpdq", "--out", output, mp4, upper);
        Assert.Equal(ExitCodes.BadArguments, caseCode);
        string b = Path.Combine(_folder, "b.mkv");
        File.Move(mkv, b);
        var (fine, written, _) = await Run("video", "hash", "--algorithm", "vpdq", "--quiet", "--out", output, mp4, b);
        Assert.Equal(ExitCodes.Success, fine);
        Assert.Equal(2, written.Length);
        Assert.True(File.Exists(Path.Combine(output, "a.txt")));
        Assert.True(File.Exists(Path.Combine(output, "b.txt")));
    }
}
