namespace HashMatch.Server.Api.Contracts;

/// <summary>
/// <c>POST /v1/banks</c>: a new bank. Only the name is required; the rest default to PDQ's customary threshold 31,
/// quality limits 50, no query variants, role <c>known</c>, enabled.
/// </summary>
public sealed record CreateBankRequest
{
    /// <summary>1–64 ASCII letters, digits, '-', '_', '.'; starts with a letter or digit.</summary>
    public string? Name { get; init; }

    /// <summary>Largest PDQ Hamming distance that matches (0–256).</summary>
    public int? MaxDistance { get; init; }

    /// <summary>Queries below this PDQ quality (0–100) do not match by PDQ.</summary>
    public int? MinQueryQuality { get; init; }

    /// <summary>Entries below this recorded PDQ quality (0–100) do not match by PDQ.</summary>
    public int? MinEntryQuality { get; init; }

    /// <summary>Query variants: <c>none</c>, <c>all</c>, or some of <c>pixel-dihedral,upscale,region</c>.</summary>
    public string? Variants { get; init; }

    /// <summary><c>known</c> (a hit is a match) or <c>exclusion</c> (a hit cancels every match of the query).</summary>
    public string? Role { get; init; }

    /// <summary>Whether the bank takes part in matching.</summary>
    public bool? Enabled { get; init; }

    /// <summary>vPDQ threshold of the bank's video entries: the least percentage of an uploaded video's frames that match the entry (1–100, default 80).</summary>
    public int? VpdqMatchPercent { get; init; }

    /// <summary>TMK threshold of the bank's video entries: the least level-1 and level-2 score, in percent (1–100, default 70, i.e. 0.70).</summary>
    public int? TmkMatchPercent { get; init; }

    /// <summary>Local-feature threshold for entries with signals: the fewest consistent feature matches for a <c>local</c> match (2–90, default 16).</summary>
    public int? LocalMinInliers { get; init; }
}

/// <summary><c>PATCH /v1/banks/{name}</c>: the settings to change (absent ones stay).</summary>
public sealed record UpdateBankRequest
{
    /// <inheritdoc cref="CreateBankRequest.MaxDistance"/>
    public int? MaxDistance { get; init; }

    /// <inheritdoc cref="CreateBankRequest.MinQueryQuality"/>
    public int? MinQueryQuality { get; init; }

    /// <inheritdoc cref="CreateBankRequest.MinEntryQuality"/>
    public int? MinEntryQuality { get; init; }

    /// <inheritdoc cref="CreateBankRequest.Variants"/>
    public string? Variants { get; init; }

    /// <inheritdoc cref="CreateBankRequest.Role"/>
    public string? Role { get; init; }

    /// <inheritdoc cref="CreateBankRequest.Enabled"/>
    public bool? Enabled { get; init; }

    /// <inheritdoc cref="CreateBankRequest.VpdqMatchPercent"/>
    public int? VpdqMatchPercent { get; init; }

    /// <inheritdoc cref="CreateBankRequest.TmkMatchPercent"/>
    public int? TmkMatchPercent { get; init; }

    /// <inheritdoc cref="CreateBankRequest.LocalMinInliers"/>
    public int? LocalMinInliers { get; init; }
}

/// <summary>A bank: its settings and what this replica serves of it.</summary>
public sealed record BankResponse
{
    /// <summary>The bank's name.</summary>
    public required string Name { get; init; }

    /// <inheritdoc cref="CreateBankRequest.MaxDistance"/>
    public required int MaxDistance { get; init; }

    /// <inheritdoc cref="CreateBankRequest.MinQueryQuality"/>
    public required int MinQueryQuality { get; init; }

    /// <inheritdoc cref="CreateBankRequest.MinEntryQuality"/>
    public required int MinEntryQuality { get; init; }

    /// <inheritdoc cref="CreateBankRequest.Variants"/>
    public required string Variants { get; init; }

    /// <inheritdoc cref="CreateBankRequest.Role"/>
    public required string Role { get; init; }

    /// <inheritdoc cref="CreateBankRequest.Enabled"/>
    public required bool Enabled { get; init; }

    /// <inheritdoc cref="CreateBankRequest.VpdqMatchPercent"/>
    public required int VpdqMatchPercent { get; init; }

    /// <inheritdoc cref="CreateBankRequest.TmkMatchPercent"/>
    public required int TmkMatchPercent { get; init; }

    /// <inheritdoc cref="CreateBankRequest.LocalMinInliers"/>
    public required int LocalMinInliers { get; init; }

    /// <summary>Entries this replica serves (null until its index has the bank).</summary>
    public long? Entries { get; init; }

    /// <summary>Video entries this replica serves (null until its index has the bank).</summary>
    public int? Videos { get; init; }

    /// <summary>When the bank was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its settings last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The change that created or changed it (for changes; absent when listing).</summary>
    public long? Sequence { get; init; }
}

/// <summary><c>GET /v1/banks</c>.</summary>
public sealed record BankListResponse
{
    /// <summary>Every bank, by creation.</summary>
    public required IReadOnlyList<BankResponse> Banks { get; init; }
}
