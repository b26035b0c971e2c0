using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HashMatch.Lists;

/// <summary>
/// Project VIC's VICS JSON (an OData feed) and the UK CAID export built on it: a root object with a context member —
/// <c>"@odata.context"</c> (VICS 2.0, <c>.../DataModels/2.0.xml/Default/$metadata#Media</c>) or <c>"odata.metadata"</c>
/// (VICS 1.x, <c>.../DataModels/1.3.xml#Media</c> or <c>#Cases</c>; CAID, <c>.../1.2.xml#Media</c>) — and
/// <c>"value": [...]</c> of Media records, or of Cases holding <c>"Media": [...]</c>. No public schema exists; the
/// members read are <c>MediaID</c> (the entry id; the record number when absent), <c>Category</c>, <c>MD5</c>,
/// <c>SHA1</c>, <c>SHA256</c>, <c>PhotoDNA</c>, <c>Tags</c> (a string of <c>|</c>-separated tags, or an array),
/// <c>Comments</c> (note), <c>RelativeFilePath</c> or the first <c>MediaFiles[].FilePath</c>/<c>FileName</c>
/// (source), and <c>AlternativeHashes[]</c> of <c>{HashName, HashValue}</c> (PhotoDNA, PDQ, SHA256, SHA1, MD5);
/// other members are skipped. Read as a stream: memory stays constant whatever the file's size. Errors name the
/// line and the record's number in file order.
/// </summary>
internal sealed class VicsJsonListFormat : IHashListFormat
{
    public static readonly VicsJsonListFormat Vics2 = new(HashListFormat.Vics, "@odata.context", "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media", photoDnaMember: true);
    public static readonly VicsJsonListFormat Vics1 = new(HashListFormat.Vics1, "odata.metadata", "http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media", photoDnaMember: false);
    public static readonly VicsJsonListFormat Caid = new(HashListFormat.Caid, "odata.metadata", "http://github.com/ICMEC/ProjectVic/DataModels/1.2.xml#Media", photoDnaMember: false);

    private readonly string _contextMember, _context;
    private readonly bool _photoDnaMember;

    private VicsJsonListFormat(HashListFormat format, string contextMember, string context, bool photoDnaMember)
    {
        Format = format;
        _contextMember = contextMember;
        _context = context;
        _photoDnaMember = photoDnaMember;
    }

    public HashListFormat Format { get; }

    public ListFields Carries => ListFields.Id | ListFields.Pdq | ListFields.Md5 | ListFields.Sha1 | ListFields.Sha256 | ListFields.PhotoDna
        | ListFields.Category | ListFields.Tags | ListFields.Source | ListFields.Note;

    public int Detect(ListPreview preview)
    {
        if (!preview.Text.TrimStart().StartsWith('{'))
        {
            return 0;
        }

        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(preview.Text), isFinalBlock: false, default);
            if (!reader.Read() || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(_contextMember))
            {
                return 0;
            }

            string context = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : "";
            bool caid = context.Contains("/1.2.xml", StringComparison.OrdinalIgnoreCase);
            return Format == HashListFormat.Vics || caid == (Format == HashListFormat.Caid) ? 95 : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    public void Read(ListSource source, ListSink sink)
    {
        var json = new JsonStreamReader(source.Utf8(), sink);
        if (!json.Read())
        {
            return; // empty input: no records
        }

        if (json.TokenType != JsonTokenType.StartObject)
        {
            throw sink.Fatal(json.Line, "expected a JSON object {\"@odata.context\" or \"odata.metadata\": ..., \"value\": [...]}");
        }

        bool value = false;
        int record = 0;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            if (!json.Is("value"))
            {
                json.SkipValue();
                continue;
            }

            if (!json.Read() || json.TokenType != JsonTokenType.StartArray)
            {
                throw sink.Fatal(json.Line, "\"value\" must be an array of Media records");
            }

            value = true;
            Records(json, sink, ref record);
        }

