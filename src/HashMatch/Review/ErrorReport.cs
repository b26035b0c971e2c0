namespace HashMatch.Review;

/// <summary>
/// The false-positive report per technology that Regulation (EU) 2021/1232 (art. 3(1)(g)(vii)) asks providers for:
/// from recorded decisions and their reviews, one row per technology (and per bank on request) and a total row.
/// </summary>
/// <remarks>
/// <para>
/// A decision counts once in each row whose technology (and bank) flagged it — one decision found by MD5 and by PDQ is
/// flagged by both. Its verdict in a row is the verdict the reviewer gave that row's candidates when there is one
/// (confirmed if any of them was confirmed, else false positive if any was, else undetermined), otherwise the
/// decision's; the total row counts each decision once with the decision's verdict.
/// </para>
/// <para>
/// The false-positive ratio is false positives / (confirmed + false positives): undetermined reviews and unreviewed
/// decisions are in neither side. Its 95 % interval is <see cref="BinomialInterval.Of"/> (Wilson; exact at 0 and at
/// every decision), so a technology with few reviews shows how little its ratio says.
/// </para>
/// </remarks>
public static class ErrorReport
{
    /// <summary>The technology name of the row that counts every decision once.</summary>
    public const string Total = "all";

    /// <summary>
    /// The rows: technologies in <see cref="MatchTechnologies.All"/> order (unknown names after them, in ordinal
    /// order), each followed by its banks in ordinal order when <paramref name="byBank"/>; the <see cref="Total"/> row
    /// last. A technology that flagged nothing has no row.
    /// </summary>
    public static IReadOnlyList<ErrorReportRow> Compute(IEnumerable<DecisionOutcome> decisions, bool byBank = false)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var rows = new Dictionary<(string Technology, string? Bank), Tally>();
        var total = new Tally();
        foreach (DecisionOutcome decision in decisions)
        {
            total.Add(decision.Verdict, decision);
            foreach (var group in decision.Flagged.GroupBy(f => (f.Technology, Bank: byBank ? f.Bank : null)))
            {
                ReviewVerdict? own = CandidatesVerdict(group.Select(f => f.Verdict));
                if (!rows.TryGetValue(group.Key, out Tally? tally))
                {
                    rows[group.Key] = tally = new Tally();
                }

                tally.Add(own ?? decision.Verdict, decision);
            }
        }

        var order = MatchTechnologies.All.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var result = rows
            .OrderBy(r => order.TryGetValue(r.Key.Technology, out int at) ? at : int.MaxValue)
            .ThenBy(r => r.Key.Technology, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Bank, StringComparer.Ordinal)
            .Select(r => r.Value.Row(r.Key.Technology, r.Key.Bank))
            .ToList();
        if (total.Flagged > 0)
        {
            result.Add(total.Row(Total, null));
        }

        return result;
    }

    /// <summary>
    /// The verdict a reviewer gave a group of candidates (those of one technology, or one bank): confirmed if any of
    /// them was confirmed, else false positive if any was, else undetermined if any was; null when none was judged
    /// alone (the decision's verdict then counts).
    /// </summary>
    public static ReviewVerdict? CandidatesVerdict(IEnumerable<ReviewVerdict?> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        ReviewVerdict? result = null;
        foreach (ReviewVerdict? verdict in verdicts)
        {
            result = (verdict, result) switch
            {
                (ReviewVerdict.Confirmed, _) or (_, ReviewVerdict.Confirmed) => ReviewVerdict.Confirmed,
                (ReviewVerdict.FalsePositive, _) or (_, ReviewVerdict.FalsePositive) => ReviewVerdict.FalsePositive,
                (ReviewVerdict.Undetermined, _) or (_, ReviewVerdict.Undetermined) => ReviewVerdict.Undetermined,
                _ => null,
            };
        }

        return result;
    }

    private sealed class Tally
    {
        public long Flagged { get; private set; }

        private long _confirmed, _falsePositives, _undetermined, _complaints, _reinstated;

        public void Add(ReviewVerdict? verdict, DecisionOutcome decision)
        {
            Flagged++;
            switch (verdict)
            {
                case ReviewVerdict.Confirmed:
                    _confirmed++;
                    break;
                case ReviewVerdict.FalsePositive:
                    _falsePositives++;
                    break;
                case ReviewVerdict.Undetermined:
                    _undetermined++;
                    break;
            }

            _complaints += decision.Complaints;
            _reinstated += decision.Reinstated ? 1 : 0;
        }

        public ErrorReportRow Row(string technology, string? bank)
        {
            long decided = _confirmed + _falsePositives;
            BinomialInterval interval = BinomialInterval.Of(_falsePositives, decided);
            return new ErrorReportRow
            {
                Technology = technology,
                Bank = bank,
                Flagged = Flagged,
                Reviewed = decided + _undetermined,
                Confirmed = _confirmed,
                FalsePositives = _falsePositives,
                Undetermined = _undetermined,
                FalsePositiveRatio = decided == 0 ? null : _falsePositives / (double)decided,
                FalsePositiveRatioLow = decided == 0 ? null : interval.Low,
                FalsePositiveRatioHigh = decided == 0 ? null : interval.High,
                Complaints = _complaints,
                Reinstated = _reinstated,
            };
        }
    }
}

/// <summary>One row of the <see cref="ErrorReport"/>; the service's JSON and CSV columns are these, in this order, in snake case.</summary>
public sealed class ErrorReportRow
{
    /// <summary>The technology (<see cref="MatchTechnologies"/>), or <see cref="ErrorReport.Total"/>.</summary>
    public string Technology { get; internal init; } = "";

    /// <summary>The bank, when the report is per bank (null in a per-technology report and in the total row).</summary>
    public string? Bank { get; internal init; }

    /// <summary>Decisions this technology (in this bank) flagged.</summary>
    public long Flagged { get; internal init; }

    /// <summary>Of those, reviewed (confirmed + false positives + undetermined).</summary>
    public long Reviewed { get; internal init; }

    /// <summary>Reviewed and confirmed.</summary>
    public long Confirmed { get; internal init; }

    /// <summary>Reviewed and found false positives.</summary>
    public long FalsePositives { get; internal init; }

    /// <summary>Reviewed without a conclusion.</summary>
    public long Undetermined { get; internal init; }

    /// <summary>False positives / (confirmed + false positives), or null when neither was found.</summary>
    public double? FalsePositiveRatio { get; internal init; }

    /// <summary>The ratio's 95 % interval, lower bound.</summary>
    public double? FalsePositiveRatioLow { get; internal init; }

    /// <summary>The ratio's 95 % interval, upper bound.</summary>
    public double? FalsePositiveRatioHigh { get; internal init; }

    /// <summary>Complaints recorded against the decisions counted.</summary>
    public long Complaints { get; internal init; }

    /// <summary>Decisions reversed after a complaint (content reinstated).</summary>
    public long Reinstated { get; internal init; }
}
