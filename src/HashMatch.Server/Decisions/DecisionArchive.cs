using HashMatch.Matching;
using HashMatch.Review;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Storage;

namespace HashMatch.Server.Decisions;

/// <summary>
/// The recorded decisions of a bank store, as reports: the error report per technology (<see cref="ErrorReport"/>)
/// and the threshold advice per bank (<see cref="ThresholdAdvice"/>). <c>hashmatch report</c> opens one on a store
/// directly; the service's <c>/v1/reports</c> endpoints compute the same reports the same way. Both read the store,
/// never a replica's memory, so every replica and the command agree.
/// </summary>
public sealed class DecisionArchive : IDisposable
{
    private readonly SqlBankStore _store;

    private DecisionArchive(SqlBankStore store) => _store = store;

    /// <summary>The store (kind and location, never a password).</summary>
    public string Store => _store.Description;

    /// <summary>Opens the store of <paramref name="options"/> (<see cref="ServerOptions.DataDirectory"/> or <see cref="ServerOptions.Database"/>).</summary>
    /// <exception cref="HashMatchException">Neither is given (<see cref="HashMatchErrorReason.Malformed"/>), or the store cannot be opened (<see cref="HashMatchErrorReason.Unreadable"/>).</exception>
    /// <exception cref="StoreVersionException">A newer binary wrote the store.</exception>
    public static async Task<DecisionArchive> OpenAsync(ServerOptions options, CancellationToken cancellationToken = default) =>
        new(await SqlBankStore.OpenForCommandAsync(options, "report", cancellationToken));

    /// <summary>
    /// The error report of the decisions answered in [<paramref name="from"/>, <paramref name="to"/>): one row per
    /// technology (per technology and bank when <paramref name="byBank"/>), and the total row; only what
    /// <paramref name="bank"/> flagged when it is given.
    /// </summary>
    public Task<IReadOnlyList<ErrorReportRow>> ErrorReportAsync(DateTimeOffset from, DateTimeOffset to, string? bank = null, bool byBank = false, CancellationToken cancellationToken = default) =>
        ErrorReportAsync(_store, from, to, bank, byBank, cancellationToken);

