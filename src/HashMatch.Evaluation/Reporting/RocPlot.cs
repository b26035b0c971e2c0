using System.Globalization;
using ScottPlot;

namespace HashMatch.Evaluation;

/// <summary>
/// ROC of a run: share of transformed copies matched against share of distinct pairs falsely matched, one point per
/// threshold 0..<see cref="MaxThreshold"/>, the false-positive axis logarithmic. Thresholds at which no false pair
/// was seen have no place on a log axis; they are drawn with open markers at the exact 95 % upper bound of a zero
/// count (what the run can say about them), and the plot says so.
/// </summary>
internal static class RocPlot
{
    /// <summary>Largest threshold drawn.</summary>
    public const int MaxThreshold = 128;

    /// <summary>Thresholds labelled on the plain curve.</summary>
    private static readonly int[] Labelled = [8, 16, 24, 40, 48, 63, 80, 96, 128];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// The log false-positive axis over <paramref name="pairs"/> pairs: the exact 95 % upper bound of a zero count (where
    /// zero-count points are drawn), its log, and the decade the axis starts at (one false pair is 1 / pairs, below the
    /// zero bound). <see cref="LocalRocPlot"/> draws on the same axis.
    /// </summary>
    internal static (double ZeroBound, double Lowest, double AxisStart) LogAxis(long pairs)
    {
        pairs = Math.Max(1, pairs);
        double zeroBound = BinomialInterval.Of(0, pairs).High;
        double lowest = Math.Log10(zeroBound);
        return (zeroBound, lowest, Math.Floor(Math.Min(lowest, Math.Log10(1.0 / pairs))));
    }

    /// <summary>A small threshold label just left of and above its point.</summary>
    internal static void AddLabel(Plot plot, string text, double x, double y, Color colour)
    {
        var tick = plot.Add.Text(text, x, y);
        tick.LabelFontSize = 11;
        tick.LabelFontColor = colour;
        tick.LabelAlignment = Alignment.LowerRight;
        tick.LabelOffsetX = -4;
        tick.LabelOffsetY = -3;
    }

    /// <summary>The note that points at zero-count markers stand for an upper bound, and the log axis's ticks and limits.</summary>
    internal static void FinishLogAxis(Plot plot, double axisStart, string? zeroNote)
    {
        if (zeroNote is not null)
        {
            plot.Add.Annotation(zeroNote, Alignment.UpperLeft).LabelFontSize = 11;
        }

        plot.Axes.Bottom.TickGenerator = LogTicks.Decades((int)axisStart, 0);
        plot.Axes.SetLimits(axisStart - 0.2, 0.05, 0, 1);
        plot.ShowLegend(Alignment.LowerRight);
    }

    public static Plot Draw(EvaluationResult result)
    {
        var plot = new Plot();
        var (zeroBound, lowest, axisStart) = LogAxis(result.Pairs);
        int highlight = ErrorRates.HeadlineThreshold;
        int zeroUpTo = -1;
        foreach (var (copies, pairs, label, colour, labelled) in new[]
        {
            (result.Curves.Copies, result.Curves.Pairs, "plain matching (rotations/flips excluded)", Colors.C0, true),
            (result.Curves.CopiesVariants, result.Curves.PairsVariants, "all query variants (all transforms)", Colors.C1, false),
        })
        {
            long copyTotal = copies.Sum(), pairTotal = pairs.Sum();
            if (copyTotal == 0 || pairTotal == 0)
            {
                continue;
            }

            var measuredX = new List<double>();
            var measuredY = new List<double>();
            var zeroY = new List<double>();
            var points = new (double X, double Y, bool Zero)[MaxThreshold + 1];
            long copyHits = 0, pairHits = 0;
            for (int t = 0; t <= MaxThreshold; t++)
            {
                copyHits += copies[t];
                pairHits += pairs[t];
                double tpr = copyHits / (double)copyTotal;
                if (pairHits == 0)
                {
                    zeroY.Add(tpr);
                    points[t] = (lowest, tpr, true);
                    zeroUpTo = labelled ? t : zeroUpTo;
                }
                else
                {
                    double x = Math.Log10(pairHits / (double)pairTotal);
                    measuredX.Add(x);
                    measuredY.Add(tpr);
                    points[t] = (x, tpr, false);
                }
            }

            var line = plot.Add.Scatter(measuredX.ToArray(), measuredY.ToArray(), colour);
            line.LegendText = label;
            line.MarkerSize = 4;
            line.LineWidth = 1.5f;
            if (zeroY.Count > 0)
            {
                // An upper bound, not a point: each open circle gets a line to the left edge, where the true rate lies.
                double[] xs = [.. Enumerable.Repeat(lowest, zeroY.Count)];
                plot.Add.Plottable(new ScottPlot.Plottables.ErrorBar(xs, zeroY, null, [.. xs.Select(x => x - axisStart + 0.2)], null, null)
                {
                    Color = colour.WithAlpha(0.2),
                    CapSize = 0,
                });
                plot.Add.Markers(xs, zeroY.ToArray(), MarkerShape.OpenCircle, 7, colour);
            }

            var (hx, hy, _) = points[highlight];
            plot.Add.Marker(hx, hy, MarkerShape.FilledDiamond, 14, colour);
            var text = plot.Add.Text(string.Create(Invariant, $"{highlight}"), hx, hy);
            text.LabelFontSize = 16; // not bold: only the regular face of the plot font is registered, and a bold label would be drawn empty
            text.LabelFontColor = colour;
            text.LabelAlignment = labelled ? Alignment.LowerRight : Alignment.UpperLeft;
            text.LabelOffsetX = labelled ? -8 : 8;
            text.LabelOffsetY = labelled ? -6 : 6;
            if (labelled)
            {
                foreach (int t in Labelled.Where(t => !points[t].Zero))
                {
                    AddLabel(plot, t.ToString(Invariant), points[t].X, points[t].Y, colour);
                }
            }
        }

        plot.Title($"ROC, thresholds 0–{MaxThreshold} ({highlight} marked), {result.Originals:N0} originals");
        plot.XLabel("false-positive rate: share of distinct pairs within the threshold (log scale)");
        plot.YLabel("recall: share of transformed copies within the threshold");
        FinishLogAxis(plot, axisStart, zeroUpTo < 0 ? null
            : string.Create(Invariant, $"Open circles: thresholds 0–{zeroUpTo} (plain), no false pair among {result.Pairs:N0}; drawn at the{Environment.NewLine}95 % upper bound {NumberText.Rate(zeroBound)}, the true rate is somewhere to the left"));
        return plot;
    }
}
