using ScottPlot;

namespace HashMatch.Evaluation;

/// <summary>The report's plots, drawn with ScottPlot and saved as PNG and SVG.</summary>
internal static class ReportPlots
{
    private const int Width = 900, Height = 560;
    private const string FontName = "HashMatchPlotFont";

    private static readonly string[] FontCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/noto/NotoSans-Regular.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        @"C:\Windows\Fonts\arial.ttf",
    ];

    /// <summary>
    /// A TrueType font for the plots' labels. Skia's NoDependencies build has no fontconfig, so ScottPlot finds no
    /// system typeface by name and would draw every label empty; the font file is loaded by path instead:
    /// <c>HASHMATCH_PLOT_FONT</c>, else the first of a few common locations (DejaVu, Liberation, Noto, Arial).
    /// </summary>
    public static string? FontPath { get; } = FindFont();

    private static string? FindFont()
    {
        string? configured = Environment.GetEnvironmentVariable("HASHMATCH_PLOT_FONT");
        string? path = !string.IsNullOrEmpty(configured) && File.Exists(configured) ? configured : FontCandidates.FirstOrDefault(File.Exists);
        if (path is not null)
        {
            Fonts.AddFontFile(FontName, path, false, false);
            Fonts.Default = FontName;
        }

        return path;
    }

    /// <summary>File stem and caption of each plot.</summary>
    public static readonly (string File, string Caption)[] Captions =
    [
        ("roc", "ROC: share of transformed copies matched against share of distinct pairs falsely matched, thresholds 0–128 (log scale)"),
        ("histogram", "Distance distributions: copies vs their originals (matching) and distinct originals (non-matching)"),
        ("recall", "Recall at threshold 31 against transform strength, per transform"),
    ];

    public static IEnumerable<string> Write(EvaluationResult result, string folder)
    {
        var files = new List<string>();
        void Save(Plot plot, string stem)
        {
            if (FontPath is not null)
            {
                plot.Font.Set(FontName); // every label of this plot, by the name the file was registered under
            }

            foreach (string ext in new[] { "png", "svg" })
            {
                string path = Path.Combine(folder, $"{stem}.{ext}");
                string temp = Path.Combine(folder, $".{stem}.{Environment.ProcessId}.tmp.{ext}");
                if (ext == "png")
                {
                    plot.SavePng(temp, Width, Height);
                }
                else
                {
                    plot.SaveSvg(temp, Width, Height);
                }

                File.Move(temp, path, overwrite: true);
                files.Add(path);
            }
        }

        Save(Roc(result), "roc");
        Save(Histogram(result), "histogram");
        Save(Recall(result), "recall");
        return files;
    }

    private static Plot Roc(EvaluationResult result)
    {
        var plot = new Plot();
        foreach (var (copies, pairs, label) in new[]
        {
            (result.Curves.Copies, result.Curves.Pairs, "plain (rotations/flips excluded)"),
            (result.Curves.CopiesDihedral, result.Curves.PairsDihedral, "dihedral (all transforms)"),
        })
        {
            var xs = new List<double>();
            var ys = new List<double>();
            long copyTotal = copies.Sum(), pairTotal = pairs.Sum();
            long copyHits = 0, pairHits = 0;
            for (int t = 0; t <= 128; t++)
            {
                copyHits += copies[t];
                pairHits += pairs[t];

                // A rate of zero cannot be drawn on a log axis; it is drawn at the resolution of the run, 1 / pairs.
                double fpr = Math.Max(pairHits, 1) / (double)pairTotal;
                xs.Add(Math.Log10(fpr));
                ys.Add(copyTotal == 0 ? 0 : copyHits / (double)copyTotal);
            }

            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.LegendText = label;
            line.MarkerSize = 3;
        }

        plot.Title($"ROC, {result.Originals:N0} originals, seed {result.Seed}");
        plot.XLabel("log10 false-positive rate (pairs of distinct originals)");
        plot.YLabel("true-positive rate (copies matched)");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static Plot Histogram(EvaluationResult result)
    {
        var plot = new Plot();
        foreach (var (counts, label) in new[] { (result.Curves.Copies, "copy vs original"), (result.Curves.Pairs, "distinct originals") })
        {
            long total = Math.Max(1, counts.Sum());
            double[] xs = [.. Enumerable.Range(0, counts.Count).Select(d => (double)d)];
            double[] ys = [.. counts.Select(c => c / (double)total)];
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = label;
            line.MarkerSize = 0;
        }

        var threshold = plot.Add.VerticalLine(ErrorRates.HeadlineThreshold);
        threshold.LegendText = $"threshold {ErrorRates.HeadlineThreshold}";
        plot.Title("PDQ distance distributions");
        plot.XLabel("Hamming distance (bits)");
        plot.YLabel("share of comparisons");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static Plot Recall(EvaluationResult result)
    {
        var plot = new Plot();
        int column = result.ThresholdColumn(ErrorRates.HeadlineThreshold);
        if (column < 0)
        {
            column = 0;
        }

        foreach (var group in result.Transforms.GroupBy(r => r.Kind))
        {
            TransformRow[] rows = [.. group];
            if (rows.Length < 2)
            {
                continue;
            }

            // Strength on a 0..1 scale from mildest to most severe level, so every transform fits one axis.
            double[] xs = [.. rows.Select((_, i) => i / (double)(rows.Length - 1))];
            double[] ys = [.. rows.Select(r => 1 - (r.Dihedral ? r.FnrDihedral[column] : r.Fnr[column]))];
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = group.Key.ToLowerInvariant();
        }

        plot.Title($"Recall at threshold {result.Thresholds[column]} (rotations/flips: dihedral matching)");
        plot.XLabel("strength (mildest to most severe level)");
        plot.YLabel("recall");
        plot.ShowLegend(Edge.Right);
        return plot;
    }
}
