using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace HashMatch.Evaluation;

/// <summary>
/// The report's <c>index.html</c>: the headline figures at threshold 31, the run's parameters and machine, the
/// plots, and every table as a sortable HTML table. Self-contained (inline style and script, images from the report
/// folder), so it works offline from <c>file://</c>.
/// </summary>
internal static class ReportHtml
{
    /// <summary>Folder, inside the report, of the close pairs' thumbnails.</summary>
    public const string ThumbnailFolder = "pairs";

    /// <summary>Close pairs listed in the page (all of them are in close-pairs.csv).</summary>
    public const int MaxListedPairs = 200;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(EvaluationResult result, string command)
    {
        int t = ErrorRates.HeadlineThreshold;
        int column = result.ThresholdColumn(t);
        var html = new StringBuilder();
        string title = $"HashMatch evaluation: {SourceText(result)}, {result.Originals:N0} originals, seed {result.Seed}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append(Invariant, $"<title>{E(title)}</title><style>{Asset("report.css")}</style></head>\n<body>\n<header>");
        html.Append(Invariant, $"<h1>{E(title)}</h1>");
        html.Append(Invariant, $"<p class=\"lead\">{result.TransformedCopies:N0} transformed copies · {result.Pairs:N0} pairs of distinct originals · {result.Seconds:0.#} s · <code>{E(command)}</code></p>");
        html.Append("<nav><a href=\"#glance\">At a glance</a><a href=\"#run\">Run</a><a href=\"#roc\">ROC</a><a href=\"#distances\">Distances</a><a href=\"#recall\">Recall by transform</a>");
        html.Append("<a href=\"#fnr\">False negatives</a><a href=\"#fpr\">False positives</a><a href=\"#close\">Close pairs</a><a href=\"#quality\">By quality</a><a href=\"#families\">By family</a>");
        html.Append(result.Local is null ? "" : "<a href=\"#local\">Local features</a>");
        html.Append("</nav></header>\n<main>\n");

        Glance(html, result, column);
        Run(html, result, command);

        html.Append("<h2 id=\"roc\">ROC</h2>");
        html.Append(Figure("roc.svg", "ROC curve", string.Create(Invariant, $"Each point is a threshold 0–{RocPlot.MaxThreshold}; {t} is marked. Recall is the share of transformed copies within the threshold of their original; " +
            $"the false-positive rate is the share of pairs of distinct originals within it, on a log scale. Thresholds at which no false pair was seen are drawn with open circles " +
            $"at the exact 95 % upper bound of a zero count ({NumberText.Rate(BinomialInterval.Of(0, Math.Max(1, result.Pairs)).High)} for {result.Pairs:N0} pairs): the run cannot tell those rates apart.")));

        html.Append("<h2 id=\"distances\">Distances</h2>");
        html.Append(Figure("histogram.svg", "Distance histograms",
            $"Copies against their originals (matching) and pairs of distinct originals (non-matching), on a log scale so the distinct pairs near the threshold — the false positives — are visible. " +
            $"Bins are {HistogramPlot.BinWidth} bits wide: PDQ sets the bits of the coefficients above their median, so almost every distance is even."));

        Recall(html, result, column);
        FalseNegatives(html, result, column);
        FalsePositives(html, result);
        Close(html, result);
        Quality(html, result);
        Families(html, result);
        if (result.Local is { } local)
        {
            Local(html, result, local);
        }

        html.Append(Invariant, $"<p class=\"note\">Index cross-check: range queries through <code>HashIndex</code> counted {(result.IndexAgrees ? "the same" : "<strong>different</strong>")} close pairs as the all-pairs histogram at every threshold up to {result.IndexCheckedUpTo}.</p>");
        html.Append("\n</main>\n<script>").Append(Asset("report.js")).Append("</script>\n</body></html>\n");
        return html.ToString();
    }

