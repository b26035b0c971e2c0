using HashMatch.Hashing;
using HashMatch.Imaging;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Pdq;
using HashMatch.Tests.Indexing;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Matching;

public sealed class HashMatcherTests
{
    private static readonly PdqHash Stored = IndexData.RandomHash(new Random(5));

    private static HashMatcher Matcher(KnownListOptions? options = null, int? entryQuality = 100, ExactHash? md5 = null) =>
        new([KnownList.Create("known", [new ListEntry { Id = "42", Pdq = Stored, Md5 = md5, Quality = entryQuality }], options)]);

    [Theory]
    [InlineData(31, true)]
    [InlineData(32, false)]
    public void Distance_exactly_at_the_threshold_matches_and_one_more_does_not(int bits, bool matches)
    {
        PdqHash query = IndexData.Near(Stored, bits, new Random(bits));
        MatchReport report = Matcher().MatchHashes("q", null, new PdqHashResult(query, 100));
        Assert.Equal(matches, report.IsMatch);
        if (matches)
        {
            MatchCandidate match = Assert.Single(report.Candidates);
            Assert.Equal(("known", "42", MatchMethod.Pdq, bits, QueryVariant.Original, 100, 100), (match.List, match.EntryId, match.Method, match.Distance, match.Variant, match.QueryQuality!.Value, match.EntryQuality!.Value));
        }
        else
        {
            Assert.Empty(report.Candidates);
        }
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(0, 0)]
    [InlineData(64, 64)]
    public void The_threshold_is_per_list(int threshold, int bits)
    {
        PdqHash query = IndexData.Near(Stored, bits, new Random(3));
        var strict = KnownList.Create("strict", [new ListEntry { Id = "1", Pdq = Stored }], new KnownListOptions { MaxDistance = threshold - 1 < 0 ? 0 : threshold - 1 });
        var loose = KnownList.Create("loose", [new ListEntry { Id = "2", Pdq = Stored }], new KnownListOptions { MaxDistance = threshold });
        MatchReport report = new HashMatcher([strict, loose]).MatchHashes("q", null, new PdqHashResult(query, 100));
        Assert.Contains(report.Matches, m => m.List == "loose");
        Assert.Equal(threshold == 0, report.Matches.Any(m => m.List == "strict"));
    }

    [Theory]
    [InlineData(49, 100, MatchVerdict.QueryLowQuality)]
    [InlineData(50, 100, MatchVerdict.Match)]
    [InlineData(100, 49, MatchVerdict.EntryLowQuality)]
    [InlineData(100, 50, MatchVerdict.Match)]
    [InlineData(100, null, MatchVerdict.Match)]
    public void Quality_limits_report_low_quality_candidates_instead_of_dropping_them(int queryQuality, int? entryQuality, MatchVerdict expected)
    {
        MatchReport report = Matcher(entryQuality: entryQuality).MatchHashes("q", null, new PdqHashResult(Stored, queryQuality));
        MatchCandidate candidate = Assert.Single(report.Candidates);
        Assert.Equal(expected, candidate.Verdict);
        Assert.Equal(expected == MatchVerdict.Match, report.IsMatch);
    }

    [Fact]
    public void Md5_matches_even_when_the_image_cannot_be_decoded()
    {
        byte[] notAnImage = [.. Enumerable.Range(0, 500).Select(i => (byte)(i * 7))];
        HashMatcher matcher = Matcher(md5: ExactHash.Compute(ExactHashAlgorithm.Md5, notAnImage));
        MatchReport report = matcher.MatchEncoded(notAnImage, "upload.bin");
        Assert.NotNull(report.Error);
        Assert.Null(report.Pdq);
        MatchCandidate match = Assert.Single(report.Matches);
        Assert.Equal((MatchMethod.Md5, "42", 0), (match.Method, match.EntryId, match.Distance));
    }

    [Fact]
    public void Md5_match_comes_first_and_the_pdq_match_follows()
    {
        byte[] png = SyntheticImages.Encode(200, 150, 8, SKEncodedImageFormat.Png);
        ImageHashes hashes = ImageHasher.Default.HashEncoded(png);
        var list = KnownList.Create("known", [new ListEntry { Id = "7", Pdq = hashes.Pdq.Hash, Md5 = hashes.Exact.Md5, Quality = hashes.Pdq.Quality }]);
        MatchReport report = new HashMatcher([list]).MatchEncoded(png, "copy.png");
        Assert.Equal([MatchMethod.Md5, MatchMethod.Pdq], report.Matches.Select(m => m.Method));
        Assert.All(report.Matches, m => Assert.Equal("7", m.EntryId));
    }

