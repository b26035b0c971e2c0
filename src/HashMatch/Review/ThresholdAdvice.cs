namespace HashMatch.Review;

/// <summary>
/// What each PDQ threshold would have done to the reviewed decisions of a bank: for thresholds 0 to
/// <see cref="PdqHash.BitLength"/> / 4 (64), how many confirmed decisions it keeps and loses, and how many false
/// positives it keeps and avoids — the operator's own curve, beside the synthetic evaluation's (docs/evaluation.md).
/// </summary>
/// <remarks>
/// A decision is placed at its smallest PDQ distance among the candidates that flagged it. Undetermined reviews are
/// left out: they say nothing about either side. A threshold above the bank's own cannot be judged from decisions
/// alone (what a higher threshold would have added was never flagged, so never reviewed): those rows only keep
/// everything the bank's threshold flagged.
/// </remarks>
public static class ThresholdAdvice
{
    /// <summary>The highest threshold in the table (a quarter of PDQ's 256 bits; unrelated pictures differ in about 128).</summary>
    public const int MaxThreshold = PdqHash.BitLength / 4;

    /// <summary>One row per threshold 0..<see cref="MaxThreshold"/>.</summary>
    /// <param name="reviewed">Each reviewed decision's smallest PDQ distance and its verdict.</param>
    public static IReadOnlyList<ThresholdRow> Compute(IEnumerable<ReviewedDistance> reviewed)
    {
        ArgumentNullException.ThrowIfNull(reviewed);
        long[] confirmed = new long[PdqHash.BitLength + 1], falsePositives = new long[PdqHash.BitLength + 1];
        foreach (ReviewedDistance decision in reviewed)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(decision.Distance);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(decision.Distance, PdqHash.BitLength);
            switch (decision.Verdict)
            {
                case ReviewVerdict.Confirmed:
                    confirmed[decision.Distance]++;
                    break;
                case ReviewVerdict.FalsePositive:
                    falsePositives[decision.Distance]++;
                    break;
            }
        }

        long allConfirmed = confirmed.Sum(), allFalse = falsePositives.Sum(), keptConfirmed = 0, keptFalse = 0;
        var rows = new ThresholdRow[MaxThreshold + 1];
        for (int t = 0; t <= MaxThreshold; t++)
        {
            keptConfirmed += confirmed[t];
            keptFalse += falsePositives[t];
            rows[t] = new ThresholdRow(t, keptConfirmed, allConfirmed - keptConfirmed, keptFalse, allFalse - keptFalse);
        }

        return rows;
    }
}

/// <summary>A reviewed decision as <see cref="ThresholdAdvice"/> counts it.</summary>
/// <param name="distance">The smallest PDQ distance among the candidates that flagged it (0..256).</param>
/// <param name="verdict">The review's verdict.</param>
public readonly struct ReviewedDistance(int distance, ReviewVerdict verdict)
{
    /// <summary>The smallest PDQ distance among the candidates that flagged it.</summary>
    public int Distance { get; } = distance;

    /// <summary>The review's verdict.</summary>
    public ReviewVerdict Verdict { get; } = verdict;
}

/// <summary>What one threshold would have done (<see cref="ThresholdAdvice"/>).</summary>
/// <param name="threshold">The PDQ threshold (inclusive).</param>
/// <param name="confirmedKept">Confirmed decisions at or below it: still flagged.</param>
/// <param name="confirmedLost">Confirmed decisions above it: missed at this threshold.</param>
/// <param name="falsePositivesKept">False positives at or below it: still flagged.</param>
/// <param name="falsePositivesAvoided">False positives above it: not flagged at this threshold.</param>
public readonly struct ThresholdRow(int threshold, long confirmedKept, long confirmedLost, long falsePositivesKept, long falsePositivesAvoided)
{
    /// <summary>The PDQ threshold (inclusive).</summary>
    public int Threshold { get; } = threshold;

    /// <summary>Confirmed decisions at or below it: still flagged.</summary>
    public long ConfirmedKept { get; } = confirmedKept;

    /// <summary>Confirmed decisions above it: missed at this threshold.</summary>
    public long ConfirmedLost { get; } = confirmedLost;

    /// <summary>False positives at or below it: still flagged.</summary>
    public long FalsePositivesKept { get; } = falsePositivesKept;

    /// <summary>False positives above it: not flagged at this threshold.</summary>
    public long FalsePositivesAvoided { get; } = falsePositivesAvoided;
}
