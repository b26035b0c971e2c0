using System.Text;

namespace HashMatch.Lists;

/// <summary>
/// HMA v1's headerless CSV (python-threatexchange's <c>SimpleDescriptorRollup</c> rows in <c>*.hash_pdq.te</c>,
/// <c>*.hash_video_md5.te</c> and HMA's sample data): <c>hash,id,timestamp,tags</c> or
/// <c>hash,indicator_id,descriptor_id,timestamp,tags</c>, tags separated by spaces. The hash is PDQ at 64 hex digits
/// and MD5 at 32. Consecutive lines with the same id and different kinds of hash are one entry, so an image's PDQ
/// and MD5 lines (as this writer writes them) come back together. Quality, SHA-1, SHA-256 and other metadata are
/// not carried.
/// </summary>
internal sealed class HmaCsvListFormat : LineListFormat
{
    public static readonly HmaCsvListFormat Instance = new();

    public override ListFormat Format => ListFormat.HmaCsv;

    public override ListFields Carries => ListFields.Id | ListFields.Pdq | ListFields.Md5 | ListFields.Tags;

    public override int Detect(ListPreview preview)
    {
        string[] fields = preview.FirstFields(',');
        return fields.Length is 4 or 5 && fields[0].Length is PdqHash.HexLength or 32 && ListPreview.IsHex(fields[0], fields[0].Length) ? 85 : 0;
    }

    public override ListEntryWriter CreateWriter(TextWriter output) => new Writer(output);

    protected override LineParser Begin(string firstLine, int lineNumber, ListSink sink) => new Parser();

    private sealed class Parser : LineParser
    {
        private readonly ListEntryBuilder _builder = new();
        private readonly List<string> _fields = [];
        private readonly StringBuilder _scratch = new();
        private ListEntry? _pending;
        private int _pendingLine;

        public override void Parse(string line, int number, string lineId, ListSink sink)
        {
            _builder.Reset();
            if (DelimitedText.Split(line.Trim(), ',', _fields, _scratch) is { } error)
            {
                _builder.Fail(error);
            }
            else if (_fields.Count is not (4 or 5))
            {
                _builder.Fail($"expected 'hash,id,timestamp,tags' or 'hash,indicator_id,descriptor_id,timestamp,tags' (got {_fields.Count} fields)");
            }
            else
            {
                string hash = _fields[0].Trim();
                if (hash.Length == 32)
                {
                    _builder.Exact(ExactHashAlgorithm.Md5, hash, "hash");
                }
                else
                {
                    _builder.Pdq(hash, "hash");
                }

                if (_fields[1].Trim().Length == 0)
                {
                    _builder.Fail("the id (second field) is empty");
                }

                _builder.Id(_fields[1], "id");
                _builder.Tags(_fields[^1], separator: null);
            }

            if (_builder.Build(lineId) is not { } entry)
            {
                sink.Error(number, _builder.Error!);
                return;
            }

            if (_pending is { } pending && pending.Id == entry.Id && (pending.Pdq is null) != (entry.Pdq is null) && (pending.Md5 is null) != (entry.Md5 is null))
            {
                _pending = pending with
                {
                    Pdq = pending.Pdq ?? entry.Pdq,
                    Md5 = pending.Md5 ?? entry.Md5,
                    Metadata = pending.Metadata with { Tags = [.. pending.Metadata.Tags.Union(entry.Metadata.Tags)] },
                };
                return;
            }

            End(sink);
            _pending = entry;
            _pendingLine = number;
        }

        public override void End(ListSink sink)
        {
            if (_pending is { } pending)
            {
                _pending = null;
                sink.Add(pending, _pendingLine);
            }
        }
    }

    private sealed class Writer(TextWriter output) : ListEntryWriter
    {
        public override void Write(ListEntry entry)
        {
            string id = DelimitedText.Quote(OneLine(entry.Id), ',');
            string tags = DelimitedText.Quote(OneLine(string.Join(' ', entry.Metadata.Tags.Select(t => t.Replace(' ', '_')))), ',');
            foreach (string? hash in (string?[])[entry.Pdq?.ToString(), entry.Md5?.ToString()])
            {
                if (hash is not null)
                {
                    output.Write($"{hash},{id},,{tags}\n");
                    Records++;
                }
            }
        }
    }
}
