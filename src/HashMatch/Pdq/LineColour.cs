namespace HashMatch.Pdq;

/// <summary>
/// The dominant colour of one row or column of a luma plane, and how tightly the line's samples of that colour cluster
/// around it: the tolerance that decides, for <see cref="BorderTrim"/>, whether another
/// line has the same colour. Flat chrome drawn by a program clusters within a level or two, and JPEG noise widens it
/// to a few; deriving the tolerance from the line itself keeps a picture whose edge is only a few levels away from
/// the chrome's colour (a white page inside a near-white app) apart from it, without failing on noisy copies.
/// </summary>
internal readonly record struct LineColour(float Colour, float Tolerance)
{
    /// <summary>The widest tolerance (JPEG at quality 50 keeps flat areas within about 8 levels).</summary>
    internal const float MaxTolerance = 12;

    /// <summary>The narrowest tolerance by default (clean padding after JPEG stays within it).</summary>
    internal const float MinTolerance = 4;

    /// <summary>
    /// The line's most common colour — of all windows of ± <see cref="MaxTolerance"/> around a luma level, the one
    /// holding the most samples, as their mean — and a tolerance of three mean absolute deviations of those samples
    /// (at least 4, at most 12 levels).
    /// </summary>
    /// <param name="plane">The plane.</param>
    /// <param name="layout">Its layout.</param>
    /// <param name="horizontal">A row (else a column).</param>
    /// <param name="line">Which row or column.</param>
    /// <param name="from">First sample of the line considered.</param>
    /// <param name="to">End of the samples considered.</param>
    /// <param name="minimumTolerance">Floor of the tolerance (text on chrome rings wider than flat padding after JPEG).</param>
    public static LineColour Of(ReadOnlySpan<float> plane, PlaneLayout layout, bool horizontal, int line, int from, int to, float minimumTolerance = MinTolerance)
    {
        Span<int> histogram = stackalloc int[256];
        histogram.Clear();
        for (int i = from; i < to; i++)
        {
            histogram[Math.Clamp((int)MathF.Round(Sample(plane, layout, horizontal, line, i)), 0, 255)]++;
        }

        // The window holding the most samples; among equal windows (a plateau around a sharp peak) the middle one.
        int reach = (int)MaxTolerance, bestStart = 0, bestEnd = 0, bestCount = -1, count = 0;
        for (int v = 0; v <= reach && v < 256; v++)
        {
            count += histogram[v];
        }

        for (int centre = 0; centre < 256; centre++)
        {
            if (count > bestCount)
            {
                (bestStart, bestEnd, bestCount) = (centre, centre, count);
            }
            else if (count == bestCount && bestEnd == centre - 1)
            {
                bestEnd = centre;
            }

            // Slide the window [centre − reach, centre + reach] one level up.
            count += (centre + reach + 1 < 256 ? histogram[centre + reach + 1] : 0) - (centre - reach >= 0 ? histogram[centre - reach] : 0);
        }

        int best = (bestStart + bestEnd) / 2;
        double sum = 0;
        int samples = 0;
        for (int v = Math.Max(0, best - reach); v <= Math.Min(255, best + reach); v++)
        {
            samples += histogram[v];
        }

        for (int i = from; i < to; i++)
        {
            float v = Sample(plane, layout, horizontal, line, i);
            if (Math.Abs((int)MathF.Round(v) - best) <= reach)
            {
                sum += v;
            }
        }

        float colour = (float)(sum / Math.Max(1, samples));
        double deviation = 0;
        samples = 0;
        for (int i = from; i < to; i++)
        {
            float v = Sample(plane, layout, horizontal, line, i);
            if (Math.Abs(v - colour) <= reach)
            {
                deviation += Math.Abs(v - colour);
                samples++;
            }
        }

        float spread = (float)(deviation / Math.Max(1, samples));
        return new LineColour(colour, Math.Clamp((3 * spread) + MinTolerance, minimumTolerance, MaxTolerance));
    }

    /// <summary>Share of line <paramref name="line"/>'s samples within tolerance of the colour.</summary>
    public double ShareOf(ReadOnlySpan<float> plane, PlaneLayout layout, bool horizontal, int line, int from, int to)
    {
        int within = 0;
        for (int i = from; i < to; i++)
        {
            within += Math.Abs(Sample(plane, layout, horizontal, line, i) - Colour) <= Tolerance ? 1 : 0;
        }

        return (double)within / Math.Max(1, to - from);
    }

    /// <summary>Sample <paramref name="i"/> of row (or column) <paramref name="line"/>.</summary>
    public static float Sample(ReadOnlySpan<float> plane, PlaneLayout layout, bool horizontal, int line, int i) =>
        horizontal ? plane[(line * layout.Stride) + i] : plane[(i * layout.Stride) + line];
}
