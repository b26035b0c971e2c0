namespace HashMatch.Server.Api.Contracts;

/// <summary><c>GET /v1/index</c>: what this replica serves.</summary>
public sealed record IndexResponse
{
    /// <summary>The last change of the bank store applied.</summary>
    public required long Sequence { get; init; }

    /// <summary>Seconds since this replica last confirmed it had every change.</summary>
    public required double StalenessSeconds { get; init; }

    /// <summary>Whether a full rebuild is running beside the live index.</summary>
    public required bool Rebuilding { get; init; }

    /// <summary>Seconds the last full rebuild took.</summary>
    public double? LastRebuildSeconds { get; init; }

    /// <summary>The bank store (kind and location, no credentials).</summary>
    public required string Store { get; init; }

    /// <summary>Per bank.</summary>
    public required IReadOnlyList<IndexBankJson> Banks { get; init; }
}

/// <summary>One bank's index on this replica.</summary>
public sealed record IndexBankJson
{
    /// <summary>The bank.</summary>
    public required string Name { get; init; }

    /// <summary>Whether it takes part in matching.</summary>
    public required bool Enabled { get; init; }

    /// <summary>Entries of the base list (built at <see cref="BaseSequence"/>).</summary>
    public required long BaseEntries { get; init; }

    /// <summary>Entries added since.</summary>
    public required long DeltaEntries { get; init; }

    /// <summary>Video entries served (vPDQ frames and/or TMK signatures).</summary>
    public int Videos { get; init; }

    /// <summary>Ids removed since (hidden until the next rebuild).</summary>
    public required long Tombstones { get; init; }

    /// <summary>Approximate bytes its lists hold.</summary>
    public required long MemoryBytes { get; init; }

    /// <summary>The change the base was built at.</summary>
    public required long BaseSequence { get; init; }

    /// <summary>When the base was built.</summary>
    public required DateTimeOffset BuiltAt { get; init; }

    /// <summary>Seconds the base took to build.</summary>
    public required double BuildSeconds { get; init; }

    /// <summary>Whether entries wait for a rebuild to become visible (a large import).</summary>
    public required bool PendingRebuild { get; init; }
}

/// <summary><c>GET /health/ready</c> and <c>/health/live</c>.</summary>
public sealed record HealthResponse
{
    /// <summary><c>ready</c>, <c>loading</c>, <c>stale</c> or <c>live</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The last change applied, once loaded.</summary>
    public long? Sequence { get; init; }

    /// <summary>Seconds since the last confirmed poll.</summary>
    public double? StalenessSeconds { get; init; }
}

/// <summary><c>GET /v1/key</c>: the calling key.</summary>
public sealed record KeyResponse
{
    /// <summary>The key's name.</summary>
    public required string Name { get; init; }

    /// <summary>What it may do: <c>read</c>, <c>write</c>, <c>metrics</c>, <c>review</c> (a write key reads too).</summary>
    public required IReadOnlyList<string> Scopes { get; init; }
}

/// <summary><c>GET /v1/keys</c>: every stored key.</summary>
public sealed record KeyListResponse
{
    /// <summary>The keys, by id.</summary>
    public required IReadOnlyList<KeyJson> Keys { get; init; }
}

/// <summary>A stored key (never the key itself, except once in the answer that created it).</summary>
public sealed record KeyJson
{
    /// <summary>The key's id.</summary>
    public required long Id { get; init; }

    /// <summary>Its name.</summary>
    public required string Name { get; init; }

    /// <summary>Its scopes.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary><c>command</c> (added by a command or <c>/v1/keys</c>) or <c>environment</c> (HASHMATCH_API_KEYS).</summary>
    public required string Source { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last used (at most a minute behind per replica).</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>When it was revoked.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>The key, in the answer that created it only: it is not stored and cannot be shown again.</summary>
    public string? Key { get; init; }
}

/// <summary><c>POST /v1/keys</c>.</summary>
public sealed record CreateKeyRequest
{
    /// <summary>A unique name: 1 to 64 letters, digits, '.', '_' or '-', not all digits, not starting <c>env-</c>.</summary>
    public string? Name { get; init; }

    /// <summary>One or more of <c>read</c>, <c>write</c>, <c>metrics</c>, <c>review</c>, <c>admin</c>.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }
}
