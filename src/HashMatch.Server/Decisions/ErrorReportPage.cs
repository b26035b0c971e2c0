using System.Globalization;
using System.Text;
using HashMatch.Review;
using static HashMatch.Server.Reporting.HtmlPage;

namespace HashMatch.Server.Decisions;

/// <summary>
/// <c>hashmatch report errors --format html</c> and <c>GET /v1/reports/errors?format=html</c>: the error report as a page a compliance officer hands on — the
/// period, the deployment (store, tool version, every bank's threshold and role), the table with its columns named in
/// the regulation's words, what each technology is, and per bank what other PDQ thresholds would have done.
/// </summary>
internal static class ErrorReportPage
{
    public static string Render(
        IReadOnlyList<ErrorReportRow> rows,
        DateTimeOffset from,
        DateTimeOffset to,
        string? bank,
        string store,
        IReadOnlyList<(string Name, int MaxDistance, string Role, bool Enabled)> banks,
        IReadOnlyList<(string Bank, int Threshold, IReadOnlyList<ThresholdRow> Rows)> advice,
        SyntheticCurve? synthetic,
        string tool,
        DateTimeOffset made)
    {
        StringBuilder html = Begin("Hash matching: errors per technology",
            "Made by hashmatch from the match decisions its service recorded and the human reviews of them. It holds counts only: no hash, picture or reviewer name.");
        html.Append("<h2>Period and deployment</h2><table>");
        Row(html, "Period", $"{Time(from)} to {Time(to)} (decisions answered from the first, before the second; UTC)");
        Row(html, "Made", Time(made));
        Row(html, "Tool", tool);
        Row(html, "Store", store);
        if (bank is not null)
        {
            Row(html, "Bank", $"only decisions bank {bank} flagged");
        }

        Row(html, "Banks (threshold, role)", string.Join("\n", banks.Select(b => string.Create(CultureInfo.InvariantCulture,
            $"{b.Name}: PDQ within {b.MaxDistance} bits, {b.Role}{(b.Enabled ? "" : ", disabled")}"))));
        html.Append("</table>");

        bool byBank = rows.Any(r => r.Bank is not null);
        html.Append("<h2>Errors per technology</h2><table><tr><th>Technology</th>");
        if (byBank)
        {
            html.Append("<th>Bank</th>");
        }

        html.Append("<th class=\"num\">Flagged</th><th class=\"num\">Reviewed</th><th class=\"num\">Confirmed</th><th class=\"num\">False positives</th><th class=\"num\">Undetermined</th><th class=\"num\">False-positive ratio (95 % interval)</th><th class=\"num\">Complaints</th><th class=\"num\">Reinstated</th></tr>");
        foreach (ErrorReportRow row in rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(row.Technology)}</code></td>");
            if (byBank)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{E(row.Bank ?? "")}</td>");
            }

