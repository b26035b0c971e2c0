namespace HashMatch;

/// <summary>A two-sided 95 % confidence interval for a proportion k/n.</summary>
public readonly struct BinomialInterval
{
    private BinomialInterval(double low, double high)
    {
        Low = low;
        High = high;
    }

    /// <summary>Lower bound.</summary>
    public double Low { get; }

    /// <summary>Upper bound.</summary>
    public double High { get; }

    /// <summary>z for a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Wilson score interval (E. B. Wilson, "Probable Inference, the Law of Succession, and Statistical Inference",
    /// JASA 1927), which stays inside [0, 1] and behaves for small k. When k = 0 (or k = n) the bound on the empty
    /// side is the exact Clopper–Pearson one (C. J. Clopper, E. S. Pearson, Biometrika 1934): 1 − 0.025^(1/n).
    /// </summary>
    public static BinomialInterval Of(long k, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, k);
        if (n == 0)
        {
            return new BinomialInterval(0, 1);
        }

        if (k == 0)
        {
            return new BinomialInterval(0, 1 - Math.Pow(0.025, 1.0 / n));
        }

        if (k == n)
        {
            return new BinomialInterval(Math.Pow(0.025, 1.0 / n), 1);
        }

        double p = k / (double)n, z2 = Z95 * Z95;
        double centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        double half = Z95 * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n))) / (1 + (z2 / n));
        return new BinomialInterval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// How many trials with none observed it takes for the exact upper bound (<see cref="Of"/> with k = 0) to fall
    /// below <paramref name="rate"/>: the smallest n with 1 − 0.025^(1/n) &lt; rate, n = ⌊ln 0.025 / ln(1 − rate)⌋ + 1
    /// (about 3.69 / rate for small rates, the "rule of three" with the two-sided 95 % level).
    /// </summary>
    public static long PairsToBoundBelow(double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rate, 1);
        return (long)Math.Floor(Math.Log(0.025) / Math.Log(1 - rate)) + 1;
    }
}
