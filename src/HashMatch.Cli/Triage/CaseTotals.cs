using HashMatch.Matching;

namespace HashMatch.Cli.Triage;

/// <summary>
/// The counts a case's manifest and report give, gathered in one pass over the journal: per outcome, per category of
/// the matched entries, per list and method; and the first rows of each kind the report shows by name (memory stays
/// bounded however many files the case holds; the full rows are in files.tsv and hits.tsv).
/// </summary>
internal sealed class CaseTotals
{
    /// <summary>Most rows of one kind (hits, low-quality matches, failures, skips, exclusions) the report lists by name.</summary>
    public const int ShownRows = 2000;

    public long Files { get; private set; }

    public long Bytes { get; private set; }

    public long Candidates { get; private set; }

    public SortedDictionary<TriageOutcome, long> Outcomes { get; } = new(TriageOutcomes.All.ToDictionary(o => o, _ => 0L));

    /// <summary>Matched files per category of the entry that matched (<c>(none)</c> when the entry has no category).</summary>
    public SortedDictionary<string, long> Categories { get; } = new(StringComparer.Ordinal);

    /// <summary>Per list: files whose best candidate of that list is a match, an exclusion, a low-quality match.</summary>
    public SortedDictionary<string, ListTally> Lists { get; } = new(StringComparer.Ordinal);

    /// <summary>Matched files per method of their best candidate (md5, sha1, sha256, pdq original, pdq rot90, pdq region, pdq augmented, ...).</summary>
    public SortedDictionary<string, long> Methods { get; } = new(StringComparer.Ordinal);

    /// <summary>The first <see cref="ShownRows"/> files of each outcome, with their best candidate.</summary>
    public Dictionary<TriageOutcome, List<ShownFile>> Shown { get; } = TriageOutcomes.All.ToDictionary(o => o, _ => new List<ShownFile>());

    public void Add(TriageRecord record)
    {
        Files++;
        Bytes += record.Size ?? 0;
        Candidates += record.Candidates.Count;
        Outcomes[record.Outcome]++;
        TriageHit? best = record.Best;
        if (record.Outcome == TriageOutcome.Match && best is not null)
        {
            Increment(Categories, best.Category ?? "(none)");
            Increment(Methods, MethodKey(best));
        }

        foreach (TriageHit hit in record.BestPerList())
        {
            if (!Lists.TryGetValue(hit.List, out ListTally? tally))
            {
                Lists[hit.List] = tally = new ListTally();
            }

            switch (hit.Verdict)
            {
                case MatchVerdict.Match:
                    tally.Matched++;
                    break;
                case MatchVerdict.Excluded:
                    tally.Excluded++;
                    break;
                default:
                    tally.LowQuality++;
                    break;
            }
        }

        List<ShownFile> shown = Shown[record.Outcome];
        if (record.Outcome != TriageOutcome.NoMatch && shown.Count < ShownRows)
        {
            shown.Add(new ShownFile(record.Seq, record.Path, record.Detail, best is null ? null : new ShownHit(best.List, best.EntryId, best.Category, MethodKey(best), best.Distance, best.QueryQuality, best.EntryQuality)));
        }
    }

    /// <summary>The method in words the report explains: the exact hash's name, or <c>pdq</c> and the query variant (and <c>augmented</c> for a list-side crop).</summary>
    public static string MethodKey(TriageHit hit) =>
        hit.Method != "pdq" ? hit.Method : hit.Augmented ? $"pdq {hit.Variant} augmented" : $"pdq {hit.Variant}";

    private static void Increment(SortedDictionary<string, long> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out long n) ? n + 1 : 1;

    internal sealed class ListTally
    {
        public long Matched { get; set; }

        public long Excluded { get; set; }

        public long LowQuality { get; set; }
    }

    internal sealed record ShownHit(string List, string EntryId, string? Category, string Method, int Distance, int? QueryQuality, int? EntryQuality);

    internal sealed record ShownFile(long Seq, string Path, string Detail, ShownHit? Best);
}