    /// <summary>What each PDQ threshold 0–64 would have done to the reviewed decisions <paramref name="bank"/> flagged by PDQ in the period.</summary>
    public Task<IReadOnlyList<ThresholdRow>> ThresholdAdviceAsync(string bank, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        ThresholdAdviceAsync(_store, bank, from, to, cancellationToken);

    /// <summary>
    /// The error report as a page to hand on (<see cref="ErrorReportPage"/>): the rows of
    /// <see cref="ErrorReportAsync(DateTimeOffset, DateTimeOffset, string?, bool, CancellationToken)"/>, the deployment's
    /// banks and each known bank's threshold advice, beside <paramref name="synthetic"/> when given (a synthetic
    /// evaluation's curve); <paramref name="tool"/> names what made it.
    /// </summary>
    public Task<string> ErrorReportPageAsync(DateTimeOffset from, DateTimeOffset to, string? bank, bool byBank, SyntheticCurve? synthetic, string tool, DateTimeOffset made, CancellationToken cancellationToken = default) =>
        ErrorReportPageAsync(_store, _store, from, to, bank, byBank, synthetic, tool, made, cancellationToken);

    /// <summary>Writes <paramref name="rows"/> as <c>GET /v1/reports/errors</c> answers them: a JSON array, members named as <see cref="ErrorReportCsv.Columns"/>.</summary>
    public static Task WriteJsonAsync(Stream stream, IReadOnlyList<ErrorReportRow> rows, CancellationToken cancellationToken = default) =>
        System.Text.Json.JsonSerializer.SerializeAsync(stream, rows.Select(Json).ToList(), ServerJson.Default.ListErrorReportRowJson, cancellationToken);

    /// <summary>Closes the store.</summary>
    public void Dispose() => _store.Dispose();

    internal static async Task<IReadOnlyList<ErrorReportRow>> ErrorReportAsync(IDecisionStore store, DateTimeOffset from, DateTimeOffset to, string? bank, bool byBank, CancellationToken cancellationToken)
    {
        var outcomes = new List<DecisionOutcome>();
        await foreach (DecisionSummary decision in store.SummariesAsync(from, to, cancellationToken))
        {
            FlaggedCandidate[] flagged = [.. decision.Candidates
                .Where(c => bank is null || c.Bank == bank)
                .Select(c => new FlaggedCandidate(c.Technology, c.Bank, VerdictOf(decision, c.Bank, c.EntryId)))];
            if (flagged.Length > 0)
            {
                outcomes.Add(new DecisionOutcome { Flagged = flagged, Verdict = decision.Verdict, Complaints = decision.Complaints, Reinstated = decision.Reinstated });
            }
        }

        return ErrorReport.Compute(outcomes, byBank);
    }

    internal static async Task<string> ErrorReportPageAsync(IBankStore banks, IDecisionStore decisions, DateTimeOffset from, DateTimeOffset to, string? bank, bool byBank, SyntheticCurve? synthetic, string tool, DateTimeOffset made, CancellationToken cancellationToken)
    {
        IReadOnlyList<ErrorReportRow> rows = await ErrorReportAsync(decisions, from, to, bank, byBank, cancellationToken);
        var stored = (await banks.BanksAsync(cancellationToken)).Select(b => (b.Name, b.Settings.Options.MaxDistance, Role: WireNames.Role(b.Settings.Options.Role), b.Settings.Enabled)).ToList();
        var advice = new List<(string Bank, int Threshold, IReadOnlyList<ThresholdRow> Rows)>();
        foreach (var known in stored.Where(b => b.Role == "known"))
        {
            advice.Add((known.Name, known.MaxDistance, await ThresholdAdviceAsync(decisions, known.Name, from, to, cancellationToken)));
        }

        return ErrorReportPage.Render(rows, from, to, bank, banks.Description, stored, advice, synthetic, tool, made);
    }

    internal static async Task<IReadOnlyList<ThresholdRow>> ThresholdAdviceAsync(IDecisionStore store, string bank, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        string pdq = MatchMethodNames.Name(MatchMethod.Pdq);
        var reviewed = new List<ReviewedDistance>();
        await foreach (DecisionSummary decision in store.SummariesAsync(from, to, cancellationToken))
        {
            DecisionCandidate[] byPdq = [.. decision.Candidates.Where(c => c.Bank == bank && (c.Technology == pdq || c.Technology.StartsWith(pdq + ":", StringComparison.Ordinal)))];
            if (byPdq.Length == 0)
            {
                continue;
            }

            // The verdict the reviewer gave these candidates, as the error report reads it; else the decision's.
            ReviewVerdict? verdict = ErrorReport.CandidatesVerdict(byPdq.Select(c => VerdictOf(decision, c.Bank, c.EntryId))) ?? decision.Verdict;
            if (verdict is { } v)
            {
                reviewed.Add(new ReviewedDistance(byPdq.Min(c => c.Distance), v));
            }
        }

        return ThresholdAdvice.Compute(reviewed);
    }

    private static ReviewVerdict? VerdictOf(DecisionSummary decision, string bank, string entryId) =>
        decision.CandidateVerdicts.FirstOrDefault(v => v.Bank == bank && v.EntryId == entryId)?.Verdict;

    /// <summary>The wire form of a row.</summary>
    internal static ErrorReportRowJson Json(ErrorReportRow row) => new()
    {
        Technology = row.Technology,
        Bank = row.Bank,
        Flagged = row.Flagged,
        Reviewed = row.Reviewed,
        Confirmed = row.Confirmed,
        FalsePositives = row.FalsePositives,
        Undetermined = row.Undetermined,
        FpRatio = row.FalsePositiveRatio,
        FpRatioLow = row.FalsePositiveRatioLow,
        FpRatioHigh = row.FalsePositiveRatioHigh,
        Complaints = row.Complaints,
        Reinstated = row.Reinstated,
    };
}
