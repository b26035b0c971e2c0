using HashMatch.Evaluation;
using HashMatch.Tests.Index;

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
            new(0, Quality: 90, Distance: 10, DihedralDistance: 10),
            new(0, Quality: 90, Distance: 31, DihedralDistance: 31),
            new(0, Quality: 90, Distance: 32, DihedralDistance: 5),
            new(0, Quality: 40, Distance: 0, DihedralDistance: 0),
        ];
        Assert.Equal(1 / 4.0, ErrorRates.FalseNegativeRate(copies, 31, c => c.Distance, 0));
        Assert.Equal(2 / 4.0, ErrorRates.FalseNegativeRate(copies, 30, c => c.Distance, 0));
        Assert.Equal(0, ErrorRates.FalseNegativeRate(copies, 31, c => c.DihedralDistance, 0));
        Assert.Equal(2 / 4.0, ErrorRates.FalseNegativeRate(copies, 31, c => c.Distance, 50));
    }

    [Fact]
    public void Pair_histogram_counts_each_unordered_pair_once_in_the_bucket_of_its_lower_quality()
    {
        var random = new Random(1);
        PdqHash a = IndexData.RandomHash(random), b = IndexData.Near(a, 3, random), c = IndexData.Near(a, 40, random);
        int ab = a.DistanceTo(b), ac = a.DistanceTo(c), bc = b.DistanceTo(c);
        DistanceHistogram[] buckets = PairwiseDistances.Count([[a], [b], [c]], [95, 60, 30], 2, TestContext.Current.CancellationToken).Plain;

        DistanceHistogram sixties = buckets[PairwiseDistances.BucketOf(60)], low = buckets[PairwiseDistances.BucketOf(30)];
        Assert.Equal(1, sixties.Total);                 // a–b: lower quality 60
        Assert.Equal(1, sixties.Counts[ab]);
        Assert.Equal(2, low.Total);                     // a–c and b–c: lower quality 30
        Assert.Equal(ac == bc ? 2 : 1, low.Counts[ac]);
        Assert.Equal(ac == bc ? 2 : 1, low.Counts[bc]);
        Assert.Equal(3, EvaluationRunner.Sum(buckets).Total);
    }

    [Fact]
    public void Dihedral_pair_distance_is_the_smallest_over_the_variants()
    {
        var random = new Random(2);
        PdqHash a = IndexData.RandomHash(random), b = IndexData.RandomHash(random);
        PdqHash[] variantsOfA = [a, .. Enumerable.Range(0, 6).Select(_ => IndexData.RandomHash(random)), IndexData.Near(b, 4, random)];
        PdqHash[] variantsOfB = [b, .. Enumerable.Range(0, 7).Select(_ => IndexData.RandomHash(random))];
        var (plain, dihedral) = PairwiseDistances.Count([variantsOfA, variantsOfB], [100, 100], 1, TestContext.Current.CancellationToken);
        DistanceHistogram all = EvaluationRunner.Sum(dihedral);
        Assert.Equal(1, EvaluationRunner.Sum(plain).Counts[a.DistanceTo(b)]);
        Assert.Equal(1, all.Counts[4]);
    }

    [Fact]
    public void Operator_figure_is_rate_times_list_size_per_million()
    {
        FalsePositiveRow row = ErrorRates.FalsePositive(31, false, false, falseMatches: 1, pairs: 4, listSizes: [10], unrelatedFalseMatches: 0, unrelatedPairs: 3);
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