            string ratio = row.FalsePositiveRatio is { } r
                ? string.Create(CultureInfo.InvariantCulture, $"{r:P2} ({row.FalsePositiveRatioLow:P2} – {row.FalsePositiveRatioHigh:P2})")
                : "– (nothing confirmed or found false)";
            html.Append(CultureInfo.InvariantCulture,
                $"<td class=\"num\">{row.Flagged:N0}</td><td class=\"num\">{row.Reviewed:N0}</td><td class=\"num\">{row.Confirmed:N0}</td><td class=\"num\">{row.FalsePositives:N0}</td><td class=\"num\">{row.Undetermined:N0}</td><td class=\"num\">{E(ratio)}</td><td class=\"num\">{row.Complaints:N0}</td><td class=\"num\">{row.Reinstated:N0}</td></tr>");
        }

        html.Append("</table>");
        if (rows.Count == 0)
        {
            html.Append("<p>No decision was recorded in this period.</p>");
        }

        html.Append("""
            <h2>What the columns mean</h2><table>
            <tr><th>Flagged</th><td>Decisions the technology flagged: answers of the service in which it found a list entry within the bank's threshold (a "hit" in the regulation's reporting). A decision found by two technologies counts in both rows; the row <code>all</code> counts it once.</td></tr>
            <tr><th>Reviewed</th><td>Of those, decisions a human reviewer judged (the latest review stands).</td></tr>
            <tr><th>Confirmed / False positives / Undetermined</th><td>The reviewers' verdicts. A false positive is content the technology flagged that is not what the list's entry stands for: "the number and ratios of errors (false positives) of the different technologies used" (Regulation (EU) 2021/1232, art. 3(1)(g)(vii)).</td></tr>
            <tr><th>False-positive ratio</th><td>False positives / (confirmed + false positives); undetermined and unreviewed decisions are in neither. The interval is the 95 % Wilson score interval: with few reviews it is wide, and says how little the ratio means.</td></tr>
            <tr><th>Complaints / Reinstated</th><td>Complaints recorded against the decisions, and decisions reversed after one (content reinstated).</td></tr>
            </table>
            <h2>What each technology is</h2><table>
            <tr><th><code>md5</code>, <code>sha1</code>, <code>sha256</code></th><td>The upload's bytes are identical to a listed file's (cryptographic hash).</td></tr>
            <tr><th><code>pdq</code></th><td>Meta's perceptual hash: the picture is visually close to a listed one (re-encoded, resized, lightly edited), within the bank's threshold of 256 bits.</td></tr>
            <tr><th><code>pdq:pixel-dihedral</code></th><td>PDQ of the upload turned or mirrored (8 orientations).</td></tr>
            <tr><th><code>pdq:upscale</code></th><td>PDQ of a small upload enlarged before hashing.</td></tr>
            <tr><th><code>pdq:region</code></th><td>PDQ of a rectangle found inside the upload (a picture within a screenshot, collage or frame).</td></tr>
            <tr><th><code>pdq:augmented</code></th><td>PDQ against a crop of a listed picture that the list stores beside it.</td></tr>
            <tr><th><code>vpdq</code>, <code>tmk</code></th><td>Video: sampled frames' PDQ hashes, or the TMK+PDQF temporal signature.</td></tr>
            </table>
            """);

        foreach (var (name, threshold, thresholds) in advice.Where(a => a.Rows.Count > 0 && (a.Rows[^1].ConfirmedKept + a.Rows[^1].FalsePositivesKept) > 0))
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>PDQ thresholds for bank {E(name)} (now {threshold})</h2>");
            html.Append("<p class=\"note\">Reviewed decisions this bank flagged by PDQ, by the threshold that would have flagged them. Above the bank's own threshold nothing is added: what a higher threshold would have flagged was never reviewed.</p>");
            html.Append(Plot(thresholds, threshold));
            html.Append("<table><tr><th class=\"num\">Threshold</th><th class=\"num\">Confirmed kept</th><th class=\"num\">Confirmed lost</th><th class=\"num\">False positives kept</th><th class=\"num\">False positives avoided</th></tr>");
            ThresholdRow? previous = null;
            foreach (ThresholdRow row in thresholds)
            {
                // Only the thresholds where something changes, and the bank's own.
                if (previous is { } p && p.ConfirmedKept == row.ConfirmedKept && p.FalsePositivesKept == row.FalsePositivesKept && row.Threshold != threshold)
                {
                    continue;
                }

                previous = row;
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td class=\"num\">{row.Threshold}{(row.Threshold == threshold ? " (now)" : "")}</td><td class=\"num\">{row.ConfirmedKept:N0}</td><td class=\"num\">{row.ConfirmedLost:N0}</td><td class=\"num\">{row.FalsePositivesKept:N0}</td><td class=\"num\">{row.FalsePositivesAvoided:N0}</td></tr>");
            }

            html.Append("</table>");
            if (synthetic is not null)
            {
                Beside(html, thresholds, synthetic);
            }
        }

        return End(html);
    }

    /// <summary>
    /// The synthetic evaluation at its thresholds beside the reviewed decisions at the same ones: what the evaluation
    /// found of its copies and how often it matched different pictures, against what each threshold kept here.
    /// </summary>
    private static void Beside(StringBuilder html, IReadOnlyList<ThresholdRow> reviewed, SyntheticCurve synthetic)
    {
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Beside it, the synthetic evaluation ({E(synthetic.Source)}): the share of its edited copies plain PDQ found, and its false matches per pair of different pictures, at the thresholds it measured. The evaluation's pictures are generated, not this service's uploads: where the two disagree, the reviewed figures describe this deployment.</p>");
        html.Append("<table><tr><th class=\"num\">Threshold</th><th class=\"num\">Synthetic copies found</th><th class=\"num\">Synthetic false matches per pair</th><th class=\"num\">Reviewed: confirmed kept</th><th class=\"num\">Reviewed: false positives kept</th></tr>");
        long confirmed = reviewed.Count > 0 ? reviewed[^1].ConfirmedKept + reviewed[^1].ConfirmedLost : 0;
        foreach (var (threshold, found, rate) in synthetic.Points)
        {
            ThresholdRow? here = reviewed.Any(r => r.Threshold == threshold) ? reviewed.First(r => r.Threshold == threshold) : null;
            string kept = here is not { } h ? "–" : confirmed > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{h.ConfirmedKept:N0} ({(double)h.ConfirmedKept / confirmed:P1})")
                : h.ConfirmedKept.ToString("N0", CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td class=\"num\">{threshold}</td><td class=\"num\">{found:P1}</td><td class=\"num\">{rate:0.###e+0}</td><td class=\"num\">{E(kept)}</td><td class=\"num\">{(here is { } k ? k.FalsePositivesKept.ToString("N0", CultureInfo.InvariantCulture) : "–")}</td></tr>");
        }

        html.Append("</table>");
    }

    /// <summary>
    /// The advice as a line plot drawn inline (SVG markup, nothing fetched, so the page's policy holds): confirmed
    /// decisions kept (green) and false positives kept (red) against the threshold, the bank's own marked.
    /// </summary>
    private static string Plot(IReadOnlyList<ThresholdRow> rows, int current)
    {
        const int Width = 640, Height = 220, Left = 48, Bottom = 28, Top = 10, Right = 10;
        double most = Math.Max(1, rows.Max(r => Math.Max(r.ConfirmedKept, r.FalsePositivesKept)));
        double X(int threshold) => Left + ((Width - Left - Right) * threshold / (double)ThresholdAdvice.MaxThreshold);
        double Y(long count) => Height - Bottom - ((Height - Bottom - Top) * count / most);
        string Line(Func<ThresholdRow, long> value) => string.Join(" ", rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{X(r.Threshold):0.#},{Y(value(r)):0.#}")));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"Confirmed decisions and false positives kept at each PDQ threshold\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#555\"/><line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#555\"/>");
        foreach (int tick in (int[])[0, 16, 32, 48, 64])
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(tick):0.#}\" y=\"{Height - 10}\" font-size=\"11\" text-anchor=\"middle\">{tick}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Top + 10}\" font-size=\"11\" text-anchor=\"end\">{most:N0}</text><text x=\"{Left - 6}\" y=\"{Height - Bottom}\" font-size=\"11\" text-anchor=\"end\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(current):0.#}\" y1=\"{Top}\" x2=\"{X(current):0.#}\" y2=\"{Height - Bottom}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#146c2e\" stroke-width=\"2\" points=\"{Line(r => r.ConfirmedKept)}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#b3261e\" stroke-width=\"2\" points=\"{Line(r => r.FalsePositivesKept)}\"/>");
        svg.Append("</svg><p class=\"note\">Green: confirmed decisions kept; red: false positives kept; dashed: the bank's threshold. The synthetic evaluation's curve for the same thresholds is in docs/evaluation.md.</p>");
        return svg.ToString();
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

/// <summary>A synthetic evaluation's curve for the error report page: the share of copies found and the false-match rate per pair at each threshold it measured.</summary>
/// <param name="Source">Where it comes from (the evaluation's folder), as the page names it.</param>
/// <param name="Points">Each threshold with its share found and its false-match rate.</param>
public sealed record SyntheticCurve(string Source, IReadOnlyList<(int Threshold, double Found, double FalseMatchRate)> Points);
