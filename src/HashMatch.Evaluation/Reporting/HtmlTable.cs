using System.Globalization;
using System.Net;
using System.Text;

namespace HashMatch.Evaluation;

/// <summary>One cell of an <see cref="HtmlTable"/>: its text, the number it sorts by, and optional markup.</summary>
/// <param name="Text">Shown (HTML-encoded).</param>
/// <param name="SortValue">The number the column sorts by; null sorts by the text.</param>
/// <param name="Shade">A share 0..1 that tints the cell from green (0) to red (1), e.g. a false-negative rate; null for none.</param>
/// <param name="Html">Markup shown instead of <paramref name="Text"/> (already safe), e.g. an image.</param>
internal readonly record struct HtmlCell(string Text, double? SortValue = null, double? Shade = null, string? Html = null)
{
    public static implicit operator HtmlCell(string text) => new(text);
}

/// <summary>
/// An HTML table with a header row; columns sort on a click of their header (the report's inline script), by the
/// cells' numbers where they have them. Numeric columns are right-aligned.
/// </summary>
internal sealed class HtmlTable(string id, params string[] headers)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly List<HtmlCell[]> _rows = [];

    public int Count => _rows.Count;

    public HtmlTable Add(params HtmlCell[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Table {id} has {headers.Length} columns, the row {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public string Render()
    {
        bool[] numeric = [.. Enumerable.Range(0, headers.Length).Select(c => _rows.Count > 0 && _rows.All(r => r[c].SortValue is not null))];
        var html = new StringBuilder();
        html.Append(Invariant, $"<div class=\"scroll\"><table class=\"sortable\" id=\"{id}\"><thead><tr>");
        for (int c = 0; c < headers.Length; c++)
        {
            html.Append(Invariant, $"<th scope=\"col\"{(numeric[c] ? " class=\"num\"" : "")} title=\"click to sort\">{WebUtility.HtmlEncode(headers[c])}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (HtmlCell[] row in _rows)
        {
            html.Append("<tr>");
            for (int c = 0; c < row.Length; c++)
            {
                HtmlCell cell = row[c];
                html.Append("<td");
                if (numeric[c])
                {
                    html.Append(" class=\"num\"");
                }

                if (cell.SortValue is { } value)
                {
                    html.Append(Invariant, $" data-v=\"{(double.IsFinite(value) ? value.ToString("R", Invariant) : "")}\"");
                }

                if (cell.Shade is { } shade && double.IsFinite(shade))
                {
                    // Hue 120 (green) at 0 to 0 (red) at 1, pale enough for black text.
                    html.Append(Invariant, $" style=\"background:hsl({120 * (1 - Math.Clamp(shade, 0, 1)):0},70%,88%)\"");
                }

                html.Append('>').Append(cell.Html ?? WebUtility.HtmlEncode(cell.Text)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>");
        return html.ToString();
    }
}
