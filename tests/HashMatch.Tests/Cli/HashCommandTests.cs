using System.Text.Json;
using HashMatch.Cli;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Cli;

public sealed class HashCommandTests
{
    private static async Task<(int ExitCode, string[] Stdout, string Stderr)> Run(params string[] args)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(args);
        return (code, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr);
    }

    private static string ReferenceImages => TestData.Path(Path.Combine("pdq-reference", "images"));

    [Fact]
    public async Task Hashes_a_directory_recursively_as_tsv_matching_the_reference()
    {
        var (code, lines, _) = await Run("hash", "--quiet", ReferenceImages);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("path\tmd5\tpdq\tquality", lines[0]);
        Assert.Equal(ReferenceVectors.Files.Count, lines.Length - 1);
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split('\t');
            string relative = Path.GetRelativePath(ReferenceImages, f[0]).Replace('\\', '/');
            ReferenceRow expected = ReferenceVectors.Files.Single(r => r.File == relative);
            Assert.Equal(ExactHash.Compute(ExactHashAlgorithm.Md5, File.ReadAllBytes(f[0])).ToString(), f[1]);
            if (relative != "pytx-resources/I16.png")
            {
                Assert.Equal(expected[PdqVariant.Original].ToString(), f[2]);
                Assert.Equal(expected.Quality.ToString(), f[3]);
            }
        }

        // Ordinal path order, whatever the file system returns.
        Assert.Equal(lines.Skip(1).Select(l => l.Split('\t')[0]).Order(StringComparer.Ordinal), lines.Skip(1).Select(l => l.Split('\t')[0]));
    }

    [Fact]
    public async Task Dihedral_adds_seven_columns_in_reference_order()
    {
        string file = Path.Combine(ReferenceImages, "reg-test-input", "dih", "bridge-1-original.jpg");
        // --scaled-decode only reduces images of at least 2048 a side: this 1600×1004 photo is decoded exactly.
        var (code, lines, _) = await Run("hash", "--quiet", "--scaled-decode", "--dihedral", file);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("path\tmd5\tpdq\tquality\tpdq_rot90\tpdq_rot180\tpdq_rot270\tpdq_flipx\tpdq_flipy\tpdq_flipplus1\tpdq_flipminus1", lines[0]);
        ReferenceRow expected = ReferenceVectors.Files.Single(r => r.File == "reg-test-input/dih/bridge-1-original.jpg");
        Assert.Equal(expected.Hashes.Select(h => h.ToString()), lines[1].Split('\t').Skip(2).Where((_, i) => i != 1));
    }

    [Fact]
    public async Task Jsonl_gives_one_object_per_file()
    {
        string file = Path.Combine(ReferenceImages, "misc-images", "wee.jpg");
        var (code, lines, _) = await Run("hash", "--quiet", "--format", "jsonl", file);

        Assert.Equal(ExitCodes.Success, code);
        var record = Assert.Single(lines);
        using var json = JsonDocument.Parse(record);
        Assert.Equal("6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d", json.RootElement.GetProperty("pdq").GetString());
        Assert.Equal(100, json.RootElement.GetProperty("quality").GetInt32());
        Assert.Equal(34, json.RootElement.GetProperty("width").GetInt32());
    }

    [Fact]
    public async Task A_failing_file_is_reported_and_the_run_continues_with_exit_code_1()
    {
        string good = Path.Combine(ReferenceImages, "misc-images", "wee.jpg");
        string bad = Path.Combine(Path.GetTempPath(), $"hashmatch-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(bad, File.ReadAllBytes(good)[..200], TestContext.Current.CancellationToken);
        try
        {
            var (code, lines, stderr) = await Run("hash", bad, good);

            Assert.Equal(ExitCodes.SomeInputsFailed, code);
            Assert.Equal(2, lines.Length);
            Assert.StartsWith(good + "\t", lines[1]);
            Assert.Contains($"error: {bad}: truncated", stderr);
            Assert.Contains("hashed 1 file(s), 1 failed", stderr);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Theory]
    [InlineData("hash")]
    [InlineData("hash", "--bogus")]
    [InlineData("hash", "--format", "xml", "a.jpg")]
    [InlineData("hash", "--parallel", "0", "a.jpg")]
    [InlineData("frobnicate")]
    public async Task Bad_arguments_exit_with_2(params string[] args)
    {
        var (code, _, stderr) = await Run(args);
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("error", stderr);
    }
}
