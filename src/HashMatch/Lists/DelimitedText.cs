using System.Text;

namespace HashMatch.Lists;

/// <summary>
/// Fields of one delimited line (CSV, TSV, ICSE's semicolons), RFC 4180 quoting: a field in double quotes may hold the
/// delimiter, and <c>""</c> is a quote. Records are lines: a quoted field cannot span lines.
/// </summary>
internal static class DelimitedText
{
    /// <summary>Splits <paramref name="line"/> into <paramref name="fields"/>; returns why it cannot be, or null.</summary>
    public static string? Split(string line, char delimiter, List<string> fields, StringBuilder scratch)
    {
        fields.Clear();
        scratch.Clear();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"')
                {
                    scratch.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    scratch.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"' && scratch.ToString().Trim().Length == 0)
            {
                quoted = true;
                scratch.Clear();
            }
            else if (c == delimiter)
            {
                fields.Add(scratch.ToString());
                scratch.Clear();
            }
            else
            {
                scratch.Append(c);
            }
        }

        fields.Add(scratch.ToString());
        return quoted ? $"field {fields.Count} opens a quote that the line does not close" : null;
    }

    /// <summary>The field as written: quoted when it holds the delimiter, a quote, or leading or trailing space.</summary>
    public static string Quote(string field, char delimiter)
    {
        bool needs = field.Length > 0 && (field.Contains(delimiter, StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal)
            || char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1]));
        return needs ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
    }
}
