using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HashMatch.Exchanges;

/// <summary>Reads and writes an exchange's checkpoint: JSON of the exchange's own checkpoint record.</summary>
internal static class ExchangeCheckpoints
{
    /// <summary>The checkpoint <paramref name="text"/> holds, or null for none.</summary>
    /// <exception cref="HashMatchException">The text is not a checkpoint of this kind of exchange (<see cref="HashMatchErrorReason.Malformed"/>).</exception>
    public static T? Read<T>(string exchange, string? text, JsonTypeInfo<T> type)
        where T : class
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, type) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new HashMatchException(exchange, HashMatchErrorReason.Malformed, $"the checkpoint is not one this exchange wrote: {e.Message}", e);
        }
    }

    /// <summary><paramref name="checkpoint"/> as text.</summary>
    public static string Write<T>(T checkpoint, JsonTypeInfo<T> type) => JsonSerializer.Serialize(checkpoint, type);
}
