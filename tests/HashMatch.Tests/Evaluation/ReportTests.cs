using HashMatch.Evaluation;
using HashMatch.Tests.Indexing;

namespace HashMatch.Tests.Evaluation;

/// <summary>What the report says and how it draws it, on small runs and hand-made results.</summary>
[Trait("Cost", "Slow")]
public sealed class ReportTests
{
    private static readonly EvaluationResult SmallRun = EvaluationRunner.RunAsync(new EvaluationOptions { Originals = 40, TransformsPerOriginal = 3, Seed = 5 }).GetAwaiter().GetResult();

    [Fact]
    public void A_finished_run_s_curve_reads_back_from_its_csv_files()
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-curve-").FullName;
        try
        {
            ReportWriter.Write(SmallRun, folder, "hashmatch eval");
            IReadOnlyList<EvaluationCurvePoint> curve = EvaluationCurve.Read(folder);
            Assert.Equal(SmallRun.Thresholds.Order(), curve.Select(p => p.Threshold));
            double copies = SmallRun.Transforms.Sum(r => r.Copies);
            foreach (var (point, i) in curve.Select((p, i) => (p, SmallRun.Thresholds.ToList().IndexOf(p.Threshold))))
            {
                Assert.Equal(SmallRun.Transforms.Sum(r => r.Copies * (1 - r.Fnr[i])) / copies, point.Found, 12);
                Assert.Equal(SmallRun.FalsePositives.Single(r => r.Threshold == point.Threshold && r.Matching == MatchingMode.Plain && !r.QualityLimited).Rate, point.FalseMatchRate, 15);
            }

            // Not an evaluation's files: each refusal names the file.
            File.WriteAllText(Path.Combine(folder, "fnr.csv"), "transform,kind,parameter,copies,median_distance\njpeg 30,jpeg,30,10,4\n");
            Assert.Equal(HashMatchErrorReason.Malformed, Assert.Throws<HashMatchException>(() => EvaluationCurve.Read(folder)).Reason);
            File.Delete(Path.Combine(folder, "fpr.csv"));
            HashMatchException missing = Assert.Throws<HashMatchException>(() => EvaluationCurve.Read(folder));
            Assert.Contains("fpr.csv", missing.Message + missing.Input);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_page_has_real_tables_and_no_markdown_in_pre()
    {
        string html = ReportHtml.Render(SmallRun, "hashmatch eval --originals 40");
        Assert.DoesNotContain("<pre", html);
        Assert.DoesNotContain("|---", html);
        Assert.DoesNotContain("**", html);
        foreach (string id in new[] { "fnr-table", "fpr-table", "quality-table", "family-table" })
        {
            Assert.Contains($"<table class=\"sortable\" id=\"{id}\">", html);
        }

        // One row per (transform, strength) measured, one per (threshold, matching).
        Assert.Equal(SmallRun.Transforms.Count, RowsOf(html, "fnr-table"));
        Assert.Equal(SmallRun.Thresholds.Count * 3, RowsOf(html, "fpr-table")); // plain, all variants, list-side crops

        // Parameters and machine, links to the data, every recall panel, the caveat next to the operator's figure.
        Assert.Contains(SmallRun.Machine, html);
        Assert.Contains("hashmatch eval --originals 40", html);
        foreach (string file in new[] { "result.json", "fnr.csv", "fpr.csv", "close-pairs.csv" })
        {
            Assert.Contains($"href=\"{file}\"", html);
        }

        foreach (string kind in SmallRun.Transforms.Select(r => r.Kind).Distinct())
        {
            Assert.Contains($"src=\"recall-{kind}.svg\"", html);
        }

        Assert.Contains("class=\"caveat\"><strong>Operator's figure:</strong>", html);
        Assert.DoesNotContain("<script src", html); // nothing fetched: the page works offline
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
    }

    [Fact]
    public async Task A_local_run_reports_the_signal_as_a_matching_mode_with_its_roc_rates_recall_and_false_pairs()
    {
        EvaluationResult run = await EvaluationRunner.RunAsync(
            new EvaluationOptions { Originals = 60, TransformsPerOriginal = 2, Seed = 1, Local = true, Transforms = [TransformKind.SideCrop, TransformKind.Sticker] },
            cancellationToken: TestContext.Current.CancellationToken);
        LocalResult local = run.Local!;
        string folder = Directory.CreateTempSubdirectory("hashmatch-local-report-").FullName;
        try
        {
            IReadOnlyList<string> files = ReportWriter.Write(run, folder, "hashmatch eval --local");
            Assert.Contains(Path.Combine(folder, "roc-local.svg"), files);
            string html = File.ReadAllText(Path.Combine(folder, "index.html"));
            Assert.Contains("<a href=\"#local\">Local features</a>", html);
            Assert.Contains("src=\"roc-local.svg\"", html);
            Assert.Equal(local.Thresholds.Count, RowsOf(html, "local-fpr-table"));
            Assert.Equal(local.Transforms.Count, RowsOf(html, "local-recall-table"));

            // Every matched pair of distinct originals at the lowest threshold, in the CSV and (up to the cap) the page;
            // the run's designed near-duplicates match, and are marked excluded.
            string[] csv = File.ReadAllLines(Path.Combine(folder, "local-false-pairs.csv"));
            Assert.Equal("a,b,name_a,name_b,inliers,excluded", csv[0]);
            Assert.Equal(local.FalsePairs.Count, csv.Length - 1);
            Assert.Equal(local.FalsePositives[0].FalseMatches, local.FalsePairs.Count);
            Assert.Equal(local.FalsePositives[0].FalseMatches - local.FalsePositives[0].UnrelatedFalseMatches, local.FalsePairs.Count(p => p.Excluded));
            Assert.Equal(Math.Min(local.FalsePairs.Count, ReportHtml.MaxListedPairs), local.FalsePairs.Count == 0 ? 0 : RowsOf(html, "local-pairs-table"));
            Assert.True(local.FalsePairs.Zip(local.FalsePairs.Skip(1)).All(p => p.First.Inliers >= p.Second.Inliers));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int RowsOf(string html, string id)
    {
        int start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        int end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        string body = html[html.IndexOf("<tbody>", start, StringComparison.Ordinal)..end];
        return body.Split("<tr>").Length - 1;
    }

    [Fact]
    public void Strength_axes_use_each_transforms_own_unit_and_run_from_mild_to_severe()
    {
        StrengthAxis resize = StrengthAxis.For(TransformKind.Resize);
        Assert.Equal(StrengthScale.Log, resize.Scale);
        Assert.Equal(1, resize.Unchanged);
        Assert.Equal(Math.Log10(0.25), resize.Position(0.25), 12);
        Assert.Equal("0.25×", resize.Format(0.25));

        // JPEG quality and screenshot cover: larger is milder, so the axes run right to left.
        Assert.True(StrengthAxis.For(TransformKind.Jpeg).Reversed);
        Assert.True(StrengthAxis.For(TransformKind.Screenshot).Reversed);
        Assert.False(StrengthAxis.For(TransformKind.Crop).Reversed);
        Assert.Equal("5 %", StrengthAxis.For(TransformKind.Crop).Format(0.05));
        Assert.Equal("−30", StrengthAxis.For(TransformKind.Brightness).Format(-30));
        Assert.Equal(0, StrengthAxis.For(TransformKind.Brightness).Unchanged);
        Assert.Equal(1, StrengthAxis.For(TransformKind.Gamma).Unchanged);

        // Turns, flips and grayscale are levels, not magnitudes.
        foreach (TransformKind kind in new[] { TransformKind.QuarterTurn, TransformKind.Flip, TransformKind.Grayscale })
        {
            Assert.Equal(StrengthScale.Categories, StrengthAxis.For(kind).Scale);
        }

        Assert.Equal("top-bottom", StrengthAxis.For(TransformKind.Flip).Format(1));
        Assert.All(Enum.GetValues<TransformKind>(), k => Assert.NotEqual("strength", StrengthAxis.For(k).Label));
    }

    [Fact]
    public void Log_ticks_are_labelled_as_powers_of_ten()
    {
        Assert.Equal("10⁻⁶", LogTicks.PowerOfTen(-6));
        Assert.Equal("10⁻¹⁵", LogTicks.PowerOfTen(-15));
        Assert.Equal("1", LogTicks.PowerOfTen(0));
        Assert.Equal("10²", LogTicks.PowerOfTen(2));
    }

    [Fact]
    public void The_operator_figure_comes_from_the_rate_without_the_excluded_pairs()
    {
        // 10 false pairs of 1,000,000, 8 of them designed near-duplicates: the figure uses 2 / 999,990.
        FalsePositiveRow row = ErrorRates.FalsePositive(31, MatchingMode.Plain, false, falseMatches: 10, pairs: 1_000_000, listSizes: [1000], unrelatedFalseMatches: 2, unrelatedPairs: 999_990);
        OperatorFigure figure = row.UnrelatedPerMillionUploads[0];
        Assert.Equal(2 / 999_990.0 * 1000 * 1e6, figure.Expected, 6);
        Assert.Equal(row.UnrelatedHigh * 1000 * 1e6, figure.UpperBound, 6);
        Assert.True(figure.IsInformative);
        Assert.Equal(10 / 1e6 * 1000 * 1e6, row.PerMillionUploads[0].Expected, 6); // the all-pairs figure stays in the CSV
        Assert.StartsWith("2,000 (", NumberText.Operator(figure));
    }

    [Fact]
    public void A_sample_too_small_to_bound_the_figure_says_so_instead_of_printing_the_bound()
    {
        // 50 user images: 1,225 pairs, none false. The bound, 3.0e-3, times 10⁷ hashes is 30,000 false matches per
        // upload: no information. The figure says how many pairs it would take instead.
        FalsePositiveRow row = ErrorRates.FalsePositive(31, MatchingMode.Plain, false, 0, 1225, [10_000_000], 0, 1225);
        OperatorFigure figure = row.UnrelatedPerMillionUploads[0];
        Assert.False(figure.IsInformative);
        Assert.Equal(BinomialInterval.PairsToBoundBelow(1e-7), figure.PairsNeeded);
        Assert.Equal("too few pairs (needs 36,888,793)", NumberText.Operator(figure));

        // Enough pairs, none false: a bound below one per upload is shown.
        FalsePositiveRow large = ErrorRates.FalsePositive(31, MatchingMode.Plain, false, 0, 40_000, [10_000], 0, 40_000);
        Assert.True(large.UnrelatedPerMillionUploads[0].IsInformative);
        Assert.StartsWith("0 (", NumberText.Operator(large.UnrelatedPerMillionUploads[0]));
    }

    [Fact]
    public void Pairs_needed_is_the_smallest_sample_whose_zero_bound_is_below_the_rate()
    {
        foreach (double rate in new[] { 1e-2, 1e-4, 1e-6, 1e-7 })
        {
            long n = BinomialInterval.PairsToBoundBelow(rate);
            Assert.True(BinomialInterval.Of(0, n).High < rate, $"{rate}: {n}");
            Assert.True(BinomialInterval.Of(0, n - 1).High >= rate, $"{rate}: {n - 1}");
            Assert.InRange(n * rate, 3.68, 3.70); // −ln 0.025 = 3.689
        }
    }

    [Fact]
    public void Close_pairs_are_collected_in_the_pass_over_all_pairs_with_progress_in_pairs()
    {
        var random = new Random(3);
        PdqHash a = IndexData.RandomHash(random), far = IndexData.RandomHash(random);
        PdqHash near = IndexData.Near(a, 10, random);
        var close = new List<PairDistance>();
        var progress = new List<long>();
        OriginalRecord[] originals = [new("test", [a], [], 100), new("test", [far], [], 100), new("test", [near], [], 100)];
        PairwiseDistances.Count(originals, 1, TestContext.Current.CancellationToken, closeLimit: 31, close, progress.Add);
        Assert.Equal([new PairDistance(0, 2, a.DistanceTo(near), a.DistanceTo(near))], close);
        Assert.Equal([2L, 3L, 3L], progress); // pairs compared after each original: 2, then 1, then 0 more
    }

    [Fact]
    public async Task The_runner_reports_each_stage_from_zero_to_its_total_in_its_own_unit()
    {
        var reports = new List<EvaluationProgress>();
        var progress = new Collector(reports);
        await EvaluationRunner.RunAsync(new EvaluationOptions { Originals = 12, TransformsPerOriginal = 1, MaxParallelism = 1 }, progress, TestContext.Current.CancellationToken);
        string[] stages = [.. reports.Select(r => r.Stage).Distinct()];
        Assert.Equal(EvaluationRunner.HashingStage, stages[0]);
        Assert.Equal(EvaluationRunner.PairsStage, stages[1]);
        Assert.Equal(EvaluationRunner.IndexStage, stages[2]);
        foreach (string stage in stages)
        {
            EvaluationProgress[] mine = [.. reports.Where(r => r.Stage == stage)];
            Assert.Equal(0, mine[0].Done);
            Assert.Equal(mine[0].Total, mine[^1].Done);
        }

        Assert.Equal(66, reports.First(r => r.Stage == EvaluationRunner.PairsStage).Total); // 12 · 11 / 2 pairs, not "1"
    }

    [Fact]
    public void The_one_line_summary_gives_size_time_and_the_headline_rates()
    {
        string line = RunSummary.OneLine(SmallRun);
        Assert.StartsWith("40 originals, 120 copies, 780 pairs in ", line);
        Assert.Contains("at threshold 31: FNR ", line);
        Assert.Contains("designed near-duplicates", line);
        Assert.EndsWith("index cross-check agrees", line);
        Assert.DoesNotContain('\n', line);
    }

    private sealed class Collector(List<EvaluationProgress> reports) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
