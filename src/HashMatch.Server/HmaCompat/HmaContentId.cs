using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// A HashMatch entry id as an HMA <c>bank_content_id</c>. HMA's ids are integers; HashMatch's are text. An entry id
/// that is the decimal form of an integer from 0 to 2^53 − 1 (digits only, no leading zero: what the HMA routes give
/// content they add, and what lists imported with integer ids carry) is written as that JSON number; any other id is
/// written as a JSON string, unchanged, so a client can still send it back to the content routes. 2^53 − 1 is the
/// largest integer every JSON reader (JavaScript's included) keeps exactly.
/// </summary>
[JsonConverter(typeof(HmaContentIdConverter))]
internal readonly record struct HmaContentId(string EntryId)
{
    /// <summary>The largest id written as a number.</summary>
    public const long MaxNumber = (1L << 53) - 1;

    /// <summary>The integer the entry id stands for, or null when it is written as a string.</summary>
    public long? Number =>
        EntryId.Length is > 0 and <= 16 && EntryId.All(char.IsAsciiDigit) && (EntryId.Length == 1 || EntryId[0] != '0')
        && long.Parse(EntryId, CultureInfo.InvariantCulture) is var n && n <= MaxNumber ? n : null;
}

/// <summary>Writes an <see cref="HmaContentId"/> as a number when it is one (see there), else as a string; reads either.</summary>
internal sealed class HmaContentIdConverter : JsonConverter<HmaContentId>
{
    public override HmaContentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
            ? new HmaContentId(reader.GetInt64().ToString(CultureInfo.InvariantCulture))
            : new HmaContentId(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, HmaContentId value, JsonSerializerOptions options)
    {
        if (value.Number is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value.EntryId);
        }
    }
}
