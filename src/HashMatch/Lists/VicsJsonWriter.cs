using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HashMatch.Lists;

/// <summary>
/// Writes VICS and CAID JSON: the layout's context, then one Media record per line in "value". MediaID and Category
/// are numbers when they are integers (strings otherwise); hashes are upper-case hex as Project VIC distributes
/// them; PDQ and SHA-256 go in AlternativeHashes (HashName "PDQ", "SHA256"), as does PhotoDNA in VICS 1.x and CAID.
/// </summary>
internal sealed class VicsJsonWriter(TextWriter output, string contextMember, string context, bool photoDnaMember) : ListEntryWriter
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
            _json.WriteStringValue(contextMember);
            _json.Flush();
            string member = Encoding.UTF8.GetString(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
            _json.Reset(_buffer);
            _json.WriteStringValue(context);
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

        if (e.PhotoDna is { } photoDna && photoDnaMember)
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
        if (e.PhotoDna is { } pdna && !photoDnaMember)
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
