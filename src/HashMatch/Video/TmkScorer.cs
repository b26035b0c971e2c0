using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>
/// Compares TMK hashes as the reference does (<c>tmk/cpp/algo/tmkfv.cpp</c>: <c>computeLevel1Score</c>,
/// <c>findPairOffsetsModuloPeriods</c>, <c>computeLevel2Score</c>).
/// </summary>
/// <remarks>
/// <para>
/// Level 1 is the cosine similarity of the two average frame features: cheap, order-free.
/// </para>
/// <para>
/// Level 2 evaluates the kernel for every offset δ = 2π·o/T, o = 0..T−1, of each period T:
/// <c>K(δ) = c₀·c₀' + Σⱼ cos(jδ)(cⱼ·cⱼ' + sⱼ·sⱼ') + sin(jδ)(sⱼ·cⱼ' − cⱼ·sⱼ')</c> over the stored (already
/// √aⱼ-weighted) cosine and sine features, takes the best offset per period, then the best period, divided by
/// <c>a₀ + 2Σⱼ aⱼ</c>. The cos(jδ), sin(jδ) come from the reference's incremental rotation (Numerical Recipes'
/// recurrence with α = 2 sin²(δ/2), β = sin δ) in single precision, as it does.
/// </para>
/// </remarks>
[Experimental(VideoApi.DiagnosticId)]
public static class TmkScorer
{
    /// <summary>Both scores of <paramref name="a"/> against <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException">The hashes were made with different algorithms, rates, periods or coefficients.</exception>
    public static TmkScore Compare(TmkHash a, TmkHash b)
    {
        CheckCompatible(a, b);
        return new TmkScore(Level1Unchecked(a, b), Level2Unchecked(a, b));
    }

    /// <summary>The level-1 score alone (cosine similarity of the average features).</summary>
    /// <exception cref="ArgumentException">The hashes are not comparable.</exception>
    public static float Level1(TmkHash a, TmkHash b)
    {
        CheckCompatible(a, b);
        return Level1Unchecked(a, b);
    }

    /// <summary>The level-2 score alone (the temporal match kernel at the best offset).</summary>
    /// <exception cref="ArgumentException">The hashes are not comparable.</exception>
    public static float Level2(TmkHash a, TmkHash b)
    {
        CheckCompatible(a, b);
        return Level2Unchecked(a, b);
    }

    private static float Level1Unchecked(TmkHash a, TmkHash b)
    {
        // Reference: computeCosSim, with its zero-vector convention.
        float na = TmkAccumulator.Norm(a.PureAverageFeature);
        float nb = TmkAccumulator.Norm(b.PureAverageFeature);
        return na == 0 && nb == 0 ? 0 : Dot(a.PureAverageFeature, b.PureAverageFeature) / (na * nb);
    }

    private static float Level2Unchecked(TmkHash a, TmkHash b)
    {
        ReadOnlySpan<int> periods = a.Periods;
        ReadOnlySpan<float> coefficients = a.FourierCoefficients;
        int coefficientCount = coefficients.Length;
        if (periods.Length == 0 || coefficientCount == 0)
        {
            return 0;
        }

        Span<float> cosCos = stackalloc float[coefficientCount];
        Span<float> sinSin = stackalloc float[coefficientCount];
        Span<float> sinCos = stackalloc float[coefficientCount];
        Span<float> cosSin = stackalloc float[coefficientCount];
        float best = float.MinValue;
        for (int i = 0; i < periods.Length; i++)
        {
            for (int j = 0; j < coefficientCount; j++)
            {
                ReadOnlySpan<float> ac = a.CosineFeature(i, j), asn = a.SineFeature(i, j), bc = b.CosineFeature(i, j), bs = b.SineFeature(i, j);
                cosCos[j] = Dot(ac, bc);
                sinSin[j] = Dot(asn, bs);
                sinCos[j] = Dot(asn, bc);
                cosSin[j] = Dot(ac, bs);
            }

            int period = periods[i];
            float bestForPeriod = float.MinValue;
            for (int offset = 0; offset < period; offset++)
            {
                float delta = (float)(2.0 * Math.PI * offset / period);
                float kernel = cosCos[0];
                float cosJd = 1, sinJd = 0;
                float beta = (float)Math.Sin(delta);
                float alpha = (float)Math.Sin(delta / 2);
                alpha = 2 * alpha * alpha;
                for (int j = 1; j < coefficientCount; j++)
                {
                    float nextCos = (alpha * cosJd) + (beta * sinJd);
                    float nextSin = (alpha * sinJd) - (beta * cosJd);
                    cosJd -= nextCos;
                    sinJd -= nextSin;
                    kernel += cosJd * (cosCos[j] + sinSin[j]);
                    kernel += sinJd * (sinCos[j] - cosSin[j]);
                }

                // First maximum wins, as the reference's strict comparison keeps it.
                if (offset == 0 || kernel > bestForPeriod)
                {
                    bestForPeriod = kernel;
                }
            }

            if (i == 0 || bestForPeriod > best)
            {
                best = bestForPeriod;
            }
        }

        return best / PairScoreNormalizer(coefficients);
    }

    /// <summary>The reference's <c>computePairScoreNormalizer</c>: <c>a₀ + 2·Σ aⱼ</c>, accumulated in float.</summary>
    private static float PairScoreNormalizer(ReadOnlySpan<float> coefficients)
    {
        float normalizer = coefficients[0];
        for (int j = 1; j < coefficients.Length; j++)
        {
            normalizer = (float)(normalizer + (2.0 * coefficients[j]));
        }

        return normalizer;
    }

    private static float Dot(ReadOnlySpan<float> u, ReadOnlySpan<float> v)
    {
        float sum = 0;
        for (int k = 0; k < u.Length; k++)
        {
            sum += u[k] * v[k];
        }

        return sum;
    }

    private static void CheckCompatible(TmkHash a, TmkHash b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        string? problem =
            a.Algorithm != b.Algorithm ? $"frame features {a.Algorithm} and {b.Algorithm}"
            : a.FramesPerSecond != b.FramesPerSecond ? $"{a.FramesPerSecond} and {b.FramesPerSecond} frames per second"
            : !a.Periods.SequenceEqual(b.Periods) ? "different periods"
            : a.FourierCoefficients.Length != b.FourierCoefficients.Length ? "different numbers of Fourier coefficients"
            : a.FeatureDimension != b.FeatureDimension ? $"feature dimensions {a.FeatureDimension} and {b.FeatureDimension}"
            : null;
        if (problem is null)
        {
            // Coefficients agree to a relative 1e-6, the reference's areCompatible tolerance.
            for (int j = 0; j < a.FourierCoefficients.Length && problem is null; j++)
            {
                float ca = a.FourierCoefficients[j], cb = b.FourierCoefficients[j];
                float m = Math.Max(Math.Abs(ca), Math.Abs(cb));
                problem = m > 0 && Math.Abs((ca - cb) / m) > 1e-6f ? $"Fourier coefficient {j} differs ({ca} and {cb})" : null;
            }
        }

        if (problem is not null)
        {
            throw new ArgumentException($"The TMK hashes are not comparable: {problem}.");
        }
    }
}
