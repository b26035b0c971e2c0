using HashMatch.Matching;

namespace HashMatch.Cli.Triage;

/// <summary>What a triage concluded about one file: every file examined gets exactly one.</summary>
internal enum TriageOutcome
{
    /// <summary>A list's entry matched (an exact hash equal, or PDQ within the threshold with both qualities high enough).</summary>
    Match,

    /// <summary>
    /// PDQ within the threshold, but the file's or the entry's quality is below the limit: a near-identical copy whose
    /// picture has too little detail for PDQ to be sure. Reported by name, never dropped — an investigator decides.
    /// </summary>
    LowQualityMatch,

    /// <summary>An exclusion list (known-good files, NSRL, confirmed false positives) matched the file.</summary>
    Excluded,

    /// <summary>Examined (exact hashes, and PDQ when it is an image) without any candidate.</summary>
    NoMatch,

    /// <summary>Could not be read, or is an image or video that could not be decoded; the detail says why (exact hashes were compared when the bytes could be read).</summary>
    Failed,

    /// <summary>Not read at all: not a regular file (a named pipe, a device), or a directory link not followed; the detail says why.</summary>
    Skipped,
}

/// <summary>The outcome names written in the case's files, and the rule that turns candidates into an outcome.</summary>
internal static class TriageOutcomes
{
    /// <summary>Every outcome in report order.</summary>
    public static IReadOnlyList<TriageOutcome> All { get; } = Enum.GetValues<TriageOutcome>();

    public static string Name(TriageOutcome outcome) => outcome switch
    {
        TriageOutcome.Match => "match",
        TriageOutcome.LowQualityMatch => "low-quality match",
        TriageOutcome.Excluded => "excluded",
        TriageOutcome.NoMatch => "no match",
        TriageOutcome.Failed => "failed",
        TriageOutcome.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static TriageOutcome Parse(string name)
    {
        foreach (TriageOutcome outcome in All)
        {
            if (Name(outcome) == name)
            {
                return outcome;
            }
        }

        throw new FormatException($"unknown triage outcome '{name}'");
    }

    /// <summary>
    /// A match wins over everything (a file whose decode failed can still be an exact copy), then an exclusion, then a
    /// low-quality match; only a file without any candidate is <see cref="TriageOutcome.Failed"/> when its decode
    /// failed, or <see cref="TriageOutcome.NoMatch"/>.
    /// </summary>
    public static TriageOutcome Of(IEnumerable<MatchVerdict> verdicts, bool failed)
    {
        bool excluded = false, lowQuality = false;
        foreach (MatchVerdict verdict in verdicts)
        {
            switch (verdict)
            {
                case MatchVerdict.Match:
                    return TriageOutcome.Match;
                case MatchVerdict.Excluded:
                    excluded = true;
                    break;
                case MatchVerdict.QueryLowQuality or MatchVerdict.EntryLowQuality:
                    lowQuality = true;
                    break;
            }
        }

        return excluded ? TriageOutcome.Excluded : lowQuality ? TriageOutcome.LowQualityMatch : failed ? TriageOutcome.Failed : TriageOutcome.NoMatch;
    }
}
