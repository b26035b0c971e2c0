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
internal sealed class VicsJsonListFormat : IListFormat
{
    public static readonly VicsJsonListFormat Vics2 = new(ListFormat.Vics, "@odata.context", "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media", photoDnaMember: true);
    public static readonly VicsJsonListFormat Vics1 = new(ListFormat.Vics1, "odata.metadata", "http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media", photoDnaMember: false);
    public static readonly VicsJsonListFormat Caid = new(ListFormat.Caid, "odata.metadata", "http://github.com/ICMEC/ProjectVic/DataModels/1.2.xml#Media", photoDnaMember: false);

    private readonly string _contextMember, _context;
    private readonly bool _photoDnaMember;

    private VicsJsonListFormat(ListFormat format, string contextMember, string context, bool photoDnaMember)
    {
        Format = format;
        _contextMember = contextMember;
        _context = context;
        _photoDnaMember = photoDnaMember;
    }

    public ListFormat Format { get; }

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
            return Format == ListFormat.Vics || caid == (Format == ListFormat.Caid) ? 95 : 0;
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
    internal static void Records(JsonStreamReader json, ListSink sink, ref int record)
    {
        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            if (json.TokenType == JsonTokenType.StartObject)
            {
                VicsMediaRecord.Read(json, sink, ref record);
            }
            else
            {
                record++;
                sink.Error(json.Line, string.Create(CultureInfo.InvariantCulture, $"record {record}: expected a Media object"));
                json.SkipValue();
            }
        }
    }

    public ListEntryWriter CreateWriter(TextWriter output) => new VicsJsonWriter(output, _contextMember, _context, _photoDnaMember);
}
