using HashMatch.Hashing;
using HashMatch.Matching;

namespace HashMatch.Server.Indexing;

/// <summary>
/// Everything a request matches against, immutable and published with one reference write (so a request sees each
/// change entirely or not at all): every bank's <see cref="BankIndex"/> at change <see cref="Sequence"/>, and one
/// library <see cref="HashMatcher"/> over the enabled banks' base and delta lists.
/// </summary>
internal sealed class IndexSnapshot
{
    private readonly Dictionary<string, (BankIndex Bank, int Order, bool IsBase)> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BankIndex> _banks = new(StringComparer.Ordinal);

    public IndexSnapshot(long sequence, IEnumerable<BankIndex> banks, ImageHasherOptions hasherOptions)
    {
        Sequence = sequence;
        Banks = [.. banks.OrderBy(b => b.Record.Id)];
        var lists = new List<KnownList>();
        int order = 0;
        foreach (BankIndex bank in Banks)
        {
            _banks[bank.Name] = bank;
            if (!bank.Record.Settings.Enabled)
            {
                continue;
            }

            _lists[bank.Base.Name] = (bank, order, true);
            lists.Add(bank.Base);
            if (bank.Delta is { } delta)
            {
                _lists[delta.Name] = (bank, order, false);
                lists.Add(delta);
            }

            order++;
        }

        Matcher = new HashMatcher(lists, hasherOptions);
    }

    /// <summary>The last change applied.</summary>
    public long Sequence { get; }

    /// <summary>Every bank, enabled or not, by creation.</summary>
    public IReadOnlyList<BankIndex> Banks { get; }

    /// <summary>The library's matcher over the enabled banks (a bank's base list, then its delta).</summary>
    public HashMatcher Matcher { get; }

    /// <summary>The bank named <paramref name="name"/>, or null.</summary>
    public BankIndex? Bank(string name) => _banks.GetValueOrDefault(name);

    /// <summary>
    /// The library's report as one bank per list would give it: list names become bank names, base entries whose
    /// id was removed since the base was built are dropped (and if such an entry was the only exclusion hit, the
    /// matches it excluded are matches again), and each bank's base and delta candidates are merged in the
    /// library's order — exact candidates first, by bank and then MD5, SHA-1, SHA-256; then PDQ candidates by bank
    /// and distance (base before delta on ties, which is entry order after a rebuild).
    /// </summary>
    public MatchReport Resolve(MatchReport report)
    {
        if (report.Candidates.Count == 0 || IsResolved(report))
        {
            return report;
        }

        var kept = new List<(MatchCandidate Candidate, int Order)>(report.Candidates.Count);
        bool dropped = false;
        foreach (MatchCandidate candidate in report.Candidates)
        {
            var (bank, order, isBase) = _lists[candidate.List];
            if (isBase && bank.Tombstones.Contains(candidate.EntryId))
            {
                dropped = true;
                continue;
            }

            kept.Add((candidate with { List = bank.Name }, order));
        }

        // The library marks every match Excluded when any exclusion list matched; if the only exclusion hits were
        // removed entries, that did not happen.
        bool excluded = kept.Any(k => k.Candidate.Verdict == MatchVerdict.Excluded && _banks[k.Candidate.List].Record.Settings.Role == ListRole.Exclusion);
        IEnumerable<MatchCandidate> candidates = kept
            .OrderBy(k => k.Candidate.Method == MatchMethod.Pdq ? 1 : 0)
            .ThenBy(k => k.Order)
            .ThenBy(k => k.Candidate.Method == MatchMethod.Pdq ? k.Candidate.Distance : (int)k.Candidate.Method)
            .Select(k => dropped && !excluded && k.Candidate.Verdict == MatchVerdict.Excluded ? k.Candidate with { Verdict = MatchVerdict.Match } : k.Candidate);
        return report with { Candidates = [.. candidates] };
    }

    /// <summary>
    /// True when every candidate comes from a bank's base list, named as the bank, and none was removed since: then
    /// each bank is one list, and the library's order and verdicts are already the bank's (the common case for a
    /// bank without recent changes, so lookups and uploads copy nothing).
    /// </summary>
    private bool IsResolved(MatchReport report)
    {
        foreach (MatchCandidate candidate in report.Candidates)
        {
            var (bank, _, isBase) = _lists[candidate.List];
            if (!isBase || candidate.List != bank.Name || bank.Tombstones.Contains(candidate.EntryId))
            {
                return false;
            }
        }

        return true;
    }
}
