namespace HashMatch.Lists;

/// <summary>
/// One exact hash per line — MD5 (32 hex digits), SHA-1 (40) or SHA-256 (64; detected only in the
/// <c>sha256sum</c> layout, since 64 bare digits are a PDQ hash) — optionally followed, as <c>md5sum</c> and
/// <c>sha1sum</c> write, by white space and a file name, which becomes the entry's source. Entries are numbered by line.
/// Plain SHA-1 and MD5 lists are also how NSRL hash sets are often passed around.
/// </summary>
internal sealed class PlainExactListFormat : LineListFormat
{
    public static readonly PlainExactListFormat Md5 = new(ExactHashAlgorithm.Md5, ListFormat.PlainMd5);
    public static readonly PlainExactListFormat Sha1 = new(ExactHashAlgorithm.Sha1, ListFormat.PlainSha1);
    public static readonly PlainExactListFormat Sha256 = new(ExactHashAlgorithm.Sha256, ListFormat.PlainSha256);

    private readonly ExactHashAlgorithm _algorithm;
    private readonly string _field;

    private PlainExactListFormat(ExactHashAlgorithm algorithm, ListFormat format)
    {
        _algorithm = algorithm;
        _field = ExactHash.NameOf(algorithm);
        Format = format;
        Carries = algorithm switch
        {
            ExactHashAlgorithm.Md5 => ListFields.Md5,
            ExactHashAlgorithm.Sha1 => ListFields.Sha1,
            _ => ListFields.Sha256,
        } | ListFields.Source;
    }

    public override ListFormat Format { get; }

    public override ListFields Carries { get; }

    public override int Detect(ListPreview preview)
    {
        string? line = preview.FirstLine;
        int cut = line?.AsSpan().IndexOfAny(',', '\t', ' ') ?? -1;
        if (line is null || !ListPreview.IsHex(cut < 0 ? line : line.AsSpan(0, cut), 2 * ExactHash.ByteLengthOf(_algorithm)))
        {
            return 0;
        }

        return _algorithm switch
        {
            // 64 digits alone are PDQ; "hex  name" or "hex *name" is sha256sum's output.
            ExactHashAlgorithm.Sha256 => cut > 0 && line.Length > cut + 1 && line[cut] == ' ' && line[cut + 1] is ' ' or '*' ? 75 : 0,
            _ => preview.FirstFields(',').Length > 1 ? 30 : 80,
        };
    }

    public override ListEntryWriter CreateWriter(TextWriter output) => new Writer(output, _algorithm);

    protected override LineParser Begin(string firstLine, int lineNumber, ListSink sink) => new Parser(_algorithm, _field);

    private sealed class Parser(ExactHashAlgorithm algorithm, string field) : LineParser
    {
        private readonly ListEntryBuilder _builder = new();

        public override void Parse(string line, int number, string lineId, ListSink sink)
        {
            ReadOnlySpan<char> text = line.AsSpan().Trim();
            int space = text.IndexOfAny(' ', '\t');
            _builder.Reset();
            if (text.IndexOf(',') is >= 0 and int comma && (space < 0 || comma < space))
            {
                _builder.Fail($"expected one {field.ToUpperInvariant()} per line, optionally followed by a space and a file name (got a comma)");
            }

            _builder.Exact(algorithm, space < 0 ? text : text[..space], field);
            if (space >= 0)
            {
                // md5sum marks binary-mode names with '*'.
                ReadOnlySpan<char> name = text[(space + 1)..].TrimStart();
                _builder.Source((name.StartsWith('*') ? name[1..] : name).ToString(), "file name");
            }

            Deliver(_builder, number, lineId, sink);
        }
    }

    private sealed class Writer(TextWriter output, ExactHashAlgorithm algorithm) : ListEntryWriter
    {
        public override void Write(ListEntry entry)
        {
            if (entry.Exact(algorithm) is not { } hash)
            {
                return;
            }

            // md5sum's layout (two spaces) keeps the file name and stays readable by md5sum -c.
            output.Write(entry.Metadata.Source is { } source ? $"{hash}  {OneLine(source)}\n" : $"{hash}\n");
            Records++;
        }
    }
}
