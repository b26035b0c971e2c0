using System.Globalization;
using ScottPlot;

namespace HashMatch.Evaluation;

/// <summary>
/// Recall at the headline threshold against strength: one panel per transform kind, in the kind's own unit
/// (<see cref="StrengthAxis"/>), with 95 % Wilson intervals from the number of copies at each level, plain PDQ and
/// with every query variant (and, for crops, against list-side crops). Quarter turns, flips and grayscale have no
/// axis of magnitudes and get bars, plain and with query variants side by side.
/// </summary>
internal static class RecallPlots
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The panels, by kind name (lower case), in the catalog's order.</summary>
    public static IEnumerable<(string Kind, Plot Plot)> Draw(EvaluationResult result)
    {
        int column = Math.Max(0, result.ThresholdColumn(ErrorRates.HeadlineThreshold));
        int threshold = result.Thresholds[column];
        foreach (var group in result.Transforms.GroupBy(r => r.Kind))
        {
            TransformKind kind = TransformKindNames.Parse(group.Key);
            TransformRow[] rows = [.. group.OrderBy(r => r.Parameter)];
            StrengthAxis axis = StrengthAxis.For(kind);
            Plot plot = axis.Scale == StrengthScale.Categories ? Bars(rows, axis, column) : Line(rows, axis, column);
            plot.Title($"{group.Key}: {rows.Sum(r => r.Copies):N0} copies");
            plot.YLabel($"recall at {threshold}");
            plot.XLabel(axis.Label);
            yield return (group.Key, plot);
        }
    }

    private static Plot Line(TransformRow[] rows, StrengthAxis axis, int column)
    {
        var plot = new Plot();
        double[] xs = [.. rows.Select(r => axis.Position(r.Parameter))];
        double[] ys = [.. rows.Select(r => 1 - r.Fnr[column])];
        var (below, above) = Intervals(rows, r => r.Fnr[column]);
        var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, above, below) { Color = Colors.C0.WithAlpha(0.6) };
        plot.Add.Plottable(bars);
        var line = plot.Add.Scatter(xs, ys, Colors.C0);
        line.MarkerSize = 7;
        line.LineWidth = 2;
        line.LegendText = "plain";
        bool crops = rows.Any(r => r.Kind == TransformKindNames.Name(TransformKind.Crop));
        foreach (var (mode, colour) in crops ? [(MatchingMode.AllVariants, Colors.C1), (MatchingMode.ListCrops, Colors.C2)] : new[] { (MatchingMode.AllVariants, Colors.C1) })
        {
            var other = plot.Add.Scatter(xs, [.. rows.Select(r => 1 - r.FnrOf(mode)[column])], colour);
            other.MarkerSize = 5;
            other.LineWidth = 1.5f;
            other.LinePattern = LinePattern.Dashed;
            other.LegendText = mode.Label();
        }

        // Below the axis, in one row: beside it, the legend took a third of a panel's width and clipped the axis label.
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (TransformRow row in rows)
        {
            ticks.AddMajor(axis.Position(row.Parameter), axis.Format(row.Parameter));
        }

        double lo = xs.Min(), hi = xs.Max();
        if (axis.Unchanged is { } unchanged)
        {
            double at = axis.Position(unchanged);
            plot.Add.VerticalLine(at, 1, Colors.Gray, LinePattern.Dashed);
            (lo, hi) = (Math.Min(lo, at), Math.Max(hi, at));
            if (xs.All(x => Math.Abs(x - at) > 0.1 * (hi - lo)))
            {
                ticks.AddMajor(at, axis.Format(unchanged)); // unless a measured level's label sits right there
            }
        }

        double pad = Math.Max(0.06 * (hi - lo), 0.05);
        plot.Axes.Bottom.TickGenerator = ticks;
        if (axis.Reversed)
        {
            plot.Axes.SetLimits(hi + pad, lo - pad, 0, 1.0);
        }
        else
        {
            plot.Axes.SetLimits(lo - pad, hi + pad, 0, 1.0);
        }

        return plot;
    }

    private static Plot Bars(TransformRow[] rows, StrengthAxis axis, int column)
    {
        // Beside plain, the mode that is for these copies: pixel-dihedral for turns and flips, all variants otherwise.
        var plot = new Plot();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        MatchingMode other = rows.Any(r => r.Dihedral) ? MatchingMode.PixelDihedral : MatchingMode.AllVariants;
        var plain = new List<Bar>();
        var helped = new List<Bar>();
        for (int i = 0; i < rows.Length; i++)
        {
            TransformRow row = rows[i];
            ticks.AddMajor(i, axis.Format(row.Parameter));
            plain.Add(BarFor(row, row.Fnr[column], i - 0.2, Colors.C0));
            helped.Add(BarFor(row, row.FnrOf(other)[column], i + 0.2, Colors.C1));
        }

        var plainSeries = plot.Add.Bars(plain);
        plainSeries.Color = Colors.C0;
        plainSeries.LegendText = "plain";
        var helpedSeries = plot.Add.Bars(helped);
        helpedSeries.LegendText = other.Label();
        helpedSeries.Color = Colors.C1;
        plot.ShowLegend(Edge.Bottom); // outside the data area: the bars reach the top
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimits(-0.6, rows.Length - 0.4, 0, 1.0);
        return plot;
    }

    private static Bar BarFor(TransformRow row, double fnr, double position, Color colour)
    {
        BinomialInterval ci = BinomialInterval.Of(Hits(row.Copies, fnr), row.Copies);
        double recall = 1 - fnr;
        return new Bar
        {
            Position = position,
            Value = recall,
            Size = 0.36,
            FillColor = colour,
            Error = Math.Max(recall - ci.Low, ci.High - recall),
            ErrorNegative = true,
            ErrorPositive = true,
            ValueLabel = recall.ToString("0%", Invariant),
            LabelOnTop = true,
        };
    }

    private static (double[] Below, double[] Above) Intervals(TransformRow[] rows, Func<TransformRow, double> fnr)
    {
        var below = new double[rows.Length];
        var above = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            double recall = 1 - fnr(rows[i]);
            BinomialInterval ci = BinomialInterval.Of(Hits(rows[i].Copies, fnr(rows[i])), rows[i].Copies);
            (below[i], above[i]) = (recall - ci.Low, ci.High - recall);
        }

        return (below, above);
    }

    /// <summary>Copies matched: recall × copies, rounded (the rates were computed as counts / copies).</summary>
    private static long Hits(int copies, double fnr) => (long)Math.Round((1 - fnr) * copies);
}
