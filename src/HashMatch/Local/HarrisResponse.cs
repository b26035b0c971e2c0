namespace HashMatch.Local;

/// <summary>
/// The Harris corner measure (Harris &amp; Stephens 1988, "A combined corner and edge detector"): det(M) − k·tr(M)²
/// of the structure tensor M summed over a 7×7 window of Sobel gradients, with k = 0.04. ORB ranks FAST corners by it
/// because FAST responds along edges too (Rublee et al. 2011, section 3.1); so do we.
/// </summary>
internal static class HarrisResponse
{
    /// <summary>Half the window's side: the 7×7 window ORB uses.</summary>
    public const int Radius = 3;

    /// <summary>Pixels of margin the measure needs around a point: the window and the Sobel kernel.</summary>
    public const int Margin = Radius + 1;

    /// <summary>Harris's sensitivity constant, the customary 0.04.</summary>
    private const double K = 0.04;

    /// <summary>The measure at (<paramref name="x"/>, <paramref name="y"/>); integer sums, so it is the same on every machine.</summary>
    public static double At(ReadOnlySpan<byte> plane, int width, int x, int y)
    {
        long xx = 0, yy = 0, xy = 0;
        for (int dy = -Radius; dy <= Radius; dy++)
        {
            int row = (y + dy) * width;
            for (int dx = -Radius; dx <= Radius; dx++)
            {
                int at = row + x + dx;
                int upLeft = plane[at - width - 1], up = plane[at - width], upRight = plane[at - width + 1];
                int left = plane[at - 1], right = plane[at + 1];
                int downLeft = plane[at + width - 1], down = plane[at + width], downRight = plane[at + width + 1];
                int gx = (upRight + (2 * right) + downRight) - (upLeft + (2 * left) + downLeft);
                int gy = (downLeft + (2 * down) + downRight) - (upLeft + (2 * up) + upRight);
                xx += gx * gx;
                yy += gy * gy;
                xy += gx * gy;
            }
        }

        double trace = xx + yy;
        return ((double)xx * yy) - ((double)xy * xy) - (K * trace * trace);
    }
}
