using HashMatch.Fuzz.Targets;
using HashMatch.Hashing;
using HashMatch.Indexing;
using HashMatch.Lists;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Fuzzing;

/// <summary>
/// Replays what the fuzzers found (testdata/fuzz/regressions/&lt;target&gt;/, where fuzz/run.sh copies every crash
/// and hang afl-fuzz saves) through the same targets, and checks that the seeds are what they claim: every image
/// seed hashes, every list seed reads without errors, every index seed loads.
/// </summary>
public sealed class FuzzRegressionTests
{
    public static TheoryData<string, string> Regressions
    {
        get
        {
            var rows = new TheoryData<string, string>();
            foreach (string target in FuzzTarget.All.Keys)
            {
                string folder = TestData.Path($"fuzz/regressions/{target}");
                foreach (string file in Directory.Exists(folder) ? Directory.GetFiles(folder).Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
                {
                    rows.Add(target, Path.GetFileName(file));
                }
            }

            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public void A_fuzzing_finding_keeps_the_contract(string target, string file)
    {
        byte[] input = File.ReadAllBytes(TestData.Path($"fuzz/regressions/{target}/{file}"));
        string? failure = MutationCampaign.RunOne(FuzzTarget.All[target], input, long.MaxValue, out _, out _);
        Assert.True(failure is null, $"{target}/{file}: {failure}");
    }

    [Fact]
    public void Every_image_seed_hashes()
    {
        string[] seeds = MutationCampaign.Seeds("decoder");
        Assert.True(seeds.Length >= 30);
        var formats = new HashSet<string>();
        foreach (string seed in seeds)
        {
            ImageHashes hashes = ImageHasher.Default.HashFile(seed);
            formats.Add(hashes.EncodedFormat);
            Assert.True(hashes.Width > 0, seed);
        }

        Assert.Equal(["bmp", "gif", "ico", "jpeg", "png", "webp"], formats.Order(StringComparer.Ordinal));
        Assert.Equal(3, ImageHasher.Default.HashFile(TestData.Path("fuzz/seeds/decoder/animated.gif")).FrameCount);
        Assert.True(ImageHasher.Default.HashFile(TestData.Path("fuzz/seeds/decoder/animated.webp")).FrameCount > 1);
        Assert.True(HashMatch.Imaging.JpegStructure.Read(File.ReadAllBytes(TestData.Path("fuzz/seeds/decoder/progressive.jpg"))).Progressive);
    }

    [Fact]
    public void Every_list_seed_reads_without_errors_and_every_layout_has_one()
    {
        var layouts = new HashSet<ListFormat>();
        foreach (string seed in MutationCampaign.Seeds("lists"))
        {
            ListContents contents = ListReader.Read(seed, collectErrors: true);
            Assert.True(contents.Errors.Count == 0, $"{seed}: {string.Join("; ", contents.Errors)}");
            Assert.NotEmpty(contents.Entries);
            layouts.Add(contents.Format);
        }

        Assert.Equal(Enum.GetValues<ListFormat>().Where(f => f != ListFormat.Auto).Order(), layouts.Order());
    }

    [Fact]
    public void Every_local_signal_seed_reads_and_most_hold_features()
    {
        string[] seeds = MutationCampaign.Seeds("local");
        Assert.True(seeds.Length >= 5);
        int[] counts = [.. seeds.Select(s => HashMatch.Local.LocalSignal.Parse(File.ReadAllBytes(s), s).FeatureCount)];
        Assert.True(counts.Count(c => c > 0) >= 4, $"feature counts {string.Join(", ", counts)}");
    }

    [Fact]
    public void Every_index_seed_loads()
    {
        foreach (string seed in MutationCampaign.Seeds("index"))
        {
            Assert.Equal(seed.Contains("empty", StringComparison.Ordinal) ? 0 : 5, HashIndexFile.Load(seed).Count);
        }
    }
}
