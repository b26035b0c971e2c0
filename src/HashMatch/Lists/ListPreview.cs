namespace HashMatch.Lists;

/// <summary>The start of a list, decoded, for layout detection (<see cref="IListFormat.Detect"/>).</summary>
internal sealed class ListPreview
{
    public ListPreview(string text)
    {
        Text = text;
        int number = 0;
        foreach (string line in text.Split('\n'))
        {
            number++;
            string trimmed = line.Trim();
            if (trimmed.Length > 0 && trimmed[0] != '#')
            {
                FirstLine = trimmed;
                FirstLineNumber = number;
                break;
            }
        }
    }

    /// <summary>The first bytes of the list as text (the byte-order mark removed).</summary>
    public string Text { get; }

    /// <summary>The first line that is neither blank nor a <c>#</c> comment, trimmed; null when there is none.</summary>
    public string? FirstLine { get; }

    /// <summary>The 1-based line number of <see cref="FirstLine"/> (lines split at \n).</summary>
    public int FirstLineNumber { get; }

    /// <summary>Fields of <see cref="FirstLine"/> split at <paramref name="separator"/>, trimmed (quotes kept).</summary>
    public string[] FirstFields(char separator) => FirstLine is null ? [] : [.. FirstLine.Split(separator).Select(f => f.Trim())];

    /// <summary>Whether <paramref name="text"/> is all hex digits and <paramref name="length"/> long.</summary>
    public static bool IsHex(ReadOnlySpan<char> text, int length) => text.Length == length && !text.ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
