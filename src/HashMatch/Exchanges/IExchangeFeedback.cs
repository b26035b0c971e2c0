using System.Diagnostics.CodeAnalysis;
using HashMatch.Lists;

namespace HashMatch.Exchanges;

/// <summary>
/// An exchange that takes reviewers' verdicts back (StopNCII's feedback, ThreatExchange's reactions): the programme
/// learns which of its hashes matched real copies and which flagged the wrong content. Sent only when the settings
/// ask for it (<see cref="ExchangeSettings.Feedback"/>).
/// </summary>
[Experimental(ExchangeApi.DiagnosticId)]
public interface IExchangeFeedback
{
    /// <summary>Tells the exchange a reviewer's verdict on a match of <paramref name="entry"/> (an entry it sent).</summary>
    /// <param name="entry">The entry as the exchange sent it (its id, and the labels the feedback names).</param>
    /// <param name="confirmed">True when a reviewer confirmed the match, false when they judged it a false positive.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="HashMatchException">The exchange refused the feedback or could not be reached after retries (<see cref="HashMatchErrorReason.Unreadable"/>), or the entry carries nothing to address it by (<see cref="HashMatchErrorReason.Malformed"/>).</exception>
    Task SendFeedbackAsync(ListEntry entry, bool confirmed, CancellationToken cancellationToken = default);
}
