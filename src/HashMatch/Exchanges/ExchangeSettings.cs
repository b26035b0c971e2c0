using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using HashMatch.Lists;

namespace HashMatch.Exchanges;

/// <summary>
/// What an exchange is and where it is, as a small JSON object (a <c>--config</c> file, the body of
/// <c>POST /v1/exchanges</c>): <c>{"type": "ncmec", "environment": "industry", "credentials": "env:NCMEC_CREDENTIALS"}</c>.
/// Settings name where a credential is (<c>env:VARIABLE</c> or <c>file:PATH</c>), never the credential, so they can
/// be stored, listed and logged. docs/exchanges.md lists each type's fields.
/// </summary>
[Experimental(ExchangeApi.DiagnosticId)]
public sealed class ExchangeSettings
{
    /// <summary>The exchange type: <c>ncmec</c>, <c>stopncii</c>, <c>threatexchange</c>, <c>tat</c>, <c>file</c> or <c>url</c>.</summary>
    public required string Type { get; init; }

    /// <summary>NCMEC's environment (<see cref="NcmecExchange.Environments"/>, e.g. <c>industry</c>, <c>law_enforcement</c>, <c>ngo</c>).</summary>
    public string? Environment { get; init; }

    /// <summary>Where the credential is: <c>env:VARIABLE</c> or <c>file:PATH</c>. Its form depends on the type (docs/exchanges.md).</summary>
    public string? Credentials { get; init; }

    /// <summary>The API's address instead of the programme's published one (a proxy, a test server).</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>ThreatExchange's privacy group (collaboration) id.</summary>
    public string? PrivacyGroup { get; init; }

    /// <summary>For <c>file</c>: the list file, or a folder whose list files together make the list.</summary>
    public string? Path { get; init; }

    /// <summary>For <c>url</c>: the list's HTTPS address.</summary>
    public Uri? Url { get; init; }

    /// <summary>For <c>file</c> and <c>url</c>: the list's layout by its <see cref="ListFormatNames"/> name (detected when not given).</summary>
    public string? Format { get; init; }

    /// <summary>
    /// Whether reviewers' verdicts are sent back to the exchange (StopNCII feedback, ThreatExchange reactions;
    /// <see cref="IExchangeFeedback"/>). Off unless asked for: feedback tells the programme what the operator reviewed.
    /// </summary>
    public bool Feedback { get; init; }

    /// <summary>Where the exchange's history starts for a first fetch (the beginning of its history when not given).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Reads settings from JSON text; <paramref name="input"/> names it in errors.</summary>
    /// <exception cref="HashMatchException">The text is not a settings object, has an unknown field, or a value out of place (<see cref="HashMatchErrorReason.Malformed"/>).</exception>
    public static ExchangeSettings Parse(string json, string input)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(input);
        ExchangeSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize(json, ExchangeJson.Default.ExchangeSettings);
        }
        catch (JsonException e)
        {
            throw new HashMatchException(input, HashMatchErrorReason.Malformed, $"exchange settings: {e.Message}", e);
        }

        return settings is null ? throw new HashMatchException(input, HashMatchErrorReason.Malformed, "exchange settings are a JSON object")
            : settings.Problem() is { } problem ? throw new HashMatchException(input, HashMatchErrorReason.Malformed, problem)
            : settings;
    }

    /// <summary>The settings as JSON text (what <see cref="Parse"/> reads).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ExchangeJson.Default.ExchangeSettings);

    /// <summary>Why these settings cannot make an exchange, or null.</summary>
    public string? Problem()
    {
        string? Need(bool present, string field) => present ? null : $"a {Type} exchange needs \"{field}\"";
        return ExchangeSecret.Problem(Credentials)
            ?? (Feedback && Type is not (HashExchanges.StopNcii or HashExchanges.ThreatExchange) ? $"a {Type} exchange takes no feedback (stopncii and threatexchange do)" : null)
            ?? (Format is not null && !ListFormatNames.TryParse(Format, out _) ? $"unknown list format {Format}; known: {string.Join(", ", ListFormatNames.All)}" : null)
            ?? (BaseUrl is { } b && !IsHttp(b) ? "base_url is an absolute http or https address" : null) ?? Type switch
        {
            HashExchanges.Ncmec => Need(Environment is not null, "environment")
                ?? (NcmecExchange.Environments.ContainsKey(Environment!) ? null : $"unknown NCMEC environment {Environment}; known: {string.Join(", ", NcmecExchange.Environments.Keys)}"),
            HashExchanges.StopNcii => null,
            HashExchanges.ThreatExchange => Need(PrivacyGroup is not null, "privacy_group"),
            HashExchanges.TechAgainstTerrorism => null,
            HashExchanges.File => Need(Path is not null, "path"),
            HashExchanges.Url => Need(Url is not null, "url") ?? (IsHttp(Url!) ? null : "url is an absolute http or https address"),
            _ => $"unknown exchange type {Type}; known: {string.Join(", ", HashExchanges.Types)}",
        };
    }

    /// <summary>The layout <see cref="Format"/> names.</summary>
    internal ListFormat ListFormat => ListFormatNames.TryParse(Format, out ListFormat format) ? format : ListFormat.Auto;

    private static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