    private static void Glance(StringBuilder html, EvaluationResult result, int column)
    {
        int t = ErrorRates.HeadlineThreshold;
        html.Append(Invariant, $"<h2 id=\"glance\">At threshold {t}</h2><p class=\"note\">Meta's recommended PDQ threshold. {E(RunSummary.OneLine(result))}.</p><div class=\"cards\">");
        long copies = result.Curves.Copies.Sum(), missed = copies - result.Curves.Copies.Take(t + 1).Sum();
        html.Append(Invariant, $"<div class=\"card\"><div class=\"big\">{(copies == 0 ? "–" : NumberText.Percent(missed / (double)copies))}</div>of {copies:N0} transformed copies missed (plain matching, rotations and flips excluded; per transform below)</div>");
        if (result.FalsePositives.FirstOrDefault(r => r.Threshold == t && r.Matching == MatchingMode.Plain && !r.QualityLimited) is { } fp)
        {
            html.Append(Invariant, $"<div class=\"card\"><div class=\"big\">{NumberText.Rate(fp.Rate)}</div>false-positive rate over all {fp.Pairs:N0} pairs: {fp.FalseMatches:N0} false {(fp.FalseMatches == 1 ? "pair" : "pairs")} (95 %: {NumberText.Rate(fp.Low)} – {NumberText.Rate(fp.High)})</div>");
            html.Append(Invariant, $"<div class=\"card\"><div class=\"big\">{NumberText.Rate(fp.UnrelatedRate)}</div>without the {fp.Pairs - fp.UnrelatedPairs:N0} {E(result.ExcludedPairs)}: {fp.UnrelatedFalseMatches:N0} false {(fp.UnrelatedFalseMatches == 1 ? "pair" : "pairs")} (upper 95 %: {NumberText.Rate(fp.UnrelatedHigh)})</div>");
            html.Append("<div class=\"card\"><strong>Operator's figure</strong>: expected false matches per 10⁶ uploads against a list of M hashes (rate without the excluded pairs × M × 10⁶; upper 95 % in brackets)<ul>");
            foreach (OperatorFigure figure in fp.UnrelatedPerMillionUploads)
            {
                html.Append(Invariant, $"<li>M = {figure.ListSize:N0}: {E(NumberText.Operator(figure))}</li>");
            }

            html.Append("</ul></div>");
        }

        html.Append("</div>");
        html.Append(Invariant, $"<p class=\"caveat\"><strong>Operator's figure:</strong> {E(SummaryMarkdown.OperatorCaveat(result))}</p>");
        if (column < 0)
        {
            html.Append(Invariant, $"<p class=\"note\">The run's thresholds do not include {t}; the per-threshold tables show {string.Join(", ", result.Thresholds)}.</p>");
        }
    }

    private static void Run(StringBuilder html, EvaluationResult result, string command)
    {
        html.Append("<h2 id=\"run\">Run</h2><dl class=\"run\">");
        void Item(string name, string value) => html.Append(Invariant, $"<dt>{E(name)}</dt><dd>{value}</dd>");
        Item("command", $"<code>{E(command)}</code>");
        Item("originals", E(result.ImagesFound is { } found
            ? $"{result.Originals:N0} of the {found:N0} readable images in {result.Source}{(result.ImagesSkipped > 0 ? $" ({result.ImagesSkipped:N0} unreadable or too large left out)" : "")}"
            : $"{result.Originals:N0} generated (seed {result.Seed})"));
        Item("copies", E($"{result.TransformsPerOriginal} per original, random transform and strength each: {result.TransformedCopies:N0} in all"));
        Item("transforms", E(string.Join(", ", result.Transforms.Select(r => r.Kind).Distinct())));
        Item("pairs", E($"{result.Pairs:N0} pairs of distinct originals; {result.ClosePairs.Count:N0} within {result.ClosePairLimit} bits; {result.ExcludedPairCount:N0} {result.ExcludedPairs}"));
        Item("thresholds", E(string.Join(", ", result.Thresholds)));
        Item("minimum quality", E($"{result.MinQuality} (its effect is shown next to the unlimited figures)"));
        Item("list sizes M", E(string.Join(", ", result.FalsePositives.First().PerMillionUploads.Select(p => p.ListSize.ToString("N0", Invariant)))));
        Item("seed", E(result.Seed.ToString(Invariant)));
        Item("time", E($"{result.Seconds:0.#} s"));
        Item("machine", E(result.Machine));
        Item("files", "<a href=\"result.json\">result.json</a> (everything), <a href=\"fnr.csv\">fnr.csv</a>, <a href=\"fpr.csv\">fpr.csv</a>, <a href=\"close-pairs.csv\">close-pairs.csv</a>, " +
            "<a href=\"summary.md\">summary.md</a> (the headline tables, as <code>eval --readme</code> writes them); plots <a href=\"roc.png\">roc.png</a>, <a href=\"histogram.png\">histogram.png</a>, <a href=\"recall.png\">recall.png</a> (all panels) and their SVGs");
        html.Append("</dl>");
    }

