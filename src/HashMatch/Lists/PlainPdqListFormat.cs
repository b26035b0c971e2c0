using System.Globalization;

namespace HashMatch.Lists;

/// <summary>
/// One PDQ hash (64 hex digits) per line, optionally followed by <c>,quality</c> or a tab and the quality — the
/// layout of Meta's reference hash files. Entries are numbered by line.
/// </summary>
internal sealed class PlainPdqListFormat : LineListFormat
{
    public static readonly PlainPdqListFormat Instance = new();

    public override ListFormat Format => ListFormat.PlainPdq;

    public override ListFields Carries => ListFields.Pdq | ListFields.Quality;

    public override int Detect(ListPreview preview)
    {
        string? line = preview.FirstLine;
        int cut = line?.AsSpan().IndexOfAny(',', '\t', ' ') ?? -1;
        if (line is null || !ListPreview.IsHex(cut < 0 ? line : line.AsSpan(0, cut), PdqHash.HexLength))
        {
            return 0;
        }

        // "hex  name" is sha256sum's layout; four or five comma fields are HMA's. Other field counts are still
        // taken, weakly, so that the reader says what is wrong with the line.
        return cut < 0 ? 80 : line[cut] == ' ' ? 0 : preview.FirstFields(',').Length <= 2 ? 80 : 30;
    }

    public override ListEntryWriter CreateWriter(TextWriter output) => new Writer(output);

    protected override LineParser Begin(string firstLine, int lineNumber, ListSink sink) => new Parser();

    private sealed class Parser : LineParser
    {
        private readonly ListEntryBuilder _builder = new();

        public override void Parse(string line, int number, string lineId, ListSink sink)
        {
            ReadOnlySpan<char> text = line.AsSpan().Trim();
            int separator = text.IndexOfAny(',', '\t');
            _builder.Reset();
            _builder.Pdq(separator < 0 ? text : text[..separator], "pdq");
            if (separator >= 0)
            {
                ReadOnlySpan<char> rest = text[(separator + 1)..];
                if (rest.IndexOfAny(',', '\t') >= 0)
                {
                    _builder.Fail("expected 'hash' or 'hash,quality' (more fields than that)");
                }

                _builder.Quality(rest, "quality");
            }

            Deliver(_builder, number, lineId, sink);
        }
    }

    private sealed class Writer(TextWriter output) : ListEntryWriter
    {
        public override void Write(ListEntry entry)
        {
            if (entry.Pdq is not { } pdq)
            {
                return;
            }

            output.Write(entry.Quality is { } q ? string.Create(CultureInfo.InvariantCulture, $"{pdq},{q}\n") : $"{pdq}\n");
            Records++;
        }
    }
}