    /// <summary>
    /// A stored image is found in each of its eight orientations, and the report names the variant of the query
    /// that matched (the inverse of the turn applied). At 320×320 PDQ's dihedral hashes are exact (see DihedralTests).
    /// </summary>
    [Theory]
    [InlineData(320, 320, 0)]
    [InlineData(640, 480, 31)]
    public void Dihedral_matching_finds_all_eight_orientations(int width, int height, int maxDistance)
    {
        using SKBitmap bitmap = SyntheticImages.Draw(width, height, 21, blurSigma: Math.Max(width, height) / 100f);
        byte[] rgba = bitmap.Bytes;
        PdqHashResult original = PdqHasher.Hash(new PixelBuffer(rgba, width, height, PixelFormat.Rgba32));
        var dihedral = new HashMatcher([KnownList.Create("known", [new ListEntry { Id = "1", Pdq = original.Hash, Quality = original.Quality }], new KnownListOptions { Variants = QueryVariants.PixelDihedral })]);
        foreach (PdqVariant turn in Enum.GetValues<PdqVariant>())
        {
            var (pixels, w, h) = PixelTransforms.Apply(rgba, width, height, 4, turn);
            MatchReport report = dihedral.MatchPixels(new PixelBuffer(pixels, w, h, PixelFormat.Rgba32), turn.ToString());
            MatchCandidate match = Assert.Single(report.Matches);
            Assert.Equal(QueryVariant.Turned(Inverse(turn)), match.Variant);
            Assert.InRange(match.Distance, 0, maxDistance);
        }
    }

    [Fact]
    public async Task Batch_matching_reports_every_file_in_input_order_with_progress()
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-batch").FullName;
        try
        {
            var paths = new List<string>();
            for (int i = 0; i < 9; i++)
            {
                string path = Path.Combine(folder, $"{i}.png");
                File.WriteAllBytes(path, i == 4 ? [1, 2, 3] : SyntheticImages.Encode(120 + i, 100, i, SKEncodedImageFormat.Png));
                paths.Add(path);
            }

            ImageHashes known = ImageHasher.Default.HashFile(paths[6]);
            var matcher = new HashMatcher([KnownList.Create("known", [new ListEntry { Id = "6", Pdq = known.Pdq.Hash, Md5 = known.Exact.Md5, Quality = known.Pdq.Quality }])]);
            var seen = new List<int>();
            var progress = new SynchronousProgress(seen.Add);
            var reports = new List<MatchReport>();
            await foreach (MatchReport report in matcher.MatchFilesAsync(paths, progress, maxParallelism: 2, TestContext.Current.CancellationToken))
            {
                reports.Add(report);
            }

            Assert.Equal(paths, reports.Select(r => r.Input));
            Assert.Equal(Enumerable.Range(1, 9), seen);
            Assert.NotNull(reports[4].Error);
            Assert.True(reports[6].IsMatch);
            Assert.Equal(1, reports.Count(r => r.IsMatch));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Cancelling_a_batch_stops_it_and_waits_for_the_files_in_flight()
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-cancel").FullName;
        try
        {
            string[] paths = [.. Enumerable.Range(0, 12).Select(i =>
            {
                string path = Path.Combine(folder, $"{i}.png");
                File.WriteAllBytes(path, SyntheticImages.Encode(200, 150, 60 + i, SKEncodedImageFormat.Png));
                return path;
            })];
            var matcher = new HashMatcher([KnownList.Create("known", [new ListEntry { Id = "1", Pdq = Stored }])]);
            using var cancel = new CancellationTokenSource();
            int seen = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (MatchReport report in matcher.MatchFilesAsync(paths, null, maxParallelism: 2, cancel.Token))
                {
                    seen++;
                    cancel.Cancel();
                }
            });
            Assert.Equal(1, seen);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static PdqVariant Inverse(PdqVariant turn) => turn switch
    {
        PdqVariant.Rotate90 => PdqVariant.Rotate270,
        PdqVariant.Rotate270 => PdqVariant.Rotate90,
        _ => turn,
    };

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
