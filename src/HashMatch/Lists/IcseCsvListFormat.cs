namespace HashMatch.Lists;

/// <summary>
/// Interpol's ICSE (International Child Sexual Exploitation database) hash export: semicolon-separated with the
/// header <c>MD5;SHA1;PhotoDNA;Image ID;Is distributed;Victim identified;Offender identified;Series name;Number of
/// submissions;File Available;Media Type;Baseline</c>. The image id becomes the entry id; the flags, series and
/// counts are not carried.
/// </summary>
internal sealed class IcseCsvListFormat : LineListFormat
{
    public static readonly IcseCsvListFormat Instance = new();

    /// <summary>ICSE's column names, in its order.</summary>
    public const string Header = "MD5;SHA1;PhotoDNA;Image ID;Is distributed;Victim identified;Offender identified;Series name;Number of submissions;File Available;Media Type;Baseline";

    public override ListFormat Format => ListFormat.Icse;

    public override ListFields Carries => ListFields.Id | ListFields.Md5 | ListFields.Sha1 | ListFields.PhotoDna;

    public override int Detect(ListPreview preview)
    {
        if (preview.FirstLine is not { } line || !line.Contains(';', StringComparison.Ordinal) || line.Contains(',', StringComparison.Ordinal))
        {
            return 0;
        }

        ListColumns columns = ListColumns.FromHeader(preview.FirstFields(';'));
        return columns.HasHash ? (columns.Has(ListColumn.Id) && columns.Has(ListColumn.PhotoDna) ? 95 : 55) : 0;
    }

    public override ListEntryWriter CreateWriter(TextWriter output) => new Writer(output);

    protected override LineParser Begin(string firstLine, int lineNumber, ListSink sink) =>
        new DelimitedListFormat.Parser(DelimitedRecords.FromHeader(firstLine, lineNumber, ';', sink));

    private sealed class Writer(TextWriter output) : ListEntryWriter
    {
        private static readonly string EmptyFlags = new(';', Header.Count(c => c == ';') - 3);
        private bool _header;

        public override void Write(ListEntry entry)
        {
            Finish();
            string md5 = entry.Md5?.ToString().ToUpperInvariant() ?? "", sha1 = entry.Sha1?.ToString().ToUpperInvariant() ?? "";
            output.Write($"{md5};{sha1};{DelimitedText.Quote(entry.PhotoDna ?? "", ';')};{DelimitedText.Quote(OneLine(entry.Id), ';')}{EmptyFlags}\n");
            Records++;
        }

        public override void Finish()
        {
            if (!_header)
            {
                _header = true;
                output.Write(Header + "\n");
            }
        }
    }
}
