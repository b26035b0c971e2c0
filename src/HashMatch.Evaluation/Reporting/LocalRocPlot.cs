using System.Globalization;
using ScottPlot;

namespace HashMatch.Evaluation;

/// <summary>
/// The local-feature signal's ROC beside PDQ's (<c>eval --local</c>): one point per inlier threshold — recall over
/// every copy of the local transforms, false-positive rate over the pairs of distinct originals — and PDQ with all
/// query variants at 31 on the same copies and pairs as one marked point. As in <see cref="RocPlot"/>, a threshold at
/// which no false pair was seen is drawn with an open circle at the exact 95 % upper bound of a zero count.
/// </summary>
internal static class LocalRocPlot
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The share of <paramref name="rows"/>' copies found, per row's recall picked by <paramref name="recall"/>.</summary>
    public static double Recall(IReadOnlyList<LocalTransformRow> rows, Func<LocalTransformRow, double> recall)
    {
        long copies = rows.Sum(r => (long)r.Copies);
        return copies == 0 ? 0 : rows.Sum(r => recall(r) * r.Copies) / copies;
    }

    public static Plot Draw(EvaluationResult result, LocalResult local)
    {
        var plot = new Plot();
        long pairs = Math.Max(1, result.Pairs);
        var (zeroBound, lowest, axisStart) = RocPlot.LogAxis(pairs);
        var measured = new List<(double X, double Y, int Threshold)>();
        var zero = new List<(double Y, int Threshold)>();
        for (int k = 0; k < local.Thresholds.Count; k++)
        {
            double recall = Recall(local.Transforms, r => r.Recall[k]);
            long falsePairs = local.FalsePositives[k].FalseMatches;
            if (falsePairs == 0)
            {
                zero.Add((recall, local.Thresholds[k]));
            }
            else
            {
                measured.Add((Math.Log10(falsePairs / (double)pairs), recall, local.Thresholds[k]));
            }
        }

        if (measured.Count > 0)
        {
            var line = plot.Add.Scatter(measured.Select(m => m.X).ToArray(), measured.Select(m => m.Y).ToArray(), Colors.C2);
            line.LegendText = "local features, per inlier threshold";
            line.MarkerSize = 5;
            line.LineWidth = 1.5f;
        }

        if (zero.Count > 0)
        {
            var open = plot.Add.Markers(Enumerable.Repeat(lowest, zero.Count).ToArray(), zero.Select(z => z.Y).ToArray(), MarkerShape.OpenCircle, 7, Colors.C2);
            open.LegendText = measured.Count == 0 ? "local features, per inlier threshold" : null!;
        }

        foreach (var (x, y, threshold) in measured.Concat(zero.Select(z => (lowest, z.Y, z.Threshold))))
        {
            RocPlot.AddLabel(plot, string.Create(Invariant, $"≥{threshold}"), x, y, Colors.C2);
        }

        double pdqRecall = Recall(local.Transforms, r => r.PdqRecall);
        double pdqX = local.PdqFalsePairs == 0 ? lowest : Math.Log10(local.PdqFalsePairs / (double)pairs);
        var pdq = plot.Add.Marker(pdqX, pdqRecall, local.PdqFalsePairs == 0 ? MarkerShape.OpenDiamond : MarkerShape.FilledDiamond, 14, Colors.C1);
        pdq.LegendText = string.Create(Invariant, $"PDQ, all query variants, {ErrorRates.HeadlineThreshold}");

        plot.Title($"Local features against PDQ on the local transforms' copies, {result.Originals:N0} originals");
        plot.XLabel("false-positive rate: share of distinct pairs matched (log scale)");
        plot.YLabel("recall: share of the local transforms' copies found");
        RocPlot.FinishLogAxis(plot, axisStart, zero.Count == 0 && local.PdqFalsePairs != 0 ? null
            : string.Create(Invariant, $"Open markers: no false pair among {result.Pairs:N0}; drawn at the 95 % upper bound{Environment.NewLine}{NumberText.Rate(zeroBound)}, the true rate is somewhere to the left"));
        return plot;
    }
}
