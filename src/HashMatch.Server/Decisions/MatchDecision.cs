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

    /// <summary>
    /// The decision for an uploaded video, or null when nothing matched: its flagging candidates are the exact-hash
    /// ones of <paramref name="exact"/> (the file's bytes) with verdict Match, then the video candidates with verdict
    /// Match (technology <c>vpdq</c> or <c>tmk</c>, distance and threshold in <see cref="VideoCandidate"/>'s 0..100
    /// terms), at most <paramref name="maxPerBank"/> per bank as the answer shows them. The query keeps its exact
    /// hashes; it has no PDQ.
    /// </summary>
    public static DecisionRecord? OfVideo(MatchReport exact, IReadOnlyList<VideoCandidate> videos, string? queryId, IndexSnapshot snapshot, int maxPerBank, string? apiKey, DateTimeOffset at)
    {
        var perBank = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = new List<DecisionCandidate>();
        bool Shown(string bank)
        {
            int count = perBank.GetValueOrDefault(bank);
            perBank[bank] = count + 1;
            return count < maxPerBank;
        }

        foreach (MatchCandidate candidate in exact.Candidates)
        {
            if (Shown(candidate.List) && candidate.Verdict == MatchVerdict.Match)
            {
                candidates.Add(new DecisionCandidate(MatchTechnologies.Of(candidate), candidate.List, candidate.EntryId, candidate.Metadata.Source, 0, 0, null, candidate.EntryQuality));
            }
        }

        foreach (VideoCandidate candidate in videos)
        {
            if (Shown(candidate.Bank) && candidate.Verdict == MatchVerdict.Match)
            {
                candidates.Add(new DecisionCandidate(candidate.Technology, candidate.Bank, candidate.EntryId, candidate.Metadata.Source, candidate.Distance, candidate.Threshold, null, null));
            }
        }

        return candidates.Count == 0 ? null
            : new DecisionRecord(DecisionRecord.NewId(at), at, "match", apiKey, queryId, null, null, exact.Exact, snapshot.Sequence, candidates);
    }
}
