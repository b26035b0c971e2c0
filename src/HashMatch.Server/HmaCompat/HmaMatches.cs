using System.Runtime.CompilerServices;
using HashMatch.Matching;
using HashMatch.Server.Api;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Indexing;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA's lookup answers made from the library's <see cref="MatchReport"/> — the same report, candidates and
/// distances <c>/v1/lookup</c> and <c>/v1/match</c> answer with, cut the same way (at most
/// <c>--max-candidates</c> per bank). A signal type's candidates are those of its method (<c>pdq</c>: PDQ,
/// <c>video_md5</c>: MD5); an entry reported twice in one bank (an original and its crop share an id) is one
/// content, at its closest distance.
/// </summary>
internal static class HmaMatches
{
    private static readonly ConditionalWeakTable<IndexSnapshot, HashMatcher> EveryBank = [];

    /// <summary>
    /// A matcher over every bank of <paramref name="snapshot"/>, disabled ones included — what HMA's raw lookup and a
    /// lookup with <c>bypass_coinflip</c> search (HMA skips only the coin flip of a bank's ratio, which for a ratio of
    /// 0 always loses). Made once per snapshot, from the snapshot's own lists.
    /// </summary>
    public static HashMatcher EveryBankMatcher(IndexSnapshot snapshot, HashMatch.Hashing.ImageHasherOptions hashing) =>
        EveryBank.GetValue(snapshot, s => new HashMatcher(s.Banks.Select(b => b.List), hashing));

    /// <summary>The report of looking <paramref name="signal"/> up, as <c>/v1/lookup</c> makes it (a PDQ without a quality counts as quality 100).</summary>
    public static MatchReport Look(HashMatcher matcher, HmaSignal signal) =>
        signal.Pdq is { } pdq
            ? matcher.MatchHashes("hma-lookup", null, new PdqHashResult(pdq, 100))
            : matcher.MatchHashes("hma-lookup", new ExactHashes(signal.Md5!.Value, default, default), null);

    /// <summary>
    /// The report's candidates of <paramref name="signalType"/> by bank (names in ordinal order, as Flask sorts keys;
    /// banks without one left out): every candidate, or only the <see cref="MatchVerdict.Match"/> ones when
    /// <paramref name="matchesOnly"/>; only the banks in <paramref name="banks"/> when it is given.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<HmaMatch>> ByBank(MatchReport report, string signalType, int maxPerBank, bool matchesOnly, IReadOnlySet<string>? banks)
    {
        string method = MatchMethodNames.Name(signalType == HmaSignal.PdqType ? MatchMethod.Pdq : MatchMethod.Md5);
        var found = new SortedDictionary<string, List<HmaMatch>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        foreach (CandidateJson candidate in ContractMapping.Candidates(report, maxPerBank).Candidates)
        {
            if (candidate.Method != method || (matchesOnly && candidate.Verdict != nameof(MatchVerdict.Match))
                || (banks is not null && !banks.Contains(candidate.List)) || !seen.Add((candidate.List, candidate.EntryId)))
            {
                continue;
            }

            if (!found.TryGetValue(candidate.List, out List<HmaMatch>? matches))
            {
                found[candidate.List] = matches = [];
            }

            // HMA's pretty_str: the PDQ distance as text, "-" for an exact index.
            matches.Add(new HmaMatch(new HmaContentId(candidate.EntryId), signalType == HmaSignal.PdqType ? candidate.Distance.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-"));
        }

        var ordered = new Dictionary<string, IReadOnlyList<HmaMatch>>(StringComparer.Ordinal);
        foreach (var (bank, matches) in found)
        {
            ordered[bank] = matches;
        }

        return ordered;
    }

    /// <summary>HMA's <c>banks</c> filter: comma-separated names; null (no filter) when absent or empty.</summary>
    public static IReadOnlySet<string>? BankFilter(string? banks) =>
        string.IsNullOrEmpty(banks) ? null : banks.Split(',').ToHashSet(StringComparer.Ordinal);
}
