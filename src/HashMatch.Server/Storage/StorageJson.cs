using System.Text.Json.Serialization;

namespace HashMatch.Server.Storage;

/// <summary>The JSON the stores write into columns (an entry's tags).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StorageJson : JsonSerializerContext;
