using System.Globalization;

namespace HashMatch.Evaluation;

/// <summary>A run's outcome in one line, for the end of <c>hashmatch eval</c> and the top of the report.</summary>
public static class RunSummary
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Size and time of the run, then at the headline threshold (31, or the run's first threshold): the share of
    /// copies missed (plain matching, rotations and flips excluded), the false-positive rate over all pairs and with
    /// the excluded pairs left out, and the index cross-check.
    /// </summary>
    public static string OneLine(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        int column = result.ThresholdColumn(ErrorRates.HeadlineThreshold);
        int threshold = result.Thresholds[Math.Max(column, 0)];
        long copies = result.Curves.Copies.Sum(), missed = copies - result.Curves.Copies.Take(threshold + 1).Sum();
        FalsePositiveRow fp = result.FalsePositives.First(r => r.Threshold == threshold && r.Matching == MatchingMode.Plain && !r.QualityLimited);
        string fnr = copies == 0 ? "no copies" : (missed / (double)copies).ToString("0.0 %", Invariant);
        return string.Create(Invariant,
            $"{result.Originals:N0} originals, {result.TransformedCopies:N0} copies, {result.Pairs:N0} pairs in {result.Seconds:0.#} s; " +
            $"at threshold {threshold}: FNR {fnr} (plain, rotations/flips excluded), FPR {NumberText.Rate(fp.Rate)} ({NumberText.Rate(fp.UnrelatedRate)} without {fp.Pairs - fp.UnrelatedPairs:N0} {result.ExcludedPairs}); " +
            $"index cross-check {(result.IndexAgrees ? "agrees" : "DISAGREES")}");
    }
}
