using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// Every JSON body the HMA-compatible routes write, source-generated with HMA's snake_case names. Kept apart from
/// <see cref="ServerJson"/>: these are HMA's shapes, not HashMatch's API, and are written through this context
/// explicitly (<see cref="HmaResults"/>).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HmaMessage))]
[JsonSerializable(typeof(HmaBank))]
[JsonSerializable(typeof(IReadOnlyList<HmaBank>))]
[JsonSerializable(typeof(HmaRawIds))]
[JsonSerializable(typeof(HmaRawMatches))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, IReadOnlyList<HmaMatch>>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<HmaMatch>>>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, HmaIndexStatus>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(HmaContentAdded))]
[JsonSerializable(typeof(HmaContent))]
[JsonSerializable(typeof(HmaContentRecord))]
[JsonSerializable(typeof(HmaContentMetadata))]
[JsonSerializable(typeof(HmaDeleted))]
[JsonSerializable(typeof(IReadOnlyList<HmaSignalTypeConfig>))]
[JsonSerializable(typeof(IReadOnlyList<HmaContentTypeConfig>))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class HmaJson : JsonSerializerContext;
