using HashMatch.Evaluation;
using HashMatch.Tests.Indexing;

namespace HashMatch.Tests.Evaluation;

/// <summary>The metric code on cases small enough to compute by hand.</summary>
public sealed class MetricTests
{
    [Fact]
    public void Wilson_interval_matches_the_textbook_value()
    {
        // 5 of 100: p = 0.05, z = 1.96: centre (0.05 + 1.92/100)/(1 + 3.84/100) = 0.06666, half-width 0.04513.
        BinomialInterval ci = BinomialInterval.Of(5, 100);
        Assert.Equal(0.02154, ci.Low, 4);
        Assert.Equal(0.11175, ci.High, 4);
    }

    [Fact]
    public void Zero_observed_gives_the_exact_upper_bound()
    {
        // Clopper–Pearson with k = 0: 1 − 0.025^(1/n); for n = 100, 0.036217.
        BinomialInterval ci = BinomialInterval.Of(0, 100);
        Assert.Equal(0, ci.Low);
        Assert.Equal(0.036217, ci.High, 5);
        Assert.Equal(1, BinomialInterval.Of(100, 100).High);
    }

    [Fact]
    public void False_negative_rate_counts_distances_above_the_threshold_and_low_quality_copies()
    {
        CopyRecord[] copies =
        [
            Copy(quality: 90, plain: 10, variants: 10),
            Copy(quality: 90, plain: 31, variants: 31),
            Copy(quality: 90, plain: 32, variants: 5),
            Copy(quality: 40, plain: 0, variants: 0),
        ];
        Assert.Equal(1 / 4.0, ErrorRates.FalseNegativeRate(copies, 31, c => c.Distance, 0));
        Assert.Equal(2 / 4.0, ErrorRates.FalseNegativeRate(copies, 30, c => c.Distance, 0));
        Assert.Equal(0, ErrorRates.FalseNegativeRate(copies, 31, c => c.VariantDistance, 0));
        Assert.Equal(2 / 4.0, ErrorRates.FalseNegativeRate(copies, 31, c => c.Distance, 50));
    }

    [Fact]
    public void Pair_histogram_counts_each_unordered_pair_once_in_the_bucket_of_its_lower_quality()
    {
        var random = new Random(1);
        PdqHash a = IndexData.RandomHash(random), b = IndexData.Near(a, 3, random), c = IndexData.Near(a, 40, random);
        int ab = a.DistanceTo(b), ac = a.DistanceTo(c), bc = b.DistanceTo(c);
        DistanceHistogram[] buckets = PairwiseDistances.Count([Original(a, 95), Original(b, 60), Original(c, 30)], 2, TestContext.Current.CancellationToken).Plain;

        DistanceHistogram sixties = buckets[PairwiseDistances.BucketOf(60)], low = buckets[PairwiseDistances.BucketOf(30)];
        Assert.Equal(1, sixties.Total);                 // a–b: lower quality 60
        Assert.Equal(1, sixties.Counts[ab]);
        Assert.Equal(2, low.Total);                     // a–c and b–c: lower quality 30
        Assert.Equal(ac == bc ? 2 : 1, low.Counts[ac]);
        Assert.Equal(ac == bc ? 2 : 1, low.Counts[bc]);
        Assert.Equal(3, EvaluationRunner.Sum(buckets).Total);
    }

    [Fact]
    public void Variant_pair_distance_is_the_smallest_over_either_pictures_variants()
    {
        var random = new Random(2);
        PdqHash a = IndexData.RandomHash(random), b = IndexData.RandomHash(random);
        PdqHash[] variantsOfA = [a, .. Enumerable.Range(0, 6).Select(_ => IndexData.RandomHash(random)), IndexData.Near(b, 6, random)];
        PdqHash[] variantsOfB = [b, .. Enumerable.Range(0, 7).Select(_ => IndexData.RandomHash(random)), IndexData.Near(a, 4, random)];
        PairHistograms histograms = PairwiseDistances.Count([Original(a, 100, variantsOfA), Original(b, 100, variantsOfB)], 1, TestContext.Current.CancellationToken);
        Assert.Equal(1, EvaluationRunner.Sum(histograms.Plain).Counts[a.DistanceTo(b)]);
        Assert.Equal(1, EvaluationRunner.Sum(histograms.Variants).Counts[4]); // b's variant near a, not a's near b
    }

    [Fact]
    public void Crop_pair_distance_is_the_smallest_against_either_pictures_crops()
    {
        var random = new Random(4);
        PdqHash a = IndexData.RandomHash(random), b = IndexData.RandomHash(random);
        PairHistograms histograms = PairwiseDistances.Count([Original(a, 100, crops: [IndexData.Near(b, 9, random)]), Original(b, 100)], 1, TestContext.Current.CancellationToken);
        Assert.Equal(1, EvaluationRunner.Sum(histograms.Crops).Counts[9]);
        Assert.Equal(1, EvaluationRunner.Sum(histograms.Variants).Counts[a.DistanceTo(b)]);
    }

    private static OriginalRecord Original(PdqHash plain, int quality, PdqHash[]? variants = null, PdqHash[]? crops = null) =>
        new("test", variants ?? [plain], crops ?? [], quality);

    private static CopyRecord Copy(int quality, int plain, int variants)
    {
        int[] distances = [.. MatchingModes.All.Select(_ => plain)];
        distances[(int)MatchingMode.AllVariants] = variants;
        return new CopyRecord(0, quality, distances);
    }

    [Fact]
    public void Operator_figure_is_rate_times_list_size_per_million()
    {
        FalsePositiveRow row = ErrorRates.FalsePositive(31, MatchingMode.Plain, false, falseMatches: 1, pairs: 4, listSizes: [10], unrelatedFalseMatches: 0, unrelatedPairs: 3);
        Assert.Equal(0.25, row.Rate);
        Assert.Equal(0.25 * 10 * 1e6, row.PerMillionUploads[0].Expected);
        Assert.Equal(row.High * 10 * 1e6, row.PerMillionUploads[0].UpperBound);
        Assert.Equal((0, 1 - Math.Pow(0.025, 1 / 3.0)), (row.UnrelatedRate, row.UnrelatedHigh));
    }

    [Fact]
    public void Histogram_median_and_cumulative_counts()
    {
        var h = new DistanceHistogram();
        foreach (int d in new[] { 0, 2, 2, 5, 9 })
        {
            h.Add(d);
        }

        Assert.Equal(2, h.Median());
        Assert.Equal(3, h.AtOrBelow(2));
        Assert.Equal(2, h.Above(2));
        Assert.Equal(-1, new DistanceHistogram().Median());
    }
}
