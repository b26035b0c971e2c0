namespace HashMatch.Lists;

/// <summary>
/// Reads hash lists in every <see cref="ListFormat"/>, detecting the layout from the list's start when asked
/// to. Every malformed record is an error naming the list and line (and, for JSON arrays, the record): thrown at the
/// first one, or, for linting, reported one by one while reading goes on. Nothing falls back silently. Binary input
/// (an image, an archive) is refused in one line. <see cref="ReadEach(string, ListFormat, Action{ListEntry, int}, Action{ListIssue}?)"/>
/// streams entries one at a time, so a list of millions never has to be held whole.
/// </summary>
public static class ListReader
{
    /// <summary>Reads the list at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="format">Its layout, or <see cref="ListFormat.Auto"/>.</param>
    /// <param name="collectErrors">Collect malformed records in <see cref="ListContents.Errors"/> and go on (for linting) instead of throwing at the first.</param>
    /// <exception cref="HashMatchException">The file cannot be read or is not a text list, its layout cannot be detected, or (unless collecting) a record is malformed; the message names the line.</exception>
    public static ListContents Read(string path, ListFormat format = ListFormat.Auto, bool collectErrors = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        using ListSource source = ListSource.Open(path);
        return Collect(source, format, collectErrors);
    }

    /// <summary>Reads a list from <paramref name="reader"/>; <paramref name="inputName"/> names it in errors.</summary>
    /// <inheritdoc cref="Read(string, ListFormat, bool)"/>
    public static ListContents ReadFrom(TextReader reader, string inputName, ListFormat format = ListFormat.Auto, bool collectErrors = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(inputName);
        using ListSource source = ListSource.From(reader, inputName);
        return Collect(source, format, collectErrors);
    }

    /// <summary>
    /// Reads the list at <paramref name="path"/> one entry at a time, calling <paramref name="entry"/> with each entry
    /// and its 1-based line, in file order.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="format">Its layout, or <see cref="ListFormat.Auto"/>.</param>
    /// <param name="entry">Called for each entry with its line.</param>
    /// <param name="error">Called for each malformed record (reading goes on); when null, the first one throws.</param>
    /// <returns>The layout read (the detected one for <see cref="ListFormat.Auto"/>).</returns>
    /// <exception cref="HashMatchException">As for <see cref="Read(string, ListFormat, bool)"/>.</exception>
    public static ListFormat ReadEach(string path, ListFormat format, Action<ListEntry, int> entry, Action<ListIssue>? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        using ListSource source = ListSource.Open(path);
        return ReadEach(source, format, entry, error);
    }

    /// <summary>Reads a list from <paramref name="stream"/> (UTF-8, or UTF-16 with a byte-order mark) one entry at a time; the stream is left open.</summary>
    /// <param name="stream">The list's bytes.</param>
    /// <param name="inputName">Names the list in errors.</param>
    /// <param name="format">Its layout, or <see cref="ListFormat.Auto"/>.</param>
    /// <param name="entry">Called for each entry with its line.</param>
    /// <param name="error">Called for each malformed record (reading goes on); when null, the first one throws.</param>
    /// <returns>The layout read.</returns>
    /// <exception cref="HashMatchException">As for <see cref="Read(string, ListFormat, bool)"/>.</exception>
    public static ListFormat ReadEach(Stream stream, string inputName, ListFormat format, Action<ListEntry, int> entry, Action<ListIssue>? error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(inputName);
        using ListSource source = ListSource.From(stream, inputName, leaveOpen: true);
        return ReadEach(source, format, entry, error);
    }

    /// <summary>
    /// The layout a list's first non-blank, non-comment line implies: a header naming hash columns → CSV, TSV, ICSE or
    /// NSRL; hex digits → plain PDQ (64), SHA-1 (40) or MD5 (32), SHA-256 in <c>sha256sum</c>'s layout, HMA v1 CSV
    /// (a hash and three or four more fields); <c>pdq &lt;hex&gt;</c> → signal lines; a JSON object → JSON lines or,
    /// with an OData context as its first member, VICS or CAID. <see cref="ListFormat.Auto"/> when none applies.
    /// </summary>
    internal static ListFormat Detect(string firstLine)
    {
        ArgumentNullException.ThrowIfNull(firstLine);
        return ListFormats.Detect(new ListPreview(firstLine));
    }

    /// <summary>Reads <paramref name="source"/> into <paramref name="entry"/> and <paramref name="error"/>.</summary>
    internal static ListFormat ReadEach(ListSource source, ListFormat format, Action<ListEntry, int> entry, Action<ListIssue>? error)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (format == ListFormat.Auto)
        {
            if (source.Preview.FirstLine is null)
            {
                return ListFormat.PlainPdq; // nothing but blank lines and comments: an empty list
            }

            format = ListFormats.Detect(source.Preview);
            if (format == ListFormat.Auto && source.Preview.FirstLine.Length >= IO.BoundedLineReader.MaxLineLength)
            {
                throw new HashMatchException(source.Name, HashMatchErrorReason.Malformed,
                    $"line {source.Preview.FirstLineNumber}: longer than {IO.BoundedLineReader.MaxLineLength:N0} characters; not a hash list");
            }

            if (format == ListFormat.Auto)
            {
                throw new HashMatchException(source.Name, HashMatchErrorReason.UnsupportedFormat,
                    $"line {source.Preview.FirstLineNumber}: cannot tell the list layout from its first line ('{ListEntryBuilder.Clip(source.Preview.FirstLine)}'): expected hex hashes, a CSV/TSV/ICSE header naming a hash column, signal lines, JSON lines or VICS JSON; name the layout (--list-format)");
            }
        }

        ListFormats.Get(format).Read(source, new ListSink(source.Name, entry, error));
        return format;
    }

    private static ListContents Collect(ListSource source, ListFormat format, bool collectErrors)
    {
        var entries = new List<ListEntry>();
        var lines = new List<int>();
        var errors = new List<ListIssue>();
        ListFormat read = ReadEach(source, format, (e, line) =>
        {
            entries.Add(e);
            lines.Add(line);
        }, collectErrors ? errors.Add : null);
        return new ListContents { Input = source.Name, Format = read, Entries = entries, Lines = lines, Errors = errors };
    }
}
