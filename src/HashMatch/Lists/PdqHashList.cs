namespace HashMatch;

/// <summary>
/// Reads plain PDQ hash lists: one hash (64 hex digits) per line, optionally followed by a comma or tab and further
/// fields (such as a quality score), which are ignored here. Blank lines are skipped. Entry ids are 1-based line
/// numbers, so a match points back to its line.
/// </summary>
public static class PdqHashList
{
    /// <summary>Reads the list at <paramref name="path"/>.</summary>
    /// <exception cref="HashMatchException">The file cannot be read, or a line is not a PDQ hash (the message gives the line).</exception>
    public static IndexEntry[] ReadEntries(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var reader = new StreamReader(path);
            return ReadEntries(reader, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, e.Message, e);
        }
    }

    /// <summary>Reads a list from <paramref name="reader"/>; <paramref name="inputName"/> names it in errors.</summary>
    /// <exception cref="HashMatchException">A line is not a PDQ hash (the message gives the line number and why).</exception>
    public static IndexEntry[] ReadEntries(TextReader reader, string inputName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var entries = new List<IndexEntry>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            ReadOnlySpan<char> text = line.AsSpan().Trim();
            if (text.IsEmpty)
            {
                continue;
            }

            int separator = text.IndexOfAny(',', '\t');
            ReadOnlySpan<char> hex = (separator >= 0 ? text[..separator] : text).TrimEnd();
            if (!PdqHash.TryParseCore(hex, out PdqHash hash, out string? error))
            {
                throw new HashMatchException(inputName, HashMatchErrorReason.Malformed, $"line {lineNumber}: {error}");
            }

            entries.Add(new IndexEntry(hash, lineNumber));
        }

        return [.. entries];
    }
}
