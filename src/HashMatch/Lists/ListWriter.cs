namespace HashMatch.Lists;

/// <summary>Writes hash lists in the layouts that have a writer (every <see cref="ListFormat"/> but NSRL, which only NIST publishes).</summary>
public static class ListWriter
{
    /// <summary>
    /// Writes <paramref name="entries"/> to <paramref name="writer"/> in <paramref name="format"/>. Each layout keeps
    /// what it can carry (docs/lists.md): CSV, TSV and JSON lines keep everything; plain layouts keep
    /// only their hash and are numbered by line; one-hash-per-line layouts write several lines for an entry with
    /// several hashes and none for an entry without theirs.
    /// </summary>
    /// <returns>How many records (lines, or JSON records) were written.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is <see cref="ListFormat.Auto"/> or a layout without a writer.</exception>
    public static int Write(TextWriter writer, IEnumerable<ListEntry> entries, ListFormat format)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entries);
        ListEntryWriter output = Open(writer, format);
        foreach (ListEntry entry in entries)
        {
            output.Write(entry);
        }

        output.Finish();
        return output.Records;
    }

    /// <summary>Whether <paramref name="format"/> can be written.</summary>
    public static bool CanWrite(ListFormat format) =>
        format != ListFormat.Auto && ListFormats.Get(format).CreateWriter(TextWriter.Null) is not null;

    /// <summary>
    /// A writer of <paramref name="format"/> into <paramref name="writer"/> that takes entries one at a time (so a
    /// conversion streams from reader to writer); call <see cref="ListEntryWriter.Finish"/> after the last.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is <see cref="ListFormat.Auto"/> or a layout without a writer.</exception>
    public static ListEntryWriter Open(TextWriter writer, ListFormat format) =>
        (format == ListFormat.Auto ? null : ListFormats.Get(format).CreateWriter(writer))
        ?? throw new ArgumentOutOfRangeException(nameof(format), format, format == ListFormat.Auto ? "Choose a concrete layout to write." : $"{format} lists are read, not written.");
}
