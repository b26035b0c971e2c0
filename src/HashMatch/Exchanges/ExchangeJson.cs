using System.Text.Json.Serialization;

namespace HashMatch.Exchanges;

/// <summary>
/// Settings and checkpoints as JSON, generated at compile time (the library is AOT-compiled into the native tool):
/// snake_case names, unknown fields refused, absent values left out. Pages are read with <c>JsonDocument</c> instead,
/// so that a malformed page names the field that is wrong.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExchangeSettings))]
[JsonSerializable(typeof(NcmecExchange.Checkpoint), TypeInfoPropertyName = "NcmecCheckpoint")]
[JsonSerializable(typeof(StopNciiExchange.Checkpoint), TypeInfoPropertyName = "StopNciiCheckpoint")]
[JsonSerializable(typeof(ThreatExchangeExchange.Checkpoint), TypeInfoPropertyName = "ThreatExchangeCheckpoint")]
[JsonSerializable(typeof(TatExchange.Checkpoint), TypeInfoPropertyName = "TatCheckpoint")]
[JsonSerializable(typeof(ListFileExchange.Checkpoint), TypeInfoPropertyName = "ListFileCheckpoint")]
[JsonSerializable(typeof(ListUrlExchange.Checkpoint), TypeInfoPropertyName = "ListUrlCheckpoint")]
internal sealed partial class ExchangeJson : JsonSerializerContext;
