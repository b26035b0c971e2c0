using System.Globalization;
using System.Text.Json;

namespace HashMatch.Exchanges;

/// <summary>
/// Reads a JSON page of an exchange with errors that name the page and the field: a page that is not JSON, or a
/// field of the wrong kind, is <see cref="HashMatchErrorReason.Malformed"/> and nothing of the page is used.
/// </summary>
internal sealed class ExchangeJsonPage : IDisposable
{
    private readonly JsonDocument _document;

    public ExchangeJsonPage(string exchange, string where, string json)
    {
        Exchange = exchange;
        Where = where;
        try
        {
            _document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new HashMatchException(exchange, HashMatchErrorReason.Malformed, $"{where}: not JSON: {e.Message}", e);
        }

        if (_document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("the page", "is not a JSON object");
        }
    }

    public string Exchange { get; }

    public string Where { get; }

    public JsonElement Root => _document.RootElement;

    /// <summary>The array <paramref name="name"/> of <paramref name="parent"/> (an absent or null one is empty when <paramref name="optional"/>).</summary>
    public IEnumerable<JsonElement> Array(JsonElement parent, string name, bool optional = false)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return optional ? [] : throw Malformed(name, "is missing");
        }

        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw Malformed(name, "is not an array");
    }

    /// <summary>The string <paramref name="name"/> (null when absent or null, unless required).</summary>
    public string? String(JsonElement parent, string name, bool required = false)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Malformed(name, "is missing") : null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(), // ids sent as numbers
            _ => throw Malformed(name, "is not a string"),
        };
    }

    /// <summary>The boolean <paramref name="name"/> (false when absent).</summary>
    public bool Bool(JsonElement parent, string name) =>
        !parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null ? false :
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() :
        throw Malformed(name, "is not true or false");

    /// <summary>The number <paramref name="name"/>, sent as a number or as numeric text (null when absent).</summary>
    public double? Number(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number ? value.GetDouble()
            : value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed
            : throw Malformed(name, "is not a number");
    }

    public HashMatchException Malformed(string field, string problem) => new(Exchange, HashMatchErrorReason.Malformed, $"{Where}: {field} {problem}");

    public void Dispose() => _document.Dispose();
}
