using System.Globalization;
using System.Text.Json;

namespace HashMatch.Lists;

/// <summary>
/// One Media record of a VICS or CAID file, read member by member from the stream into a <see cref="ListEntryBuilder"/>
/// (see <see cref="VicsJsonListFormat"/> for the members read); a Case's "Media" array is read as more records.
/// </summary>
internal static class VicsMediaRecord
{
    /// <summary>One object of "value" or "Media", after its start.</summary>
    public static void Read(JsonStreamReader json, ListSink sink, ref int record)
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
                    VicsJsonListFormat.Records(json, sink, ref record);
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
}
