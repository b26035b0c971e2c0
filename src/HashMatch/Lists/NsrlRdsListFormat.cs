namespace HashMatch.Lists;

/// <summary>
/// NIST's NSRL Reference Data Set hash file (<c>NSRLFile.txt</c> of RDS 2.x): quoted CSV with the header
/// <c>"SHA-1","MD5","CRC32","FileName","FileSize","ProductCode","OpSystemCode","SpecialCode"</c> (RDS 1.x's column
/// order is read too, by name). Known software, not known abuse: read it as an exclusion list
/// (<c>hashmatch match --exclude NSRLFile.txt</c>). The file name becomes the entry's source and the special code
/// (M for malicious entries) its category; entries are numbered by line. Only read: NSRL's data comes from NIST.
/// RDS v3 is an SQLite database; its exports to plain hash lists are read as plain SHA-1 or MD5 lists.
/// </summary>
internal sealed class NsrlRdsListFormat : LineListFormat
{
    public static readonly NsrlRdsListFormat Instance = new();

    private static readonly Dictionary<string, ListColumn> Extra = new(StringComparer.Ordinal)
    {
        ["specialcode"] = ListColumn.Category,
    };

    public override ListFormat Format => ListFormat.Nsrl;

    public override ListFields Carries => ListFields.Md5 | ListFields.Sha1 | ListFields.Source | ListFields.Category;

    public override int Detect(ListPreview preview)
    {
        string[] names = [.. preview.FirstFields(',').Select(ListColumns.Normalize)];
        return names.Contains("sha_1") && (names.Contains("crc32") || names.Contains("productcode") || names.Contains("opsystemcode")) ? 95 : 0;
    }

    public override ListEntryWriter? CreateWriter(TextWriter output) => null;

    protected override LineParser Begin(string firstLine, int lineNumber, ListSink sink) =>
        new DelimitedListFormat.Parser(DelimitedRecords.FromHeader(firstLine, lineNumber, ',', sink, Extra));
}