    private static void Recall(StringBuilder html, EvaluationResult result, int column)
    {
        int threshold = result.Thresholds[Math.Max(column, 0)];
        html.Append(Invariant, $"<h2 id=\"recall\">Recall by transform</h2><p class=\"note\">Share of copies within {threshold} bits of their original at each strength, in the transform's own unit; bars are 95 % Wilson intervals from the copies at that level. ");
        html.Append("Dashed lines mark the unchanged picture where a strength has one (resize, gamma, contrast and aspect factors of 1, offsets and fractions of 0); quarter turns, flips and grayscale are levels, not magnitudes, and are drawn as bars. " +
            "All panels in one figure: <a href=\"recall.svg\">recall.svg</a>.</p><div class=\"panels\">");
        foreach (string kind in result.Transforms.Select(r => r.Kind).Distinct())
        {
            html.Append(Invariant, $"<figure><img src=\"{ReportPlots.PanelFile(kind)}\" alt=\"recall against {kind} strength\" width=\"{ReportPlots.PanelWidth}\" height=\"{ReportPlots.PanelHeight}\"></figure>");
        }

        html.Append("</div>");
    }

    private static void FalseNegatives(StringBuilder html, EvaluationResult result, int column)
    {
        int t = ErrorRates.HeadlineThreshold;
        string[] headers =
        [
            "transform", "strength", "copies", "median distance",
            .. result.Thresholds.Select(th => $"FNR at {th}"),
            .. column >= 0 ? [.. MatchingModes.All.Skip(1).Select(m => $"FNR at {t}, {m.Label()}"), $"FNR at {t}, plain, quality ≥ {result.MinQuality}"] : Array.Empty<string>(),
        ];
        var table = new HtmlTable("fnr-table", headers);
        foreach (TransformRow row in result.Transforms)
        {
            StrengthAxis axis = StrengthAxis.For(TransformKindNames.Parse(row.Kind));
            IReadOnlyList<double> rates = row.Fnr;
            HtmlCell[] cells =
            [
                row.Kind,
                new(axis.Format(row.Parameter), row.Parameter),
                new(row.Copies.ToString("N0", Invariant), row.Copies),
                new(row.MedianDistance.ToString(Invariant), row.MedianDistance),
                .. rates.Select(Shaded),
                // The quality-limited rates are plain matching, which finds no turned or mirrored copy: not shown for those.
                .. column >= 0 ? [.. MatchingModes.All.Skip(1).Select(m => Shaded(row.FnrOf(m)[column])), row.Dihedral ? new HtmlCell("–", double.NaN) : Shaded(row.FnrWithMinQuality[column])] : Array.Empty<HtmlCell>(),
            ];
            table.Add(cells);
        }

        html.Append("<h2 id=\"fnr\">False negatives</h2><p class=\"note\">Share of transformed copies farther than the threshold from their original, per transform and strength. " +
            "Per threshold: plain PDQ. At the headline threshold, each query variant alone (the copy and its variant hashes: pixel-dihedral — the seven rotations and flips of its pixels; upscale — small copies at 512; region — every picture-like rectangle the localiser finds, cut out), all of them together, and against a list that also holds each original's list-side crops. Copies below the quality limit are not matched in the last column. Click a column to sort.</p>");
        html.Append(table.Render());
    }

