using HashMatch.Server.Storage;
using Microsoft.Extensions.Logging;

namespace HashMatch.Server.Decisions;

/// <summary>
/// Automatic quarantine of an entry that floods (<see cref="ServerOptions.QuarantineAfter"/>, off by default): after
/// decisions are recorded, each (bank, entry) that flagged them is counted over <see cref="ServerOptions.QuarantineWindow"/>,
/// and one over the limit is moved into quarantine as a reviewer would (a change every replica follows; recorded as
/// <c>auto-quarantine</c>, with the decision that tipped it). Runs after the requests were answered, off their path;
/// a failure is logged and tried again with the next decisions the entry flags.
/// </summary>
internal sealed partial class FloodQuarantine(IBankStore banks, IDecisionStore decisions, ServerOptions options, ILogger<FloodQuarantine> logger)
{
    /// <summary>The name the quarantine is recorded under, in place of an API key's.</summary>
    public const string Actor = "auto";

    /// <summary>Whether it is on.</summary>
    public bool Enabled => options.QuarantineAfter > 0;

    /// <summary>Counts what <paramref name="recorded"/> flagged and quarantines the entries over the limit.</summary>
    public async Task CheckAsync(IReadOnlyList<DecisionRecord> recorded, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<(string Bank, string Entry), string>();
        foreach (DecisionRecord decision in recorded)
        {
            foreach (DecisionCandidate candidate in decision.Candidates)
            {
                latest[(candidate.Bank, candidate.EntryId)] = decision.Id;
            }
        }

        foreach (var ((bank, entry), decision) in latest)
        {
            try
            {
                long flagged = await decisions.CountFlaggedAsync(bank, entry, now - options.QuarantineWindow, cancellationToken);
                if (flagged <= options.QuarantineAfter || await banks.BankAsync(bank, cancellationToken) is not { } record)
                {
                    continue;
                }

                var (_, moved) = await decisions.QuarantineAsync(record.Id, bank, entry, decision, Actor, now, cancellationToken, "auto-quarantine");
                if (moved > 0)
                {
                    LogQuarantined(logger, entry, bank, flagged, options.QuarantineWindow.TotalHours);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, entry, bank, e.GetBaseException().Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quarantined entry {Entry} of bank {Bank}: it flagged {Count} decisions within {Hours} h (--quarantine-after); POST /v1/quarantine/release puts it back")]
    private static partial void LogQuarantined(ILogger logger, string entry, string bank, long count, double hours);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not check or quarantine entry {Entry} of bank {Bank} for flooding: {Reason}")]
    private static partial void LogFailed(ILogger logger, string entry, string bank, string reason);
}
