using System.Text.Json;

namespace HashMatch.Server.Api.Contracts;

/// <summary><c>POST /v1/exchanges</c>: attach an exchange to a bank (which it then keeps equal to the exchange's list).</summary>
public sealed record CreateExchangeRequest
{
    /// <summary>The exchange's name: the same rule as bank names.</summary>
    public string? Name { get; init; }

    /// <summary>The bank it feeds (existing; one exchange per bank).</summary>
    public string? Bank { get; init; }

    /// <summary>The exchange's settings (docs/exchanges.md): <c>{"type": "ncmec", "environment": "industry", "credentials": "env:NCMEC_CREDENTIALS"}</c>.</summary>
    public JsonElement? Settings { get; init; }

    /// <summary>Seconds between fetches once caught up (60–604800; default 300).</summary>
    public long? IntervalSeconds { get; init; }

    /// <summary>Whether it is fetched on its schedule (default true).</summary>
    public bool? Enabled { get; init; }
}

/// <summary><c>PATCH /v1/exchanges/{name}</c>: what to change (absent fields stay).</summary>
public sealed record UpdateExchangeRequest
{
    /// <inheritdoc cref="CreateExchangeRequest.IntervalSeconds"/>
    public long? IntervalSeconds { get; init; }

    /// <inheritdoc cref="CreateExchangeRequest.Enabled"/>
    public bool? Enabled { get; init; }
}

/// <summary>An exchange and where its fetching stands.</summary>
public sealed record ExchangeResponse
{
    /// <summary>The exchange's name.</summary>
    public required string Name { get; init; }

    /// <summary>The bank it feeds.</summary>
    public required string Bank { get; init; }

    /// <summary>The settings as given (credential references, never a credential).</summary>
    public required JsonElement Settings { get; init; }

    /// <summary>Whether it is fetched on its schedule.</summary>
    public required bool Enabled { get; init; }

    /// <summary>Seconds between fetches once caught up.</summary>
    public required long IntervalSeconds { get; init; }

    /// <summary>Where the next fetch starts (the exchange's own checkpoint); null before the first page.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>When the last fetch ended (successfully or not).</summary>
    public DateTimeOffset? LastFetchAt { get; init; }

    /// <summary>When a page was last applied.</summary>
    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>Why the last fetch failed; null after a success.</summary>
    public string? LastError { get; init; }

    /// <summary>Pages applied, entries added or changed, ids withdrawn since the exchange was attached.</summary>
    public required long Pages { get; init; }

    /// <summary>Entries added or changed.</summary>
    public required long Added { get; init; }

    /// <summary>Ids withdrawn.</summary>
    public required long Removed { get; init; }

    /// <summary>Reviewers' verdicts waiting to be sent back (with <c>"feedback": true</c> in the settings).</summary>
    public required long FeedbackPending { get; init; }

    /// <summary>Verdicts sent back.</summary>
    public required long FeedbackSent { get; init; }

    /// <summary>Verdicts given up on after ten failed tries.</summary>
    public required long FeedbackFailed { get; init; }

    /// <summary>Whether a replica is fetching it now (holds its lease).</summary>
    public required bool Fetching { get; init; }

    /// <summary>When the exchange was attached.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary><c>GET /v1/exchanges</c>.</summary>
public sealed record ExchangeListResponse
{
    /// <summary>Every exchange, in the order they were attached.</summary>
    public required IReadOnlyList<ExchangeResponse> Exchanges { get; init; }
}
