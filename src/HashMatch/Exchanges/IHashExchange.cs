using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Exchanges;

/// <summary>
/// A hash-sharing programme or list source a bank is kept in sync with: NCMEC hash sharing, StopNCII,
/// ThreatExchange, Tech Against Terrorism, a list file or folder, a list at a URL (<see cref="HashExchanges.Create(ExchangeSettings, HttpClient)"/>).
/// Each fetch returns the changes after a checkpoint and the checkpoint after them, so a caller that stores the
/// checkpoint together with the changes (in one transaction) resumes exactly where it stopped, whenever it stopped.
/// </summary>
[Experimental(ExchangeApi.DiagnosticId)]
public interface IHashExchange
{
    /// <summary>What the exchange is, for messages and entry metadata: <c>ncmec:industry</c>, <c>file:/lists/a.csv</c> (never a credential).</summary>
    string Name { get; }

    /// <summary>
    /// Fetches the next page of changes after <paramref name="checkpoint"/> (null: from the beginning of the
    /// exchange's history). Nothing is changed on the exchange.
    /// </summary>
    /// <param name="checkpoint">The <see cref="ExchangePage.Checkpoint"/> of the last page applied, or null.</param>
    /// <param name="cancellationToken">Stops the fetch (and any retry wait).</param>
    /// <exception cref="HashMatchException">
    /// The exchange cannot be reached or refused the request after retries (<see cref="HashMatchErrorReason.Unreadable"/>),
    /// a page is not in the exchange's documented shape (<see cref="HashMatchErrorReason.Malformed"/>: the detail names
    /// the page and the field), a page exceeds the size limit (<see cref="HashMatchErrorReason.TooLarge"/>), or the
    /// checkpoint is not one this exchange wrote (<see cref="HashMatchErrorReason.Malformed"/>). Nothing of such a page
    /// is returned.
    /// </exception>
    Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken = default);
}
