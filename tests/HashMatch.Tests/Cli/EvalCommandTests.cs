using HashMatch.Cli;
using HashMatch.Evaluation;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Cli;

[Trait("Cost", "Slow")]
public sealed class EvalCommandTests
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args)
    {
        return await CliRunner.RunAsync(args);
    }

    [Fact]
    public async Task A_small_run_prints_the_tables_and_writes_the_report()
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-eval").FullName;
        try
        {
            string readme = Path.Combine(folder, "README.md");
            File.WriteAllText(readme, $"# Title\n{SummaryMarkdown.BeginMarker}\nold\n{SummaryMarkdown.EndMarker}\ntail\n");
            var (code, stdout, stderr) = await Run("eval", "--originals", "10", "--per-original", "2", "--seed", "3", "--out", Path.Combine(folder, "report"), "--readme", readme, "--quiet");
            Assert.True(code == ExitCodes.Success, stderr);
            Assert.Contains("seed 3, 10 originals", stdout);
            Assert.Contains("False positives", stdout);
            foreach (string file in new[] { "result.json", "fnr.csv", "fpr.csv", "summary.md", "roc.png", "roc.svg", "histogram.png", "recall.svg", "index.html" })
            {
                Assert.True(new FileInfo(Path.Combine(folder, "report", file)).Length > 0, file);
            }

            string updated = File.ReadAllText(readme);
            Assert.DoesNotContain("\nold\n", updated);
            Assert.Contains("10 originals, seed 3", updated);
            Assert.EndsWith($"{SummaryMarkdown.EndMarker}\ntail\n", updated);
            Assert.Empty(Directory.GetFiles(folder, "*.tmp*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Progress_lines_off_a_terminal_count_real_work_and_the_run_ends_with_a_one_line_summary()
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-eval-progress").FullName;
        try
        {
            // A StringWriter is not a terminal: progress comes as lines, as in CI or a log.
            var (code, _, stderr) = await Run("eval", "--originals", "10", "--per-original", "1", "--out", Path.Combine(folder, "report"));
            Assert.True(code == ExitCodes.Success, stderr);
            string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal("eval: synthetic corpus, 10 originals, seed 1, 1 copies each", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("eval: hashing originals and their copies: 0/10 originals (0 %)", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("eval: hashing originals and their copies: 10/10 originals (100 %)", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("eval: comparing pairs of originals: 45/45 pairs (100 %)", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("eval: cross-checking close pairs with HashIndex: 10/10 originals queried (100 %)", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(" 0/1 ", StringComparison.Ordinal) || l.Contains(" 1/1 ", StringComparison.Ordinal));
            Assert.StartsWith("eval: done: 10 originals, 10 copies, 45 pairs in ", lines[^1]);
            Assert.Contains("at threshold 31: FNR ", lines[^1]);
            Assert.EndsWith($"report: {Path.Combine(folder, "report", "index.html")} ({Directory.GetFiles(Path.Combine(folder, "report"), "*", SearchOption.AllDirectories).Length} files)", lines[^1]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--thresholds", "31,abc")]
    [InlineData("--transforms", "jpeg,sepia")]
    [InlineData("--originals", "1")]
    public async Task Bad_arguments_exit_2_with_a_one_line_error(string option, string value)
    {
        var (code, _, stderr) = await Run("eval", option, value, "--quiet");
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.StartsWith("error: ", stderr);
    }

    [Fact]
    public async Task A_missing_images_folder_is_reported_and_nothing_is_written()
    {
        string output = Path.Combine(Path.GetTempPath(), "hashmatch-eval-missing-" + Guid.NewGuid());
        var (code, _, stderr) = await Run("eval", "--images", "/nonexistent/folder", "--out", output, "--quiet");
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("/nonexistent/folder", stderr);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task The_users_own_images_can_be_the_originals()
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-eval-images").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "pictures", "nested"));
            for (int i = 0; i < 5; i++)
            {
                string name = Path.Combine(folder, "pictures", i % 2 == 0 ? "nested" : ".", $"{i}.png");
                File.WriteAllBytes(name, Support.SyntheticImages.Encode(160 + (i * 10), 120, 70 + i, SkiaSharp.SKEncodedImageFormat.Png));
            }

            File.WriteAllText(Path.Combine(folder, "pictures", "notes.txt"), "not an image");
            var (code, stdout, stderr) = await Run("eval", "--images", Path.Combine(folder, "pictures"), "--per-original", "2", "--out", Path.Combine(folder, "report"), "--quiet");
            Assert.True(code == ExitCodes.Success, stderr);
            Assert.Contains("5 originals (" + Path.Combine(folder, "pictures") + ")", stdout);
            Assert.Contains("10 copies, 10 pairs", stdout);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
