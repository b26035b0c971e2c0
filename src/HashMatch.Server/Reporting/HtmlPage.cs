using System.Globalization;
using System.Net;
using System.Text;

namespace HashMatch.Server.Reporting;

/// <summary>
/// The self-contained HTML pages written for people to hand on (the error report, which the service and the command
/// both give, and the command's triage case report): one style, a strict Content-Security-Policy (no script, no
/// images, nothing fetched), text escaped.
/// </summary>
public static class HtmlPage
{
    /// <summary>Starts a page: the head with its policy and style, the title as heading, and a note under it.</summary>
    public static StringBuilder Begin(string title, string note)
    {
        var html = new StringBuilder(1 << 16);
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}}</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:80em;padding:0 1em;color:#111}
            h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
            table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.92em;word-break:break-all}
            .note{color:#444}
            </style></head><body>
            <h1>{{E(title)}}</h1>
            <p class="note">{{E(note)}}</p>

            """);
        return html;
    }

    /// <summary>A row of a two-column table: a heading and a value (line breaks kept).</summary>
    public static void Row(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(name)}</th><td>{E(value).Replace("\n", "<br>", StringComparison.Ordinal)}</td></tr>");

    /// <summary>Ends the page.</summary>
    public static string End(StringBuilder html) => html.Append("</body></html>\n").ToString();

    /// <summary><paramref name="text"/> escaped for HTML text and attribute values.</summary>
    public static string E(string text) => WebUtility.HtmlEncode(text);
}
