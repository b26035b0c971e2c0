using System.Globalization;

namespace HashMatch.Lists;

/// <summary>
/// The reading loop of the line-based layouts: lines of bounded length (\n, \r\n or \r), blank lines skipped anywhere,
/// <c>#</c> comments before the first record; a layout with a header takes the first other line as it. Records
/// without an id of their own are numbered by line, counting from the first record (a header does not count).
/// </summary>
internal abstract class LineListFormat : IListFormat
{
    public abstract ListFormat Format { get; }

    public abstract ListFields Carries { get; }

    public abstract int Detect(ListPreview preview);

    public abstract ListEntryWriter? CreateWriter(TextWriter output);

    public void Read(ListSource source, ListSink sink)
    {
        var lines = source.Lines();
        LineParser? parser = null;
        int number = 0, firstRecord = 0;
        try
        {
            while (lines.ReadLine() is { } line)
            {
                number++;
                ReadOnlySpan<char> text = line.AsSpan().Trim();
                if (text.IsEmpty || (text[0] == '#' && parser is null))
                {
                    continue;
                }

                if (parser is null)
                {
                    parser = Begin(line, number, sink);
                    if (parser.TakesHeader)
                    {
                        continue;
                    }
                }

                firstRecord = firstRecord == 0 ? number : firstRecord;
                parser.Parse(line, number, (number - firstRecord + 1).ToString(CultureInfo.InvariantCulture), sink);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HashMatchException(source.Name, HashMatchErrorReason.Unreadable, e.Message, e);
        }

        parser?.End(sink);
    }

    /// <summary>The parser for a list whose first record (or header) is <paramref name="firstLine"/>.</summary>
    protected abstract LineParser Begin(string firstLine, int lineNumber, ListSink sink);

    /// <summary>Parses the records of one list.</summary>
    internal abstract class LineParser
    {
        /// <summary>Whether the first line was a header (not a record).</summary>
        public virtual bool TakesHeader => false;

        /// <summary>Parses one record line.</summary>
        /// <param name="line">The line, untrimmed.</param>
        /// <param name="number">Its 1-based line number.</param>
        /// <param name="lineId">The entry's id when the record carries none.</param>
        /// <param name="sink">Where entries and errors go.</param>
        public abstract void Parse(string line, int number, string lineId, ListSink sink);

        /// <summary>Called after the last line (layouts that join lines deliver the last entry here).</summary>
        public virtual void End(ListSink sink)
        {
        }

        /// <summary>Delivers the builder's entry, or its error.</summary>
        protected static void Deliver(ListEntryBuilder builder, int number, string lineId, ListSink sink)
        {
            if (builder.Build(lineId) is { } entry)
            {
                sink.Add(entry, number);
            }
            else
            {
                sink.Error(number, builder.Error!);
            }
        }
    }
}
