using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Exchanges;

/// <summary>Makes the exchange <see cref="ExchangeSettings"/> describe.</summary>
[Experimental(ExchangeApi.DiagnosticId)]
public static class HashExchanges
{
    /// <summary>Exchange type names.</summary>
    internal const string Ncmec = "ncmec", StopNcii = "stopncii", ThreatExchange = "threatexchange", TechAgainstTerrorism = "tat", File = "file", Url = "url";

    /// <summary>Every exchange type name.</summary>
    public static IReadOnlyList<string> Types { get; } = [Ncmec, StopNcii, ThreatExchange, TechAgainstTerrorism, File, Url];

    /// <summary>The exchange <paramref name="settings"/> describe, sending its requests through <paramref name="http"/> (the caller owns it).</summary>
    /// <exception cref="HashMatchException">The settings are not usable (<see cref="HashMatchErrorReason.Malformed"/>).</exception>
    public static IHashExchange Create(ExchangeSettings settings, HttpClient http) => Create(settings, http, null, TimeProvider.System);

    /// <summary>As <see cref="Create(ExchangeSettings, HttpClient)"/>, with the wait retries use (tests record it instead of waiting) and the clock time windows and cursor ages are read from.</summary>
    internal static IHashExchange Create(ExchangeSettings settings, HttpClient http, Func<TimeSpan, CancellationToken, Task>? wait, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(http);
        if (settings.Problem() is { } problem)
        {
            throw new HashMatchException($"{settings.Type} exchange", HashMatchErrorReason.Malformed, problem);
        }

        return settings.Type switch
        {
            Ncmec => new NcmecExchange(settings, http, wait, clock),
            StopNcii => new StopNciiExchange(settings, http, wait),
            ThreatExchange => new ThreatExchangeExchange(settings, http, wait, clock),
            TechAgainstTerrorism => new TatExchange(settings, http, wait),
            File => new ListFileExchange(settings),
            _ => new ListUrlExchange(settings, http, wait),
        };
    }
}
