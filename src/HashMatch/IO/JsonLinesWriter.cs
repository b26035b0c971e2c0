using System.Buffers;
using System.Text;
using System.Text.Json;

namespace HashMatch.IO;

/// <summary>
/// Writes JSON Lines (one JSON object per line, UTF-8, <c>\n</c>-terminated) to a text writer: the one JSON-lines
/// writer for hash records, match records and list files. Uses <see cref="Utf8JsonWriter"/> directly (no
/// reflection), so it is trim- and AOT-safe; strings are escaped by the JSON writer, so file names cannot break a line.
/// </summary>
/// <param name="output">Where the lines go; the writer does not flush or dispose it.</param>
public sealed class JsonLinesWriter(TextWriter output)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private Utf8JsonWriter? _json;

    /// <summary>Writes one object whose members <paramref name="members"/> writes.</summary>
    public void WriteObject(Action<Utf8JsonWriter> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        _buffer.ResetWrittenCount();
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_buffer);
        }
        else
        {
            _json.Reset(_buffer);
        }

        _json.WriteStartObject();
        members(_json);
        _json.WriteEndObject();
        _json.Flush();
        output.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        output.Write('\n');
    }
}