    private static void FalsePositives(StringBuilder html, EvaluationResult result)
    {
        long[] sizes = [.. result.FalsePositives.First().UnrelatedPerMillionUploads.Select(p => p.ListSize)];
        string[] headers =
        [
            "threshold", "matching", "false pairs", "FPR", "95 % low", "95 % high", "false pairs, excl.", "FPR, excl.", "upper 95 %, excl.", $"FPR, quality ≥ {result.MinQuality}",
            .. sizes.Select(m => $"per 10⁶ uploads, M = {m:N0}"),
        ];
        var table = new HtmlTable("fpr-table", headers);
        foreach (var group in result.FalsePositives.GroupBy(r => (r.Threshold, r.Matching)))
        {
            FalsePositiveRow all = group.First(r => !r.QualityLimited), limited = group.First(r => r.QualityLimited);
            HtmlCell[] cells =
            [
                new(all.Threshold.ToString(Invariant), all.Threshold),
                all.Matching.Label(),
                new(all.FalseMatches.ToString("N0", Invariant), all.FalseMatches),
                RateCell(all.Rate), RateCell(all.Low), RateCell(all.High),
                new(all.UnrelatedFalseMatches.ToString("N0", Invariant), all.UnrelatedFalseMatches),
                RateCell(all.UnrelatedRate), RateCell(all.UnrelatedHigh), RateCell(limited.Rate),
                .. all.UnrelatedPerMillionUploads.Select(f => new HtmlCell(NumberText.Operator(f), f.IsInformative ? f.Expected : double.NaN)),
            ];
            table.Add(cells);
        }

        html.Append(Invariant, $"<h2 id=\"fpr\">False positives</h2><p class=\"note\">Pairs of distinct originals within the threshold, out of {result.Pairs:N0}; 95 % intervals by Wilson's score method, or the exact Clopper–Pearson bound when none was seen. ");
        html.Append(Invariant, $"All variants: the smallest distance over either picture's query variant hashes against the other's hash (either can be the upload). List-side crops: against a list holding each original and its {result.HashesPerOriginalWithCrops - 1} crops ({result.HashesPerOriginalWithCrops}× the hashes). <em>excl.</em>: with the {result.ExcludedPairCount:N0} {E(result.ExcludedPairs)} left out. The operator's figures (expected false matches per 10⁶ uploads against M hashes; upper 95 % in brackets) use the rate without them; the all-pairs ones are in <a href=\"fpr.csv\">fpr.csv</a>.</p>");
        html.Append(table.Render());
    }

    private static void Close(StringBuilder html, EvaluationResult result)
    {
        html.Append(Invariant, $"<h2 id=\"close\">Close pairs</h2><p class=\"note\">The {result.ClosePairs.Count:N0} pairs of distinct originals within {result.ClosePairLimit} bits (plain or with query variants), closest first, so a person can check them. ");
        html.Append(result.ExcludedPairs == ClosePairs.SamePictureLabel
            ? string.Create(Invariant, $"A pair is <em>the same picture</em> when the two files have the same aspect ratio (within {PictureSignature.AspectTolerance:0%}, in some rotation or mirror image) and their 32×32 luma block means (16×16 or 8×8 when the smaller picture is under 64 or 32 pixels a side) differ by at most {PictureSignature.SamePictureLimit} levels of 255 on average: one picture at two sizes, re-encoded, turned or mirrored. Those pairs are true matches and are left out of the excluded figures; every other close pair counts as a false positive.")
            : "Designed near-duplicates are the corpus's pairs of pictures identical but for a small region, and of documents with one layout and different words: distinct on purpose, counted as false positives, and left out of the excluded figures.");
        html.Append(Invariant, $" Thumbnails for the closest {EvaluationRunner.MaxThumbnailPairs}; all pairs in <a href=\"close-pairs.csv\">close-pairs.csv</a>.</p>");
        if (result.ClosePairs.Count == 0)
        {
            html.Append("<p class=\"note\">No pair of distinct originals came that close.</p>");
            return;
        }

        bool user = result.ExcludedPairs == ClosePairs.SamePictureLabel;
        var table = new HtmlTable("close-table", ["distance", "distance with variants", "first", "", "second", "", "verdict", "excluded", .. user ? new[] { "block difference" } : []]);
        foreach (ClosePair pair in result.ClosePairs.Take(MaxListedPairs))
        {
            HtmlCell[] cells =
            [
                new(pair.Distance.ToString(Invariant), pair.Distance),
                new(pair.VariantDistance.ToString(Invariant), pair.VariantDistance),
                pair.NameA, ThumbnailCell(result, pair.A, pair.NameA),
                pair.NameB, ThumbnailCell(result, pair.B, pair.NameB),
                pair.Verdict, pair.Excluded ? "yes" : "no",
                .. user ? new[] { new HtmlCell(pair.PixelDifference?.ToString("0.##", Invariant) ?? "–", pair.PixelDifference ?? double.NaN) } : [],
            ];
            table.Add(cells);
        }

        html.Append(table.Render());
        if (result.ClosePairs.Count > MaxListedPairs)
        {
            html.Append(Invariant, $"<p class=\"note\">The first {MaxListedPairs} of {result.ClosePairs.Count:N0}; the rest are in close-pairs.csv.</p>");
        }
    }

