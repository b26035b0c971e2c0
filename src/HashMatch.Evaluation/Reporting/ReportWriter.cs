using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text;
using HashMatch.IO;

namespace HashMatch.Evaluation;

/// <summary>
/// Writes a run's report folder: <c>result.json</c>, <c>fnr.csv</c>, <c>fpr.csv</c>, <c>summary.md</c>, plots as PNG
/// and SVG (ROC, distance histograms, recall against strength) and an <c>index.html</c> showing them together.
/// Every file is written atomically.
/// </summary>
public static class ReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

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

        Text("result.json", JsonSerializer.Serialize(result, Json));
        Text("fnr.csv", FalseNegativeCsv(result));
        Text("fpr.csv", FalsePositiveCsv(result));
        string summary = SummaryMarkdown.Render(result, command);
        Text("summary.md", summary);
        files.AddRange(ReportPlots.Write(result, folder));
        Text("index.html", Html(result, summary));
        return files;
    }

    private static string FalseNegativeCsv(EvaluationResult result)
    {
        var csv = new StringBuilder();
        csv.Append("transform,kind,parameter,copies,median_distance");
        foreach (string prefix in new[] { "fnr", "fnr_dihedral", "fnr_min_quality" })
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
            foreach (IReadOnlyList<double> rates in new[] { row.Fnr, row.FnrDihedral, row.FnrWithMinQuality })
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
        csv.Append("threshold,dihedral,quality_limited,pairs,false_matches,rate,ci_low,ci_high");
        foreach (OperatorFigure figure in result.FalsePositives[0].PerMillionUploads)
        {
            csv.Append(Invariant, $",per_million_uploads_m{figure.ListSize},per_million_uploads_m{figure.ListSize}_upper");
        }

        csv.AppendLine();
        foreach (FalsePositiveRow row in result.FalsePositives)
        {
            csv.Append(Invariant, $"{row.Threshold},{(row.Dihedral ? 1 : 0)},{(row.QualityLimited ? 1 : 0)},{row.Pairs},{row.FalseMatches},{row.Rate:R},{row.Low:R},{row.High:R}");
            foreach (OperatorFigure figure in row.PerMillionUploads)
            {
                csv.Append(Invariant, $",{figure.Expected:R},{figure.UpperBound:R}");
            }

            csv.AppendLine();
        }

        return csv.ToString();
    }

    private static string Html(EvaluationResult result, string summary)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>HashMatch evaluation</title>");
        html.AppendLine("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}img{max-width:100%;border:1px solid #ddd;margin:.5em 0}pre{white-space:pre-wrap;background:#f6f6f6;padding:1em}</style></head><body>");
        html.AppendLine(Invariant, $"<h1>HashMatch evaluation: {WebUtility.HtmlEncode(result.Source)}, {result.Originals:N0} originals, seed {result.Seed}</h1>");
        foreach (var (file, caption) in ReportPlots.Captions)
        {
            html.AppendLine(Invariant, $"<figure><img src=\"{file}.svg\" alt=\"{WebUtility.HtmlEncode(caption)}\"><figcaption>{WebUtility.HtmlEncode(caption)}</figcaption></figure>");
        }

        html.AppendLine("<h2>Summary</h2><pre>" + WebUtility.HtmlEncode(summary) + "</pre>");
        html.AppendLine("<p>Data: <a href=\"result.json\">result.json</a>, <a href=\"fnr.csv\">fnr.csv</a>, <a href=\"fpr.csv\">fpr.csv</a>.</p></body></html>");
        return html.ToString();
    }
}
