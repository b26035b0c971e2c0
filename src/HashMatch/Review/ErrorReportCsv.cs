using System.Globalization;

namespace HashMatch.Review;

/// <summary>
/// The error report as CSV (RFC 4180): a header of <see cref="Columns"/>, then one line per <see cref="ErrorReportRow"/>.
/// The service's <c>GET /v1/reports/errors</c> and <c>hashmatch report errors --format csv</c> both write it; the JSON
/// form uses the same names.
/// </summary>
public static class ErrorReportCsv
{
    /// <summary>The columns, in order: the regulation's counts per technology, the ratio with its 95 % interval, complaints.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "technology", "bank", "flagged", "reviewed", "confirmed", "false_positives", "undetermined",
        "fp_ratio", "fp_ratio_low", "fp_ratio_high", "complaints", "reinstated",
    ];

    /// <summary>Writes the header and <paramref name="rows"/>; ratios with six decimals, empty when undefined.</summary>
    public static void Write(TextWriter writer, IEnumerable<ErrorReportRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.Write(string.Join(",", Columns));
        writer.Write("\r\n");
        foreach (ErrorReportRow row in rows)
        {
            writer.Write(string.Join(",",
                Field(row.Technology), Field(row.Bank ?? ""), Number(row.Flagged), Number(row.Reviewed), Number(row.Confirmed),
                Number(row.FalsePositives), Number(row.Undetermined), Ratio(row.FalsePositiveRatio), Ratio(row.FalsePositiveRatioLow),
                Ratio(row.FalsePositiveRatioHigh), Number(row.Complaints), Number(row.Reinstated)));
            writer.Write("\r\n");
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "";

    // Bank names are [A-Za-z0-9._-] and technologies are fixed, but a field that ever held a comma or quote must not
    // shift the columns.
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