    /// <summary>
    /// The local-feature signal (<c>eval --local</c>) as a matching mode beside PDQ's: its ROC, false pairs and recall
    /// per inlier threshold, and the false pairs themselves with thumbnails, as the close pairs are listed.
    /// </summary>
    private static void Local(StringBuilder html, EvaluationResult result, LocalResult local)
    {
        html.Append(Invariant, $"<h2 id=\"local\">Local features</h2><p class=\"note\">The local-feature signal (docs/local-features.md) measured on the same originals and copies: a signal computed in {local.MillisecondsPerSignal:0.0} ms on average from decoded pixels, stored in {local.MeanStoredBytes:0} bytes on average (at most {local.MaxStoredBytes:N0}); {local.OriginalsWithoutFeatures:N0} originals have no feature, so their copies cannot be found. ");
        html.Append(local.ChosenThreshold < 0
            ? "No inlier threshold kept the false pairs without the excluded ones at or below PDQ's.</p>"
            : string.Create(Invariant, $"The chosen threshold, {local.ChosenThreshold} inliers, is the lowest whose false pairs without the excluded ones are no more than PDQ's with all query variants at {ErrorRates.HeadlineThreshold} ({local.PdqUnrelatedFalsePairs:N0}).</p>"));
        html.Append(Figure("roc-local.svg", "ROC of the local-feature signal beside PDQ",
            "Each point is an inlier threshold: recall over every copy of the transforms measured, false-positive rate over the pairs of distinct originals (either as the query); the diamond is PDQ with all query variants at 31 on the same copies and pairs."));

        var rates = new HtmlTable("local-fpr-table", "inliers ≥", "false pairs", "upper 95 %", "without excluded", "upper 95 %", "recall, all copies");
        for (int k = 0; k < local.Thresholds.Count; k++)
        {
            LocalFalsePositiveRow row = local.FalsePositives[k];
            double recall = LocalRocPlot.Recall(local.Transforms, r => r.Recall[k]);
            rates.Add(
                new HtmlCell(row.Threshold.ToString(Invariant), row.Threshold), new HtmlCell(row.FalseMatches.ToString("N0", Invariant), row.FalseMatches),
                new HtmlCell(NumberText.Rate(row.High), row.High), new HtmlCell(row.UnrelatedFalseMatches.ToString("N0", Invariant), row.UnrelatedFalseMatches),
                new HtmlCell(NumberText.Rate(row.UnrelatedHigh), row.UnrelatedHigh), new HtmlCell(NumberText.Percent(recall), recall));
        }

        html.Append(rates.Render());
        var recallTable = new HtmlTable("local-recall-table", ["transform", "copies", $"PDQ all variants ≤ {ErrorRates.HeadlineThreshold}", .. local.Thresholds.Select(t => $"local ≥ {t}")]);
        foreach (LocalTransformRow row in local.Transforms)
        {
            recallTable.Add([
                row.Transform, new HtmlCell(row.Copies.ToString("N0", Invariant), row.Copies), new HtmlCell(NumberText.Percent(row.PdqRecall), row.PdqRecall),
                .. row.Recall.Select(r => new HtmlCell(NumberText.Percent(r), r)),
            ]);
        }

        html.Append(recallTable.Render());
        html.Append(Invariant, $"<p class=\"note\">The {local.FalsePairs.Count:N0} pairs of distinct originals matched with at least {local.Thresholds[0]} inliers, most inliers first; excluded pairs are the run's {E(result.ExcludedPairs)}. Thumbnails for the first {EvaluationRunner.MaxThumbnailPairs}; all pairs in <a href=\"local-false-pairs.csv\">local-false-pairs.csv</a>.</p>");
        if (local.FalsePairs.Count == 0)
        {
            return;
        }

        var pairs = new HtmlTable("local-pairs-table", "inliers", "first", "", "second", "", "excluded");
        foreach (LocalFalsePair pair in local.FalsePairs.Take(MaxListedPairs))
        {
            pairs.Add(new HtmlCell(pair.Inliers.ToString(Invariant), pair.Inliers), pair.NameA, ThumbnailCell(result, pair.A, pair.NameA), pair.NameB, ThumbnailCell(result, pair.B, pair.NameB), pair.Excluded ? "yes" : "no");
        }

        html.Append(pairs.Render());
    }

