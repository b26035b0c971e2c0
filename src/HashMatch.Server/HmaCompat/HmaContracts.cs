using System.Text.Json;
using System.Text.Json.Serialization;

namespace HashMatch.Server.HmaCompat;

/// <summary>HMA's error body, <c>{"message": "..."}</c>, sent with the error's status.</summary>
internal sealed record HmaMessage(string Message);

/// <summary>
/// An HMA bank: <c>{"matching_enabled_ratio": 1.0, "name": "..."}</c> (keys in Flask's sorted order). The ratio is
/// 1.0 for an enabled HashMatch bank and 0.0 for a disabled one; a decimal, so that it is written <c>1.0</c> as
/// Python writes it.
/// </summary>
internal sealed record HmaBank(decimal MatchingEnabledRatio, string Name);

/// <summary>One match in a lookup answer: the content id and the distance as text (<c>"9"</c> for PDQ, <c>"-"</c> for an exact match), as HMA's <c>pretty_str</c> writes it.</summary>
internal sealed record HmaMatch(HmaContentId BankContentId, string Distance);

/// <summary><c>GET /m/raw_lookup</c> without distances: the matching content ids.</summary>
internal sealed record HmaRawIds(IReadOnlyList<HmaContentId> Matches);

/// <summary><c>GET /m/raw_lookup?include_distance=true</c>: content ids with distances.</summary>
internal sealed record HmaRawMatches(IReadOnlyList<HmaMatch> Matches);

/// <summary>One signal type's index in <c>GET /m/index/status</c>.</summary>
internal sealed record HmaIndexStatus(bool Present, long BuiltTo, long Size);

/// <summary><c>POST /c/bank/{name}/signal</c> and <c>/content</c>: the new content's id and its signals.</summary>
internal sealed record HmaContentAdded(HmaContentId Id, IReadOnlyDictionary<string, string> Signals);

/// <summary>
/// HMA 1.1's content metadata, as kept in a HashMatch entry's source (see <see cref="HmaContentMetadataText"/>):
/// unset members are written as null, as HMA writes them.
/// </summary>
internal sealed record HmaContentMetadata
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? ContentId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? ContentUri { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonElement? Json { get; init; }
}

/// <summary>
/// <c>GET /c/bank/{name}/content/{id}</c> (HMA 1.1's shape): the optional members are left out when empty, as HMA
/// does; <c>original_media_uri</c> is always null (HashMatch keeps no media).
/// </summary>
internal sealed record HmaContent
{
    public required HmaContentId Id { get; init; }

    public required long DisableUntilTs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? OriginalMediaUri { get; init; }

    public required HmaBank Bank { get; init; }

    public IReadOnlyDictionary<string, string>? Signals { get; init; }

    public HmaContentMetadata? Metadata { get; init; }

    public string? Note { get; init; }
}

/// <summary><c>PUT /c/bank/{name}/content/{id}</c>'s answer: HMA's full stored record.</summary>
internal sealed record HmaContentRecord
{
    public required HmaContentId Id { get; init; }

    public required long DisableUntilTs { get; init; }

    public required IReadOnlyDictionary<string, string> CollabMetadata { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? OriginalMediaUri { get; init; }

    public required HmaBank Bank { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public HmaContentMetadata? UserMetadata { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Note { get; init; }
}

/// <summary><c>DELETE /c/bank/{name}/content/{id}</c>: how many contents went (0 or 1).</summary>
internal sealed record HmaDeleted(int Deleted);

/// <summary>One entry of <c>GET /c/signal_type</c>.</summary>
internal sealed record HmaSignalTypeConfig(string Name, decimal EnabledRatio);

/// <summary>One entry of <c>GET /c/content_type</c>.</summary>
internal sealed record HmaContentTypeConfig(string Name, bool Enabled);
