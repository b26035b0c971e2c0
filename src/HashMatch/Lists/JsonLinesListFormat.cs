using System.Buffers;
using System.Text;
using System.Text.Json;
using HashMatch.IO;

namespace HashMatch.Lists;

/// <summary>
/// One JSON object per line, as <c>hashmatch hash --format jsonl</c> and this writer write them: <c>id</c> (string or
/// number), <c>pdq</c>, <c>quality</c> (integer 0–100), <c>md5</c>, <c>sha1</c>, <c>sha256</c>, <c>photodna</c>,
/// <c>category</c>, <c>tags</c> (array of strings), <c>source</c> (or <c>path</c>), <c>note</c>, <c>augmented</c>
/// (boolean, or the crop name <c>hash --augment</c> writes), the dihedral hashes <c>pdq_rot90</c> … <c>pdq_flipminus1</c>
/// and <c>local</c> (a local-feature signal in base64, as <c>hash --signal local</c> writes it; read, never written:
/// such signals stay with the originals, docs/local-features.md). Other members are ignored; a member
/// of the wrong type or out of range is an error, never a fallback. Lines without an id are numbered by line.
/// </summary>
internal sealed class JsonLinesListFormat : LineListFormat
{
    public static readonly JsonLinesListFormat Instance = new();

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 16 };

    public override ListFormat Format => ListFormat.JsonLines;

    public override ListFields Carries => ListFields.All & ~ListFields.Local; // a local signal is never exported

    public override int Detect(ListPreview preview)
    {
        if (preview.FirstLine is not { } line || !line.StartsWith('{'))
        {
            return 0;
        }

        try
        {
            // A whole object on the first line, whose first member is not VICS's context.
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line), Options);
            reader.Read();
            if (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && (reader.ValueTextEquals("odata.metadata") || reader.ValueTextEquals("@odata.context")))
            {
                return 0;
            }

            reader.Skip();
            return 80;
        }
        catch (JsonException)
        {
            return 30; // starts like JSON lines; the reader says what is wrong with the line
        }
    }

    public override ListEntryWriter CreateWriter(TextWriter output) => new Writer(output);

    protected override LineParser Begin(string firstLine, int lineNumber, ListSink sink) => new Parser();

    private sealed class Parser : LineParser
    {
        private readonly ListEntryBuilder _builder = new();
        private byte[] _bytes = new byte[1024];

        public override void Parse(string line, int number, string lineId, ListSink sink)
        {
            int length = Encoding.UTF8.GetMaxByteCount(line.Length);
            if (_bytes.Length < length)
            {
                _bytes = new byte[Math.Max(length, 2 * _bytes.Length)];
            }

            length = Encoding.UTF8.GetBytes(line, _bytes);
            _builder.Reset();
            try
            {
                var reader = new Utf8JsonReader(_bytes.AsSpan(0, length), Options);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    _builder.Fail("expected a JSON object");
                }
                else
                {
                    Members(ref reader);
                    if (reader.Read())
                    {
                        _builder.Fail("more than one JSON value on the line");
                    }
                }
            }
            catch (JsonException e)
            {
                _builder.Fail($"not valid JSON: {e.Message}");
            }

            Deliver(_builder, number, lineId, sink);
        }

        private void Members(ref Utf8JsonReader reader)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "id":
                        _builder.Id(reader.TokenType switch
                        {
                            JsonTokenType.String when reader.GetString() is { Length: > 0 } text => text,
                            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                            _ => Wrong(name, "a non-empty string or a number", reader.TokenType),
                        }, name);
                        break;
                    case "pdq":
                        _builder.Pdq(Text(ref reader, name), name);
                        break;
                    case "md5":
                        _builder.Exact(ExactHashAlgorithm.Md5, Text(ref reader, name), name);
                        break;
                    case "sha1":
                        _builder.Exact(ExactHashAlgorithm.Sha1, Text(ref reader, name), name);
                        break;
                    case "sha256":
                        _builder.Exact(ExactHashAlgorithm.Sha256, Text(ref reader, name), name);
                        break;
                    case "quality":
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long quality))
                        {
                            _builder.Quality(quality, name);
                        }
                        else if (reader.TokenType != JsonTokenType.Null)
                        {
                            _builder.Fail($"\"quality\" {PdqQualityScale.Problem(Raw(ref reader), out _)}");
                        }

                        break;
                    case "photodna":
                        _builder.PhotoDna(Text(ref reader, name), name);
                        break;
                    case "local":
                        _builder.Local(Text(ref reader, name), name);
                        break;
                    case "category":
                        _builder.Category(reader.TokenType == JsonTokenType.Number ? Encoding.UTF8.GetString(reader.ValueSpan) : Text(ref reader, name), name);
                        break;
                    case "tags":
                        Tags(ref reader);
                        break;
                    case "source" or "path":
                        _builder.Source(Text(ref reader, name), "source");
                        break;
                    case "note":
                        _builder.Note(Text(ref reader, name), name);
                        break;
                    case "augmented":
                        // A boolean, or the crop's name as hashmatch hash --augment writes it.
                        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                        {
                            _builder.Augmented(reader.GetBoolean());
                        }
                        else if (reader.TokenType == JsonTokenType.String)
                        {
                            _builder.Augmented(reader.GetString());
                        }
                        else if (reader.TokenType != JsonTokenType.Null)
                        {
                            _builder.Fail($"\"augmented\" must be true, false or the name of a crop (got {Raw(ref reader)})");
                        }

                        break;
                    default:
                        if (PdqVariantNames.TryParseColumn(name, out PdqVariant turn))
                        {
                            _builder.Dihedral(turn, Text(ref reader, name), name);
                        }
                        else
                        {
                            reader.Skip(); // other members (width, height, format, frames ...) are not list fields
                        }

                        break;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip(); // a value of the wrong type, already reported
                }
            }
        }

        private void Tags(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        _builder.Tag(reader.GetString());
                    }
                    else
                    {
                        _builder.Fail($"\"tags\" must be an array of strings (got a {Kind(reader.TokenType)} in it)");
                        reader.Skip();
                    }
                }
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                _builder.Tags(reader.GetString(), separator: null);
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                Wrong("tags", "an array of strings", reader.TokenType);
                reader.Skip();
            }
        }

        /// <summary>A string member (null and "" are absent); anything else is an error.</summary>
        private string? Text(ref Utf8JsonReader reader, string name)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Null:
                    return null;
                default:
                    Wrong(name, "a string", reader.TokenType);
                    reader.Skip();
                    return null;
            }
        }

        private string? Wrong(string name, string expected, JsonTokenType got)
        {
            _builder.Fail($"\"{name}\" must be {expected} (got {Kind(got)})");
            return null;
        }

        private static string Raw(ref Utf8JsonReader reader) =>
            reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray ? Kind(reader.TokenType) : ListEntryBuilder.Clip(Encoding.UTF8.GetString(reader.ValueSpan));

        private static string Kind(JsonTokenType type) => type switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            _ => type.ToString(),
        };
    }

    private sealed class Writer(TextWriter output) : ListEntryWriter
    {
        private readonly JsonLinesWriter _json = new(output);

        public override void Write(ListEntry entry)
        {
            _json.WriteObject(json => Members(json, entry));
            Records++;
        }

        private static void Members(Utf8JsonWriter json, ListEntry e)
        {
            json.WriteString("id", e.Id);
            Optional(json, "pdq", e.Pdq?.ToString());
            if (e.Quality is { } q)
            {
                json.WriteNumber("quality", q);
            }

            Optional(json, "md5", e.Md5?.ToString());
            Optional(json, "sha1", e.Sha1?.ToString());
            Optional(json, "sha256", e.Sha256?.ToString());
            Optional(json, "photodna", e.PhotoDna);
            EntryMetadataJson.WriteMembers(json, e.Metadata);
            if (e.Augmented)
            {
                json.WriteBoolean("augmented", true);
            }

            if (e.Dihedral is { } d)
            {
                foreach (PdqVariant v in PdqVariantNames.Turns)
                {
                    json.WriteString(PdqVariantNames.Column(v), d[v].ToString());
                }
            }
        }

        private static void Optional(Utf8JsonWriter json, string name, string? value)
        {
            if (value is not null)
            {
                json.WriteString(name, value);
            }
        }
    }
}