    private static void Quality(StringBuilder html, EvaluationResult result)
    {
        var table = new HtmlTable("quality-table", "quality", "originals", "copies", "FNR", "pairs", "FPR", "FPR upper 95 %");
        foreach (QualityRow row in result.QualityBuckets)
        {
            table.Add(row.Bucket, Number(row.Originals), Number(row.Copies), Shaded(row.Fnr), Number(row.Pairs), RateCell(row.Fpr), RateCell(row.Pairs == 0 ? double.NaN : row.FprHigh));
        }

        html.Append(Invariant, $"<h2 id=\"quality\">By PDQ quality</h2><p class=\"note\">At threshold {ErrorRates.HeadlineThreshold}: copies by their own quality (rotations and flips excluded), pairs by the lower quality of the two.</p>");
        html.Append(table.Render());
    }

    private static void Families(StringBuilder html, EvaluationResult result)
    {
        var table = new HtmlTable("family-table", "family", "originals", "median quality", "copies", "FNR");
        foreach (FamilyRow row in result.Families)
        {
            table.Add(row.Family, Number(row.Originals), Number(row.MedianQuality), Number(row.Copies), Shaded(row.Fnr));
        }

        html.Append(Invariant, $"<h2 id=\"families\">By image family</h2><p class=\"note\">At threshold {ErrorRates.HeadlineThreshold}, copies of the family's originals, rotations and flips excluded: PDQ's robustness depends strongly on content.</p>");
        html.Append(table.Render());
    }

    private static HtmlCell ThumbnailCell(EvaluationResult result, int index, string name) => result.Thumbnails.ContainsKey(index)
        ? new HtmlCell("", Html: $"<img src=\"{ThumbnailFolder}/{index}.png\" alt=\"{E(name)}\">")
        : new HtmlCell("");

    private static HtmlCell Shaded(double share) => new(NumberText.Percent(share), share, share);

    private static HtmlCell RateCell(double rate) => new(NumberText.Rate(rate), rate);

    private static HtmlCell Number(long value) => new(value.ToString("N0", Invariant), value);

    private static string Figure(string file, string alt, string caption) =>
        $"<figure><img src=\"{file}\" alt=\"{E(alt)}\" width=\"{ReportPlots.Width}\" height=\"{ReportPlots.Height}\"><figcaption>{E(caption)}</figcaption></figure>";

    private static string SourceText(EvaluationResult result) => result.ImagesFound is null ? "synthetic corpus" : result.Source;

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Asset(string name)
    {
        using Stream stream = typeof(ReportHtml).Assembly.GetManifestResourceStream($"HashMatch.Evaluation.Reporting.{name}")
            ?? throw new InvalidOperationException($"The report asset {name} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
