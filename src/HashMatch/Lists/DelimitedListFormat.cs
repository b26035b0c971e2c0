using System.Globalization;

namespace HashMatch.Lists;

/// <summary>
/// Comma- or tab-separated lists with a header line naming the columns (<see cref="ListColumns"/>): HashMatch's own
/// CSV/TSV, <c>hashmatch hash</c>'s TSV, python-threatexchange's <c>threatexchange dataset --csv</c>
/// (<c>signal_type,signal_str,collab,category,tags</c>) and most spreadsheets. Tags are separated by spaces.
/// Without an id column entries are numbered by line.
/// </summary>
internal sealed class DelimitedListFormat : LineListFormat
{
    public static readonly DelimitedListFormat Csv = new(ListFormat.Csv, ',');
    public static readonly DelimitedListFormat Tsv = new(ListFormat.Tsv, '\t');

    /// <summary>The columns the writer writes, in order (plus the seven dihedral columns when the first entry has them).</summary>
    public static readonly string[] WrittenColumns = ["id", "pdq", "quality", "md5", "sha1", "sha256", "photodna", "category", "tags", "source", "note", "augmented"];

    private readonly char _delimiter;

    private DelimitedListFormat(ListFormat format, char delimiter)
    {
        Format = format;
        _delimiter = delimiter;
    }

    public override ListFormat Format { get; }

    public override ListFields Carries => ListFields.All & ~ListFields.Local; // a local signal is never exported

    public override int Detect(ListPreview preview) => DetectHeader(preview, _delimiter, _delimiter == ',' ? '\t' : null);

    /// <summary>
    /// How likely the first line is a header of <paramref name="delimiter"/>-separated columns: 60 with a hash
    /// column, 40 without (the reader then explains what is missing), 0 when the line is a record or holds
    /// <paramref name="excluded"/> (a tab makes a line TSV rather than CSV).
    /// </summary>
    public static int DetectHeader(ListPreview preview, char delimiter, char? excluded)
    {
        string? line = preview.FirstLine;
        if (line is null || line[0] is '{' or '[' || (excluded is { } x && line.Contains(x, StringComparison.Ordinal)))
        {
            return 0;
        }

        string[] fields = preview.FirstFields(delimiter);
        string first = fields[0].Trim('"');
        if (first.Length is PdqHash.HexLength or 40 or 32 && ListPreview.IsHex(first, first.Length))
        {
            return 0; // a record, not a header
        }

        ListColumns columns = ListColumns.FromHeader(fields);
        return columns.HasHash ? 60 : fields.Length > 1 ? 40 : 0;
    }

    public override ListEntryWriter CreateWriter(TextWriter output) => new Writer(output, _delimiter);

    protected override LineParser Begin(string firstLine, int lineNumber, ListSink sink) =>
        new Parser(DelimitedRecords.FromHeader(firstLine, lineNumber, _delimiter, sink));

    /// <summary>Rows of a delimited list, once its header is known (shared by CSV, TSV, ICSE and NSRL).</summary>
    internal sealed class Parser(DelimitedRecords records) : LineParser
    {
        public override bool TakesHeader => true;

        public override void Parse(string line, int number, string lineId, ListSink sink) =>
            Deliver(records.Parse(line), number, lineId, sink);
    }

    private sealed class Writer(TextWriter output, char delimiter) : ListEntryWriter
    {
        private bool _header, _dihedral;

        public override void Write(ListEntry entry)
        {
            Header(entry.Dihedral is not null);
            EntryMetadata m = entry.Metadata;
            string?[] fields =
            [
                entry.Id, entry.Pdq?.ToString(), entry.Quality?.ToString(CultureInfo.InvariantCulture), entry.Md5?.ToString(),
                entry.Sha1?.ToString(), entry.Sha256?.ToString(), entry.PhotoDna, m.Category,
                m.Tags.Count > 0 ? string.Join(' ', m.Tags.Select(t => t.Replace(' ', '_'))) : null, m.Source, m.Note, entry.Augmented ? "true" : null,
            ];
            for (int i = 0; i < fields.Length; i++)
            {
                if (i > 0)
                {
                    output.Write(delimiter);
                }

                output.Write(DelimitedText.Quote(OneLine(fields[i] ?? ""), delimiter));
            }

            if (_dihedral)
            {
                foreach (PdqVariant v in PdqVariantNames.Turns)
                {
                    output.Write(delimiter);
                    output.Write(entry.Dihedral is { } d ? d[v].ToString() : "");
                }
            }

            output.Write('\n');
            Records++;
        }

        public override void Finish() => Header(dihedral: false);

        private void Header(bool dihedral)
        {
            if (_header)
            {
                return;
            }

            _header = true;
            _dihedral = dihedral;
            output.Write(string.Join(delimiter, dihedral ? WrittenColumns.Concat(PdqVariantNames.Turns.Select(PdqVariantNames.Column)) : WrittenColumns));
            output.Write('\n');
        }
    }
}
