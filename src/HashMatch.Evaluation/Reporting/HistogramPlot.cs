using ScottPlot;

namespace HashMatch.Evaluation;

/// <summary>
/// Distance distributions of a run on a logarithmic share axis, so that the few distinct pairs close to the
/// threshold (the false positives) are visible next to the bulk around 128 bits. Bins are two bits wide: PDQ sets
/// the bits of the coefficients above their median, so almost every hash has 128 bits set and almost every distance
/// between two hashes is even; one-bit bins would alternate between full and empty.
/// </summary>
internal static class HistogramPlot
{
    public const int BinWidth = 2;

    public static Plot Draw(EvaluationResult result)
    {
        var plot = new Plot();
        long largest = Math.Max(result.Curves.Copies.Sum(), result.Curves.Pairs.Sum());
        int lowest = (int)Math.Floor(Math.Log10(1.0 / Math.Max(1, largest)));
        foreach (var (counts, label, colour) in new[]
        {
            (result.Curves.Copies, "copy vs its original (plain, rotations/flips excluded)", Colors.C0),
            (result.Curves.Pairs, "distinct originals", Colors.C1),
        })
        {
            long total = counts.Sum();
            if (total == 0)
            {
                continue;
            }

            var bars = new List<Bar>();
            for (int start = 0; start < counts.Count; start += BinWidth)
            {
                long inBin = 0;
                for (int d = start; d < Math.Min(counts.Count, start + BinWidth); d++)
                {
                    inBin += counts[d];
                }

                if (inBin > 0)
                {
                    // Empty bins have no height on a log axis and are left out (a gap, not a bar to the bottom).
                    bars.Add(new Bar
                    {
                        Position = start + ((BinWidth - 1) / 2.0),
                        Value = Math.Log10(inBin / (double)total),
                        ValueBase = lowest - 0.5,
                        Size = BinWidth,
                        FillColor = colour.WithAlpha(0.55),
                        LineWidth = 0,
                    });
                }
            }

            var series = plot.Add.Bars(bars);
            series.LegendText = label;
            series.Color = colour.WithAlpha(0.55);
        }

        int threshold = ErrorRates.HeadlineThreshold;
        var line = plot.Add.VerticalLine(threshold + 0.5, 1.5f, Colors.Black, LinePattern.Dashed);
        line.LegendText = $"threshold {threshold} (pairs at or left of it match)";
        plot.Title($"PDQ distances: copies and distinct originals ({result.Pairs:N0} pairs), {BinWidth}-bit bins");
        plot.XLabel("Hamming distance (bits)");
        plot.YLabel("share of the comparisons in the bin (log scale)");
        plot.Axes.Left.TickGenerator = LogTicks.Decades(lowest, 0);
        plot.Axes.SetLimits(-2, 258, lowest - 0.5, 0.2);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