        if (!value)
        {
            throw sink.Fatal(json.Line, "no \"value\" array of Media records: not a VICS or CAID file");
        }
    }

    /// <summary>The records of an array, after its start: Media records, or Cases with Media arrays.</summary>
    private static void Records(JsonStreamReader json, ListSink sink, ref int record)
    {
        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            if (json.TokenType == JsonTokenType.StartObject)
            {
                Media(json, sink, ref record);
            }
            else
            {
                record++;
                sink.Error(json.Line, string.Create(CultureInfo.InvariantCulture, $"record {record}: expected a Media object"));
                json.SkipValue();
            }
        }
    }

    /// <summary>One object of "value" or "Media", after its start.</summary>
    private static void Media(JsonStreamReader json, ListSink sink, ref int record)
    {
        int line = json.Line, number = ++record;
        var builder = new ListEntryBuilder();
        bool isCase = false;
        string? fileSource = null;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            string name = json.GetString();
            switch (name.ToUpperInvariant())
            {
                case "MEDIAID":
                    builder.Id(Scalar(json, builder, name), name);
                    break;
                case "CATEGORY":
                    builder.Category(Scalar(json, builder, name), name);
                    break;
                case "MD5":
                    builder.Exact(ExactHashAlgorithm.Md5, Text(json, builder, name), name);
                    break;
                case "SHA1":
                    builder.Exact(ExactHashAlgorithm.Sha1, Text(json, builder, name), name);
                    break;
                case "SHA256":
                    builder.Exact(ExactHashAlgorithm.Sha256, Text(json, builder, name), name);
                    break;
                case "PHOTODNA":
                    builder.PhotoDna(Text(json, builder, name), name);
                    break;
                case "COMMENTS":
                    builder.Note(Text(json, builder, name), name);
                    break;
                case "RELATIVEFILEPATH":
                    builder.Source(Text(json, builder, name), name);
                    break;
                case "TAGS":
                    Tags(json, builder);
                    break;
                case "MEDIAFILES":
                    fileSource ??= MediaFiles(json, builder);
                    break;
                case "ALTERNATIVEHASHES":
                    AlternativeHashes(json, builder);
                    break;
                case "MEDIA":
                    // A Case (VICS 1.x "#Cases"): its Media records are the records; the case itself is not one.
                    if (!json.Read() || json.TokenType != JsonTokenType.StartArray)
                    {
                        builder.Fail("\"Media\" must be an array");
                        json.SkipValue();
                        break;
                    }

                    isCase = true;
                    record--;
                    Records(json, sink, ref record);
                    record++;
                    number = record;
                    break;
                default:
                    json.SkipValue();
                    break;
            }
        }

        if (isCase && builder.Error is null && builder.Build("") is null)
        {
            record--;
            return; // a case without hashes of its own
        }

        if (!builder.HasSource && fileSource is not null)
        {
            builder.Source(fileSource, "MediaFiles");
        }

        if (builder.Build(number.ToString(CultureInfo.InvariantCulture)) is { } entry)
        {
            sink.Add(entry, line);
        }
        else
        {
            sink.Error(line, string.Create(CultureInfo.InvariantCulture, $"record {number}: {builder.Error}"));
        }
    }

    /// <summary>A string member's value (null is absent); another type is an error.</summary>
    private static string? Text(JsonStreamReader json, ListEntryBuilder builder, string name)
    {
        json.Read();
        switch (json.TokenType)
        {
            case JsonTokenType.String:
                return json.GetString();
            case JsonTokenType.Null:
                return null;
            default:
                builder.Fail($"\"{name}\" must be a string");
                json.SkipValue();
                return null;
        }
    }

    /// <summary>A string or number member (ids and categories are numbers in VICS, text in some exports).</summary>
    private static string? Scalar(JsonStreamReader json, ListEntryBuilder builder, string name)
    {
        json.Read();
        switch (json.TokenType)
        {
            case JsonTokenType.String:
                return json.GetString();
            case JsonTokenType.Number:
                return json.NumberText();
            case JsonTokenType.Null:
                return null;
            default:
                builder.Fail($"\"{name}\" must be a number or a string");
                json.SkipValue();
                return null;
        }
    }

    private static void Tags(JsonStreamReader json, ListEntryBuilder builder)
    {
        json.Read();
        switch (json.TokenType)
        {
            case JsonTokenType.String:
                builder.Tags(json.GetString(), '|');
                break;
            case JsonTokenType.StartArray:
                while (json.Read() && json.TokenType != JsonTokenType.EndArray)
                {
                    if (json.TokenType == JsonTokenType.String)
                    {
                        builder.Tag(json.GetString());
                    }
                    else
                    {
                        builder.Fail("\"Tags\" must be a string or an array of strings");
                        json.SkipValue();
                    }
                }

                break;
            case JsonTokenType.Null:
                break;
            default:
                builder.Fail("\"Tags\" must be a string or an array of strings");
                json.SkipValue();
                break;
        }
    }

    /// <summary>The first file path or name of MediaFiles[], for the source.</summary>
    private static string? MediaFiles(JsonStreamReader json, ListEntryBuilder builder)
    {
        string? found = null;
        json.Read();
        if (json.TokenType != JsonTokenType.StartArray)
        {
            if (json.TokenType != JsonTokenType.Null)
            {
                builder.Fail("\"MediaFiles\" must be an array");
                json.SkipValue();
            }

            return null;
        }

        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            if (json.TokenType != JsonTokenType.StartObject)
            {
                json.SkipValue();
                continue;
            }

            string? path = null, file = null;
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                if (json.Is("FilePath"))
                {
                    path = Text(json, builder, "FilePath");
                }
                else if (json.Is("FileName"))
                {
                    file = Text(json, builder, "FileName");
                }
                else
                {
                    json.SkipValue();
                }
            }

            found ??= path ?? file;
        }

        return found;
    }

    /// <summary>AlternativeHashes[]: {HashName, HashValue} pairs.</summary>
    private static void AlternativeHashes(JsonStreamReader json, ListEntryBuilder builder)
    {
        json.Read();
        if (json.TokenType != JsonTokenType.StartArray)
        {
            if (json.TokenType != JsonTokenType.Null)
            {
                builder.Fail("\"AlternativeHashes\" must be an array");
                json.SkipValue();
            }

            return;
        }

        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            if (json.TokenType != JsonTokenType.StartObject)
            {
                builder.Fail("\"AlternativeHashes\" must hold {\"HashName\", \"HashValue\"} objects");
                json.SkipValue();
                continue;
            }

            string? hashName = null, hashValue = null;
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                if (json.Is("HashName"))
                {
                    hashName = Text(json, builder, "HashName");
                }
                else if (json.Is("HashValue"))
                {
                    hashValue = Text(json, builder, "HashValue");
                }
                else
                {
                    json.SkipValue();
                }
            }

            string field = $"AlternativeHashes {hashName}";
            switch (hashName?.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant())
            {
                case "PHOTODNA":
                    builder.PhotoDna(hashValue, field);
                    break;
                case "PDQ":
                    builder.Pdq(hashValue, field);
                    break;
                case "SHA256":
                    builder.Exact(ExactHashAlgorithm.Sha256, hashValue, field);
                    break;
                case "SHA1":
                    builder.Exact(ExactHashAlgorithm.Sha1, hashValue, field);
                    break;
                case "MD5":
                    builder.Exact(ExactHashAlgorithm.Md5, hashValue, field);
                    break;
                default:
                    break; // other vendors' hashes (image marks, video fingerprints) are not list fields here
            }
        }
    }

    public ListEntryWriter CreateWriter(TextWriter output) => new Writer(output, this);

    /// <summary>
    /// Writes the layout's context, then one Media record per line in "value". MediaID and Category are numbers when
    /// they are integers (strings otherwise); hashes are upper-case hex as Project VIC distributes them; PDQ and
    /// SHA-256 go in AlternativeHashes (HashName "PDQ", "SHA256"), as does PhotoDNA in VICS 1.x and CAID.
    /// </summary>
    private sealed class Writer(TextWriter output, VicsJsonListFormat format) : ListEntryWriter
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(512);
        // Relaxed escaping keeps base64 PhotoDNA values readable in the file ('+' rather than an escape sequence).
        private readonly Utf8JsonWriter _json = new(Stream.Null, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        private bool _started;

        public override void Write(ListEntry entry)
        {
            Start();
            output.Write(Records == 0 ? "\n" : ",\n");
            _buffer.ResetWrittenCount();
            _json.Reset(_buffer);
            Record(entry);
            _json.Flush();
            output.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
            Records++;
        }

        public override void Finish()
        {
            Start();
            output.Write("\n]}\n");
        }

        private void Start()
        {
            if (!_started)
            {
                _started = true;
                _buffer.ResetWrittenCount();
                _json.Reset(_buffer);
                _json.WriteStringValue(format._contextMember);
                _json.Flush();
                string member = Encoding.UTF8.GetString(_buffer.WrittenSpan);
                _buffer.ResetWrittenCount();
                _json.Reset(_buffer);
                _json.WriteStringValue(format._context);
                _json.Flush();
                output.Write($"{{{member}:{Encoding.UTF8.GetString(_buffer.WrittenSpan)},\"value\":[");
            }
        }

        private void Record(ListEntry e)
        {
            _json.WriteStartObject();
            Integer("MediaID", e.Id);
            if (e.Metadata.Category is { } category)
            {
                Integer("Category", category);
            }

            if (e.Md5 is { } md5)
            {
                _json.WriteString("MD5", md5.ToString().ToUpperInvariant());
            }

            if (e.Sha1 is { } sha1)
            {
                _json.WriteString("SHA1", sha1.ToString().ToUpperInvariant());
            }

            if (e.PhotoDna is { } photoDna && format._photoDnaMember)
            {
                _json.WriteString("PhotoDNA", photoDna);
            }

            if (e.Metadata.Tags.Count > 0)
            {
                _json.WriteString("Tags", string.Join('|', e.Metadata.Tags));
            }

            if (e.Metadata.Source is { } source)
            {
                _json.WriteString("RelativeFilePath", source);
            }

            if (e.Metadata.Note is { } note)
            {
                _json.WriteString("Comments", note);
            }

            List<(string Name, string Value)> alternatives = [];
            if (e.PhotoDna is { } pdna && !format._photoDnaMember)
            {
                alternatives.Add(("PhotoDNA", pdna));
            }

            if (e.Pdq is { } pdq)
            {
                alternatives.Add(("PDQ", pdq.ToString().ToUpperInvariant()));
            }

            if (e.Sha256 is { } sha256)
            {
                alternatives.Add(("SHA256", sha256.ToString().ToUpperInvariant()));
            }

            if (alternatives.Count > 0)
            {
                _json.WriteStartArray("AlternativeHashes");
                foreach ((string name, string value) in alternatives)
                {
                    _json.WriteStartObject();
                    _json.WriteString("HashName", name);
                    _json.WriteString("HashValue", value);
                    _json.WriteEndObject();
                }

                _json.WriteEndArray();
            }

            _json.WriteEndObject();
        }

        private void Integer(string name, string text)
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long number) && number.ToString(CultureInfo.InvariantCulture) == text)
            {
                _json.WriteNumber(name, number);
            }
            else
            {
                _json.WriteString(name, text);
            }
        }
    }
}
