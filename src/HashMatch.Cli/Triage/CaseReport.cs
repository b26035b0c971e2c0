using System.Globalization;
using System.Text;
using HashMatch.Cli.Output;
using HashMatch.IO;
using HashMatch.Server.Reporting;
using static HashMatch.Server.Reporting.HtmlPage;

namespace HashMatch.Cli.Triage;

/// <summary>
/// The case report (<c>report.html</c>): one self-contained page an investigator hands on — no script, no external
/// asset, and no picture of the seized material: paths, hashes, categories and counts only. It gives what was
/// examined and with which lists (checksums, thresholds, tool version), totals per outcome, category, list and
/// method, the files by outcome (the first <see cref="CaseTotals.ShownRows"/> of each; files.tsv has all), and what
/// each method that found something means, in plain words.
/// </summary>
internal static class CaseReport
{
    public const string FileName = "report.html";

    public static void Write(string folder, CaseSettings settings, CaseTotals totals)
    {
        var sessions = CaseJournal.Sessions(Path.Combine(folder, CaseJournal.JournalFile)).ToList();
        StringBuilder html = HtmlPage.Begin("Triage case report",
            "Made by hashmatch from the case's journal. It shows hashes, paths, categories and counts only — no picture of any file examined.");
        html.Append("<h2>Case</h2><table>");
        Row(html, "Tool", $"hashmatch {settings.ToolVersion}");
        Row(html, "Started", sessions.Count > 0 ? sessions[0].At : "");
        Row(html, "Finished", sessions.Count > 0 ? sessions[^1].At : "");
        Row(html, "Sessions", string.Join("; ", sessions.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Session} {s.At} ({s.Files:N0} files done)"))));
        Row(html, "Sources", string.Join("\n", settings.Sources.Append(settings.FilesFrom is null ? "" : $"paths listed in {settings.FilesFrom}").Where(s => s.Length > 0)));
        Row(html, "PDQ threshold", $"{settings.MaxDistance} bits of 256 (a match is at most this far)");
        Row(html, "Minimum PDQ quality", $"{settings.MinQuality} (closer pictures with less detail are reported as low-quality matches)");
        Row(html, "Query variants", settings.Variants);
        Row(html, "Files examined", string.Create(CultureInfo.InvariantCulture, $"{totals.Files:N0} ({totals.Bytes:N0} bytes)"));
        html.Append("</table>");

        html.Append("<h2>Lists</h2><table><tr><th>List</th><th>Role</th><th>Kind</th><th>Format</th><th class=\"num\">Entries</th><th>SHA-256</th><th>Path</th></tr>");
        foreach (CaseList list in settings.Lists)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(list.Name)}</td><td>{E(list.Role)}</td><td>{E(list.Kind)}</td><td>{E(list.Format)}</td><td class=\"num\">{list.Entries:N0}</td><td><code>{list.Sha256}</code></td><td><code>{E(list.Path)}</code></td></tr>");
        }

        html.Append("</table>");

        html.Append("<h2>Outcomes</h2><table><tr><th>Outcome</th><th class=\"num\">Files</th><th>Meaning</th></tr>");
        foreach ((TriageOutcome outcome, long count) in totals.Outcomes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{TriageOutcomes.Name(outcome)}</td><td class=\"num\">{count:N0}</td><td>{E(Meaning(outcome))}</td></tr>");
        }

        html.Append("</table>");

        html.Append("<h2>Matched files by category</h2>");
        Counts(html, "Category (of the list entry that matched)", totals.Categories);
        html.Append("<h2>Files per list</h2><table><tr><th>List</th><th class=\"num\">Matched</th><th class=\"num\">Excluded</th><th class=\"num\">Low-quality matches</th></tr>");
        foreach ((string list, CaseTotals.ListTally tally) in totals.Lists)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(list)}</td><td class=\"num\">{tally.Matched:N0}</td><td class=\"num\">{tally.Excluded:N0}</td><td class=\"num\">{tally.LowQuality:N0}</td></tr>");
        }

        html.Append("</table>");

        html.Append("<h2>How the matched files were found</h2>");
        Counts(html, "Method", totals.Methods);
        var methods = totals.Methods.Keys.Concat(totals.Shown.Values.SelectMany(rows => rows).Select(f => f.Best?.Method).OfType<string>()).Distinct().Order(StringComparer.Ordinal).ToList();
        if (methods.Count > 0)
        {
            html.Append("<dl>");
            foreach (string method in methods)
            {
                html.Append(CultureInfo.InvariantCulture, $"<dt><code>{E(method)}</code></dt><dd>{E(Explain(method, settings.MaxDistance))}</dd>");
            }

            html.Append("</dl>");
        }

        foreach (TriageOutcome outcome in TriageOutcomes.All.Where(o => o != TriageOutcome.NoMatch))
        {
            Files(html, outcome, totals);
        }

        AtomicFile.WriteAllText(Path.Combine(folder, FileName), HtmlPage.End(html));
    }

    private static void Files(StringBuilder html, TriageOutcome outcome, CaseTotals totals)
    {
        List<CaseTotals.ShownFile> rows = totals.Shown[outcome];
        long count = totals.Outcomes[outcome];
        html.Append(CultureInfo.InvariantCulture, $"<h2>Files: {TriageOutcomes.Name(outcome)} ({count:N0})</h2>");
        if (count == 0)
        {
            html.Append("<p>None.</p>");
            return;
        }

        if (count > rows.Count)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">The first {rows.Count:N0} of {count:N0}; files.tsv lists every file.</p>");
        }

        bool hits = outcome is TriageOutcome.Match or TriageOutcome.LowQualityMatch or TriageOutcome.Excluded;
        html.Append(hits
            ? "<table><tr><th class=\"num\">#</th><th>Path</th><th>List</th><th>Entry</th><th>Category</th><th>Method</th><th class=\"num\">Distance</th><th class=\"num\">Qualities (file, entry)</th></tr>"
            : "<table><tr><th class=\"num\">#</th><th>Path</th><th>Why</th></tr>");
        foreach (CaseTotals.ShownFile file in rows)
        {
            if (hits && file.Best is { } best)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td class=\"num\">{file.Seq}</td><td><code>{E(file.Path)}</code></td><td>{E(best.List)}</td><td>{E(best.EntryId)}</td><td>{E(best.Category ?? "")}</td><td><code>{E(best.Method)}</code></td><td class=\"num\">{best.Distance}</td><td class=\"num\">{best.QueryQuality?.ToString(CultureInfo.InvariantCulture) ?? "–"}, {best.EntryQuality?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td></tr>");
            }
            else
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"num\">{file.Seq}</td><td><code>{E(file.Path)}</code></td><td>{E(file.Detail)}</td></tr>");
            }
        }

        html.Append("</table>");
    }

    private static string Meaning(TriageOutcome outcome) => outcome switch
    {
        TriageOutcome.Match => "A list entry matched: the same bytes (MD5, SHA-1, SHA-256), or a picture within the PDQ threshold with enough detail in both.",
        TriageOutcome.LowQualityMatch => "Within the PDQ threshold, but the file's or the entry's picture has too little detail for PDQ alone to be sure: near-identical copies of plain pictures look like this. Review each.",
        TriageOutcome.Excluded => "An exclusion list (known-good files such as NSRL, or confirmed false positives) matched the file.",
        TriageOutcome.NoMatch => "Examined — exact hashes, and PDQ when it is a picture — and nothing in the lists came close.",
        TriageOutcome.Failed => "Could not be read, or a picture or video that could not be decoded; exact hashes were compared whenever the bytes could be read.",
        TriageOutcome.Skipped => "Not read: not a regular file (a named pipe, a device), or a link to a folder that was not followed.",
        _ => "",
    };

    /// <summary>A method key (<see cref="CaseTotals.MethodKey"/>) in plain words.</summary>
    private static string Explain(string method, int threshold)
    {
        string[] parts = method.Split(' ');
        if (parts[0] != "pdq")
        {
            return $"The file's bytes are identical to the listed file's: their {parts[0].ToUpperInvariant()} checksums are equal.";
        }

        string how = parts.Length < 2 ? "the picture as it is" : parts[1] switch
        {
            "upscaled" => "the small picture enlarged",
            "region" => "a rectangle cut out of the picture (a picture inside a screenshot, collage, border or another picture; hits.tsv gives the rectangle)",
            _ when PdqVariantNames.TryParse(parts[1], out PdqVariant turn) => turn switch
            {
                PdqVariant.Original => "the picture as it is",
                PdqVariant.Rotate90 => "the picture turned by 90°",
                PdqVariant.Rotate180 => "the picture turned by 180°",
                PdqVariant.Rotate270 => "the picture turned by 270°",
                PdqVariant.FlipX => "the picture mirrored left to right",
                PdqVariant.FlipY => "the picture mirrored top to bottom",
                PdqVariant.FlipPlus1 => "the picture mirrored about its main diagonal",
                _ => "the picture mirrored about its other diagonal",
            },
            _ => parts[1],
        };
        string augmented = parts.Length > 2 ? " The list's entry is itself a crop of a known picture, stored so that cropped copies match." : "";
        return $"Perceptual match (PDQ): {how} looks like the listed picture — at most {threshold} of PDQ's 256 bits differ, where unrelated pictures differ in about 128.{augmented}";
    }

    private static void Counts(StringBuilder html, string heading, SortedDictionary<string, long> counts)
    {
        if (counts.Count == 0)
        {
            html.Append("<p>None.</p>");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<table><tr><th>{E(heading)}</th><th class=\"num\">Files</th></tr>");
        foreach ((string key, long count) in counts)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(key)}</td><td class=\"num\">{count:N0}</td></tr>");
        }

        html.Append("</table>");
    }
}
