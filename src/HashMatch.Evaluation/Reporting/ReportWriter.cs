using System.Globalization;
using System.Text;
using System.Text.Json;
using HashMatch.IO;

namespace HashMatch.Evaluation;

/// <summary>
/// Writes a run's report folder: <c>result.json</c>, <c>fnr.csv</c>, <c>fpr.csv</c>, <c>close-pairs.csv</c>,
/// <c>summary.md</c>, plots as PNG and SVG (ROC, distance histograms, one recall panel per transform and all of them
/// in one figure), thumbnails of the closest pairs (<c>pairs/</c>) and an <c>index.html</c> showing them together.
/// Every file is written atomically.
/// </summary>
public static class ReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The font file the plots' labels use, or null when none was found (labels are then missing).</summary>
    public static string? PlotFont => ReportPlots.FontPath;

    /// <summary>Writes the report for <paramref name="result"/> into <paramref name="folder"/> (created if needed); returns the files written.</summary>
    public static IReadOnlyList<string> Write(EvaluationResult result, string folder, string command)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        void Text(string name, string content)
        {
            string path = Path.Combine(folder, name);
            AtomicFile.WriteAllText(path, content);
            files.Add(path);
        }

        Text("result.json", JsonSerializer.Serialize(result, ResultJson.Default.EvaluationResult));
        Text("fnr.csv", FalseNegativeCsv(result));
        Text("fpr.csv", FalsePositiveCsv(result));
        Text("close-pairs.csv", ClosePairCsv(result));
        if (result.Local is { } local)
        {
            Text("local-false-pairs.csv", LocalFalsePairCsv(local));
        }

        Text("summary.md", SummaryMarkdown.Render(result, command));
        files.AddRange(ReportPlots.Write(result, folder));
        string thumbnails = Path.Combine(folder, ReportHtml.ThumbnailFolder);
        if (result.Thumbnails.Count > 0)
        {
            Directory.CreateDirectory(thumbnails);
        }

        foreach (var (index, png) in result.Thumbnails)
        {
            string path = Path.Combine(thumbnails, $"{index}.png");
            AtomicFile.Write(path, stream => stream.Write(png));
            files.Add(path);
        }

        Text("index.html", ReportHtml.Render(result, command));
        return files;
    }

    private static string LocalFalsePairCsv(LocalResult local)
    {
        // The close pairs' columns where they mean the same.
        var csv = new StringBuilder();
        csv.AppendLine("a,b,name_a,name_b,inliers,excluded");
        foreach (LocalFalsePair pair in local.FalsePairs)
        {
            csv.AppendLine(Invariant, $"{pair.A},{pair.B},{Quoted(pair.NameA)},{Quoted(pair.NameB)},{pair.Inliers},{(pair.Excluded ? 1 : 0)}");
        }

        return csv.ToString();
    }

    private static string FalseNegativeCsv(EvaluationResult result)
    {
        var csv = new StringBuilder();
        csv.Append("transform,kind,parameter,copies,median_distance");
        foreach (string prefix in (string[])["fnr", "fnr_variants", "fnr_min_quality", .. MatchingModes.All.Select(m => "fnr_" + m.Label().Replace(' ', '_').Replace('-', '_'))])
        {
            foreach (int t in result.Thresholds)
            {
                csv.Append(Invariant, $",{prefix}_t{t}");
            }
        }

        csv.AppendLine();
        foreach (TransformRow row in result.Transforms)
        {
            csv.Append(Invariant, $"{row.Transform},{row.Kind},{row.Parameter},{row.Copies},{row.MedianDistance}");
            foreach (IReadOnlyList<double> rates in (IReadOnlyList<double>[])[row.Fnr, row.FnrVariants, row.FnrWithMinQuality, .. row.FnrByMode])
            {
                foreach (double rate in rates)
                {
                    csv.Append(Invariant, $",{rate:R}");
                }
            }

            csv.AppendLine();
        }

        return csv.ToString();
    }

    private static string FalsePositiveCsv(EvaluationResult result)
    {
        var csv = new StringBuilder();
        csv.Append("threshold,matching,quality_limited,pairs,false_matches,rate,ci_low,ci_high");
        foreach (OperatorFigure figure in result.FalsePositives[0].PerMillionUploads)
        {
            csv.Append(Invariant, $",per_million_uploads_m{figure.ListSize},per_million_uploads_m{figure.ListSize}_upper");
        }

        // The same with the excluded pairs (designed near-duplicates, or the same picture twice) left out: what the report shows.
        csv.Append(",unrelated_pairs,unrelated_false_matches,unrelated_rate,unrelated_ci_high");
        foreach (OperatorFigure figure in result.FalsePositives[0].UnrelatedPerMillionUploads)
        {
            csv.Append(Invariant, $",unrelated_per_million_uploads_m{figure.ListSize},unrelated_per_million_uploads_m{figure.ListSize}_upper");
        }

        csv.AppendLine();
        foreach (FalsePositiveRow row in result.FalsePositives)
        {
            csv.Append(Invariant, $"{row.Threshold},{row.Matching.Label()},{(row.QualityLimited ? 1 : 0)},{row.Pairs},{row.FalseMatches},{row.Rate:R},{row.Low:R},{row.High:R}");
            foreach (OperatorFigure figure in row.PerMillionUploads)
            {
                csv.Append(Invariant, $",{figure.Expected:R},{figure.UpperBound:R}");
            }

            csv.Append(Invariant, $",{row.UnrelatedPairs},{row.UnrelatedFalseMatches},{row.UnrelatedRate:R},{row.UnrelatedHigh:R}");
            foreach (OperatorFigure figure in row.UnrelatedPerMillionUploads)
            {
                csv.Append(Invariant, $",{figure.Expected:R},{figure.UpperBound:R}");
            }

            csv.AppendLine();
        }

        return csv.ToString();
    }

    private static string ClosePairCsv(EvaluationResult result)
    {
        var csv = new StringBuilder();
        csv.AppendLine("a,b,name_a,name_b,distance,variant_distance,excluded,verdict,pixel_difference");
        foreach (ClosePair pair in result.ClosePairs)
        {
            csv.AppendLine(Invariant, $"{pair.A},{pair.B},{Quoted(pair.NameA)},{Quoted(pair.NameB)},{pair.Distance},{pair.VariantDistance},{(pair.Excluded ? 1 : 0)},{Quoted(pair.Verdict)},{pair.PixelDifference?.ToString("R", Invariant)}");
        }

        return csv.ToString();
    }

    /// <summary>A CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.</summary>
    private static string Quoted(string field) => field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
