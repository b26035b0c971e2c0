namespace HashMatch.Pdq;

/// <summary>
/// PDQ's quality score: how much gradient the 64×64 block has, 0 (flat) to 100
/// (reference: <c>computePDQImageDomainQualityMetric</c>). Upstream advises discarding hashes of quality below 50.
/// </summary>
internal static class PdqQuality
{
    internal static int Compute(ReadOnlySpan<float> block64)
    {
        const int N = PdqDecimation.Size;
        int gradientSum = 0;

        // Vertical neighbours, then horizontal, each difference scaled to percent of 255 and truncated to an
        // integer before the absolute value is summed: the reference's integer arithmetic, kept as is.
        for (int i = 0; i < N - 1; i++)
        {
            for (int j = 0; j < N; j++)
            {
                float u = block64[(i * N) + j];
                float v = block64[((i + 1) * N) + j];
                int d = (int)((u - v) * 100 / 255);
                gradientSum += Math.Abs(d);
            }
        }

        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N - 1; j++)
            {
                float u = block64[(i * N) + j];
                float v = block64[(i * N) + j + 1];
                int d = (int)((u - v) * 100 / 255);
                gradientSum += Math.Abs(d);
            }
        }

        // The reference's heuristic scale: 90 gradient units per quality point, capped at 100.
        return Math.Min(gradientSum / 90, 100);
    }
}
