namespace HashMatch.Lists;

/// <summary>
/// python-threatexchange's signal lines, <c>&lt;signal_type&gt; &lt;signal&gt;</c> split at the first space — its local
/// file exchange (<c>LocalFileSignalExchangeAPI</c>) and <c>threatexchange hash</c> output. Signal types:
/// <see cref="SignalTypes.Names"/>; any other is an error. One hash per line and no ids: an image with a PDQ hash
/// and an MD5 becomes two lines, read back as two entries numbered by line; quality, SHA-1 and metadata are not
/// carried, and a SHA-256 only for entries tagged as video (python-threatexchange has no photo SHA-256 type).
/// </summary>
internal sealed class SignalLinesListFormat : LineListFormat
{
    public static readonly SignalLinesListFormat Instance = new();

    public override ListFormat Format => ListFormat.SignalLines;

    public override ListFields Carries => ListFields.Pdq | ListFields.Md5;

    public override int Detect(ListPreview preview)
    {
        string? line = preview.FirstLine;
        int space = line?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        if (line is null || space <= 0 || line.AsSpan(0, space).ContainsAnyExcept(TypeCharacters))
        {
            return 0;
        }

        ReadOnlySpan<char> value = line.AsSpan(space + 1).Trim();
        bool known = SignalTypes.Column(line[..space], generic: false, out _) != ListColumn.Ignored;
        return known ? 85 : ListPreview.IsHex(value, value.Length) && value.Length >= 32 ? 40 : 0;
    }

    private static readonly System.Buffers.SearchValues<char> TypeCharacters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_");

    public override ListEntryWriter CreateWriter(TextWriter output) => new Writer(output);

    protected override LineParser Begin(string firstLine, int lineNumber, ListSink sink) => new Parser();

    private sealed class Parser : LineParser
    {
        private readonly ListEntryBuilder _builder = new();

        public override void Parse(string line, int number, string lineId, ListSink sink)
        {
            string text = line.Trim();
            int space = text.IndexOf(' ', StringComparison.Ordinal);
            string type = space > 0 ? text[..space] : text;
            string value = space > 0 ? text[(space + 1)..].Trim() : "";
            _builder.Reset();
            ListColumn column = SignalTypes.Column(type, generic: false, out bool video);
            if (column == ListColumn.Ignored)
            {
                _builder.Fail(space > 0
                    ? $"unknown signal type '{ListEntryBuilder.Clip(type)}' (expected {SignalTypes.Names})"
                    : $"expected '<signal_type> <hash>' (got '{ListEntryBuilder.Clip(text)}')");
            }
            else
            {
                _builder.Hash(column, value, type);
            }

            if (video)
            {
                _builder.Tag(ListEntryBuilder.VideoTag);
            }

            Deliver(_builder, number, lineId, sink);
        }
    }

    private sealed class Writer(TextWriter output) : ListEntryWriter
    {
        public override void Write(ListEntry entry)
        {
            // An MD5 is a photo's unless the entry says it is a video's (HashMatch hashes images).
            bool video = entry.Metadata.Tags.Contains(ListEntryBuilder.VideoTag);
            if (entry.Pdq is { } pdq)
            {
                Line(SignalTypes.Pdq, pdq.ToString());
            }

            if (entry.Md5 is { } md5)
            {
                Line(video ? SignalTypes.VideoMd5 : SignalTypes.PhotoMd5, md5.ToString());
            }

            if (entry.Sha256 is { } sha256 && video)
            {
                Line(SignalTypes.VideoSha256, sha256.ToString());
            }
        }

        private void Line(string type, string value)
        {
            output.Write($"{type} {value}\n");
            Records++;
        }
    }
}
