using HashMatch.Matching;
using HashMatch.Review;
using HashMatch.Server.Indexing;
using HashMatch.Server.Storage;

namespace HashMatch.Server.Decisions;

/// <summary>The decision an answer records: made from the library's report of one query, when a candidate matched.</summary>
internal static class MatchDecision
{
    /// <summary>
    /// The decision for <paramref name="report"/>, or null when nothing matched (low-quality and excluded candidates
    /// flag nothing). Its candidates are the <see cref="MatchVerdict.Match"/> ones, at most
    /// <paramref name="maxPerBank"/> per bank as the answer shows them, each with the technology that found it and its
    /// bank's threshold as the snapshot had it.
    /// </summary>
    public static DecisionRecord? Of(MatchReport report, string endpoint, string? queryId, IndexSnapshot snapshot, int maxPerBank, string? apiKey, DateTimeOffset at)
    {
        if (!report.IsMatch)
        {
            return null;
        }

        var perBank = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = new List<DecisionCandidate>();
        foreach (MatchCandidate candidate in report.Candidates)
        {
            int count = perBank.GetValueOrDefault(candidate.List);
            perBank[candidate.List] = count + 1;
            if (candidate.Verdict != MatchVerdict.Match || count >= maxPerBank)
            {
                continue;
            }

            int threshold = candidate.Method == MatchMethod.Pdq ? snapshot.Bank(candidate.List)?.Record.Settings.Options.MaxDistance ?? 0 : 0;
            candidates.Add(new DecisionCandidate(MatchTechnologies.Of(candidate), candidate.List, candidate.EntryId, candidate.Metadata.Source,
                candidate.Distance, threshold, candidate.QueryQuality, candidate.EntryQuality));
        }

        return new DecisionRecord(DecisionRecord.NewId(at), at, endpoint, apiKey, queryId, report.Pdq?.Hash, report.Pdq?.Quality, report.Exact, snapshot.Sequence, candidates);
    }
}
