using System.Globalization;

namespace HashMatch.Evaluation;

/// <summary>One threshold of a finished evaluation run: the share of its copies found and its false-match rate.</summary>
/// <param name="Threshold">The PDQ threshold (bits).</param>
/// <param name="Found">Copies found at this threshold over every transform of the run (1 − FNR, weighted by copies), plain PDQ.</param>
/// <param name="FalseMatchRate">False matches per pair of different originals at this threshold, plain PDQ without quality limits.</param>
public sealed record EvaluationCurvePoint(int Threshold, double Found, double FalseMatchRate);

/// <summary>
/// Reads the curve of a finished <c>hashmatch eval --out DIR</c> run back from its <c>fnr.csv</c> and <c>fpr.csv</c>
/// (<see cref="ReportWriter"/> writes them), so that an operator's report can show the synthetic figures beside the
/// ones from reviewed decisions (<c>hashmatch report errors --evaluation DIR</c>).
/// </summary>
public static class EvaluationCurve
{
    /// <summary>The run's thresholds in ascending order.</summary>
    /// <exception cref="HashMatchException">A file is missing or not the shape <see cref="ReportWriter"/> writes (<see cref="HashMatchErrorReason.Malformed"/> or <see cref="HashMatchErrorReason.Unreadable"/>).</exception>
    public static IReadOnlyList<EvaluationCurvePoint> Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string fnrPath = Path.Combine(folder, "fnr.csv"), fprPath = Path.Combine(folder, "fpr.csv");
        string[][] fnr = Rows(fnrPath), fpr = Rows(fprPath);

        // fnr.csv: transform,kind,parameter,copies,median_distance, then fnr_t{T} for each threshold (plain PDQ), then
        // the other modes' columns.
        string[] header = fnr[0];
        int copiesColumn = Column(header, "copies", fnrPath);
        var thresholds = new List<(int Threshold, int Column)>();
        for (int i = 0; i < header.Length; i++)
        {
            if (header[i].StartsWith("fnr_t", StringComparison.Ordinal) && int.TryParse(header[i].AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int t))
            {
                thresholds.Add((t, i));
            }
        }

        if (thresholds.Count == 0)
        {
            throw new HashMatchException(fnrPath, HashMatchErrorReason.Malformed, "no fnr_t<threshold> column: not an evaluation's fnr.csv");
        }

        string[] fprHeader = fpr[0];
        int fprThreshold = Column(fprHeader, "threshold", fprPath), matching = Column(fprHeader, "matching", fprPath),
            limited = Column(fprHeader, "quality_limited", fprPath), rate = Column(fprHeader, "rate", fprPath);
        var points = new List<EvaluationCurvePoint>();
        foreach (var (threshold, column) in thresholds)
        {
            double copies = 0, found = 0;
            foreach (string[] row in fnr.Skip(1))
            {
                double n = Number(row, copiesColumn, fnrPath);
                copies += n;
                found += n * (1 - Number(row, column, fnrPath));
            }

            string[]? plain = fpr.Skip(1).FirstOrDefault(r => r.Length > rate && r[matching] == "plain" && r[limited] == "0" && r[fprThreshold] == threshold.ToString(CultureInfo.InvariantCulture))
                ?? throw new HashMatchException(fprPath, HashMatchErrorReason.Malformed, $"no plain row for threshold {threshold}");
            points.Add(new EvaluationCurvePoint(threshold, copies > 0 ? found / copies : 0, Number(plain, rate, fprPath)));
        }

        return [.. points.OrderBy(p => p.Threshold)];
    }

    private static string[][] Rows(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, $"cannot read the evaluation's file: {e.Message}", e);
        }

        // The writer quotes nothing: transform names and labels hold no commas.
        string[][] rows = [.. lines.Where(l => l.Length > 0).Select(l => l.Split(','))];
        return rows.Length >= 2 ? rows : throw new HashMatchException(path, HashMatchErrorReason.Malformed, "no rows: not a finished evaluation's file");
    }

    private static int Column(string[] header, string name, string path)
    {
        int column = Array.IndexOf(header, name);
        return column >= 0 ? column : throw new HashMatchException(path, HashMatchErrorReason.Malformed, $"no column '{name}'");
    }

    private static double Number(string[] row, int column, string path) =>
        column < row.Length && double.TryParse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new HashMatchException(path, HashMatchErrorReason.Malformed, $"row '{string.Join(',', row.Take(1))}': column {column + 1} is not a number");
}
