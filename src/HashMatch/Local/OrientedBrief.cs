namespace HashMatch.Local;

/// <summary>
/// ORB's oriented BRIEF (Rublee et al. 2011): the keypoint's orientation from the intensity centroid of a circular
/// patch (Rosin 1999, "Measuring corner properties"), then <see cref="BriefPattern"/>'s 256 tests steered to that
/// orientation, on the smoothed plane.
/// </summary>
internal static class OrientedBrief
{
    /// <summary>Radius of the orientation patch: ORB's 15 (a 31-pixel patch).</summary>
    public const int PatchRadius = 15;

    /// <summary>Pixels of margin a keypoint needs: the orientation patch plus one.</summary>
    public const int Margin = PatchRadius + 1;

    /// <summary>Half-widths of the circular patch per row offset −15..15.</summary>
    private static readonly int[] HalfWidths = [.. Enumerable.Range(-PatchRadius, (2 * PatchRadius) + 1)
        .Select(dy => (int)Math.Sqrt((PatchRadius * PatchRadius) - (dy * dy)))];

    /// <summary>
    /// The orientation bin (0..31, of 11.25°) of the intensity centroid around (<paramref name="x"/>, <paramref name="y"/>):
    /// the bin whose direction has the largest dot product with the centroid's moments, found with integer tables
    /// rather than atan2, whose last bit may differ between math libraries.
    /// </summary>
    public static int Orientation(ReadOnlySpan<byte> plane, int width, int x, int y)
    {
        long m10 = 0, m01 = 0;
        for (int dy = -PatchRadius; dy <= PatchRadius; dy++)
        {
            int half = HalfWidths[dy + PatchRadius];
            int row = ((y + dy) * width) + x;
            long rowSum = 0;
            for (int dx = -half; dx <= half; dx++)
            {
                int v = plane[row + dx];
                m10 += dx * v;
                rowSum += v;
            }

            m01 += dy * rowSum;
        }

        int best = 0;
        long bestDot = long.MinValue;
        for (int bin = 0; bin < BriefPattern.AngleBins; bin++)
        {
            long dot = (m10 * BriefPattern.Cosines[bin]) + (m01 * BriefPattern.Sines[bin]);
            if (dot > bestDot)
            {
                bestDot = dot;
                best = bin;
            }
        }

        return best;
    }

    /// <summary>Writes the 256-bit descriptor at (<paramref name="x"/>, <paramref name="y"/>) steered to <paramref name="angleBin"/>: bit i is 1 when the test's first point is darker than its second.</summary>
    public static void Describe(ReadOnlySpan<byte> plane, int width, int x, int y, int angleBin, Span<ulong> descriptor)
    {
        ReadOnlySpan<sbyte> tests = BriefPattern.Steered.AsSpan(angleBin * BriefPattern.Bits * 4, BriefPattern.Bits * 4);
        int centre = (y * width) + x;
        for (int word = 0; word < BriefPattern.Bits / 64; word++)
        {
            ulong bits = 0;
            for (int b = 0; b < 64; b++)
            {
                int t = ((word * 64) + b) * 4;
                int first = plane[centre + (tests[t + 1] * width) + tests[t]];
                int second = plane[centre + (tests[t + 3] * width) + tests[t + 2]];
                bits |= (first < second ? 1UL : 0UL) << b;
            }

            descriptor[word] = bits;
        }
    }

    /// <summary>
    /// The 64-bit stored form of a 256-bit descriptor: stored bit j is a weighted majority of bits 4j..4j+3 (weights
    /// 2, 1, 1, 1: at least 3 of 5 votes), balanced like the tests themselves, and it flips only when two of its four
    /// tests flip. A quarter of the bits is what the 1 KB budget per picture allows; keeping votes rather than a
    /// quarter of the tests makes the stored bits steadier under edits, and makes the tests harder to read back out.
    /// </summary>
    public static ulong Project(ReadOnlySpan<ulong> descriptor)
    {
        ulong projected = 0;
        for (int j = 0; j < 64; j++)
        {
            int bit = 4 * j;
            ulong word = descriptor[bit / 64] >> (bit % 64);
            int votes = (2 * (int)(word & 1)) + (int)((word >> 1) & 1) + (int)((word >> 2) & 1) + (int)((word >> 3) & 1);
            projected |= (votes >= 3 ? 1UL : 0UL) << j;
        }

        return projected;
    }
}
