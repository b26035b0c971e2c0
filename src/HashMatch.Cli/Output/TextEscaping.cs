namespace HashMatch.Cli.Output;

/// <summary>
/// Keeps user-controlled text (file names, list contents) on one line and in one field: backslash, tab, carriage
/// return and line feed become <c>\\</c>, <c>\t</c>, <c>\r</c>, <c>\n</c>, and other control characters <c>\xNN</c>,
/// so a crafted file name cannot inject fake records into TSV output or fake lines into error output.
/// </summary>
internal static class TextEscaping
{
    /// <summary>
    /// The escaped text. Text without control characters is returned as it is (backslashes included, so ordinary
    /// paths stay readable); once anything is escaped, every backslash is too, so the escaping can be undone.
    /// </summary>
    public static string Control(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.AsSpan().ContainsAnyInRange('\0', '\x1f') && !text.Contains('\x7f', StringComparison.Ordinal))
        {
            return text;
        }

        var escaped = new System.Text.StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            _ = c switch
            {
                '\\' => escaped.Append(@"\\"),
                '\t' => escaped.Append(@"\t"),
                '\n' => escaped.Append(@"\n"),
                '\r' => escaped.Append(@"\r"),
                < ' ' or '\x7f' => escaped.Append(@"\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}
