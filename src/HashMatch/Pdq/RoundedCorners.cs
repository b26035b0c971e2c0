namespace HashMatch.Pdq;

/// <summary>
/// Fills the rounded corners of a region's cut-out (<see cref="PictureLocaliser"/>) with the picture's own pixels.
/// Apps show a posted picture with rounded corners; the corners then hold the chrome's colour, which in dark mode or
/// on a flat picture moves PDQ's low frequencies enough to miss: on the synthetic corpus, the exact rectangle of a
/// picture with 28-pixel corners in a 1080-pixel-wide screenshot was missed a third of the time in dark mode.
/// </summary>
/// <remarks>
/// A corner is rounded when, walking its diagonal inwards from a flat corner pixel, the luma steps away from it
/// within <see cref="MaxDiagonalShare"/> of the short side, at least two samples in: the arc crosses the diagonal
/// k samples in for a radius of k / (1 − 1/√2). Samples of the corner's square outside that arc take the value of
/// the sample just inside the arc on the way to its centre. A corner without such a step is left alone; a picture
/// whose own content steps near a corner has a few corner samples replaced by its neighbours, which PDQ's 64 × 64
/// decimation does not notice.
/// </remarks>
internal static class RoundedCorners
{
    /// <summary>The arc crosses the diagonal at most this share of the short side in (a radius of about 7 %).</summary>
    internal const double MaxDiagonalShare = 0.02;

    /// <summary>Luma step (of 255) from the corner's colour where the picture starts.</summary>
    internal const float Step = 12;

    /// <summary>Corner samples that must agree (within <see cref="Step"/> / 3) for the corner to be flat chrome.</summary>
    private const float Flat = Step / 3;

    /// <summary>Fills the rounded corners of <paramref name="plane"/> in place.</summary>
    public static void Fill(Span<float> plane, PlaneLayout layout)
    {
        int reach = (int)(MaxDiagonalShare * Math.Min(layout.Rows, layout.Columns));
        if (reach < 2)
        {
            return;
        }

        foreach (var (down, right) in (ReadOnlySpan<(bool, bool)>)[(false, false), (false, true), (true, false), (true, true)])
        {
            FillCorner(plane, layout, down, right, reach);
        }
    }

    private static void FillCorner(Span<float> plane, PlaneLayout layout, bool bottom, bool right, int reach)
    {
        // Coordinates from the corner: (i, j) is row i in from the corner's edge, column j in.
        int stride = layout.Stride;
        int Row(int i) => bottom ? layout.Rows - 1 - i : i;
        int Column(int j) => right ? layout.Columns - 1 - j : j;
        ref float At(Span<float> p, int i, int j) => ref p[(Row(i) * stride) + Column(j)];

        float corner = At(plane, 0, 0);
        if (Math.Abs(At(plane, 0, 1) - corner) > Flat || Math.Abs(At(plane, 1, 0) - corner) > Flat)
        {
            return;
        }

        int inside = -1;
        for (int k = 1; k <= reach; k++)
        {
            if (Math.Abs(At(plane, k, k) - corner) > Step)
            {
                inside = k;
                break;
            }
        }

        if (inside < 2)
        {
            return;
        }

        double radius = inside / (1 - (1 / Math.Sqrt(2)));
        int side = (int)Math.Ceiling(radius);
        if (side >= layout.Rows / 2 || side >= layout.Columns / 2)
        {
            return;
        }

        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < side; j++)
            {
                double di = radius - i - 0.5, dj = radius - j - 0.5, distance = Math.Sqrt((di * di) + (dj * dj));
                if (distance <= radius)
                {
                    continue;
                }

                // The sample just inside the arc on the line to the centre.
                double scale = (radius - 1) / distance;
                int si = Math.Clamp((int)(radius - (di * scale)), 0, layout.Rows - 1), sj = Math.Clamp((int)(radius - (dj * scale)), 0, layout.Columns - 1);
                At(plane, i, j) = At(plane, si, sj);
            }
        }
    }
}
