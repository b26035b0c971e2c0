namespace HashMatch.Local;

/// <summary>
/// A similarity transform of the plane, p ↦ (a·x − b·y + tx, b·x + a·y + ty): a uniform scale √(a² + b²), a rotation
/// atan2(b, a) and a translation — the geometry a crop, a resize and a small rotation give a copy.
/// </summary>
internal readonly record struct SimilarityTransform(double A, double B, double TranslationX, double TranslationY)
{
    /// <summary>The scale factor.</summary>
    public double Scale => Math.Sqrt((A * A) + (B * B));

    /// <summary>Where (<paramref name="x"/>, <paramref name="y"/>) goes.</summary>
    public (double X, double Y) Map(double x, double y) => ((A * x) - (B * y) + TranslationX, (B * x) + (A * y) + TranslationY);

    /// <summary>The transform taking p1 to q1 and p2 to q2 exactly (p1 ≠ p2).</summary>
    public static SimilarityTransform Through(double p1x, double p1y, double p2x, double p2y, double q1x, double q1y, double q2x, double q2y)
    {
        // (q2 − q1) = m·(p2 − p1) for the complex number m = a + ib.
        double dpx = p2x - p1x, dpy = p2y - p1y, dqx = q2x - q1x, dqy = q2y - q1y;
        double norm = (dpx * dpx) + (dpy * dpy);
        double a = ((dqx * dpx) + (dqy * dpy)) / norm, b = ((dqy * dpx) - (dqx * dpy)) / norm;
        return new SimilarityTransform(a, b, q1x - ((a * p1x) - (b * p1y)), q1y - ((b * p1x) + (a * p1y)));
    }

    /// <summary>
    /// The least-squares similarity taking the points <paramref name="from"/> to <paramref name="to"/> (pairs x, y),
    /// in closed form about the centroids (Umeyama 1991, "Least-squares estimation of transformation parameters
    /// between two point patterns", without reflection); null when the points coincide.
    /// </summary>
    public static SimilarityTransform? Fit(ReadOnlySpan<double> from, ReadOnlySpan<double> to)
    {
        int n = from.Length / 2;
        double fx = 0, fy = 0, tx = 0, ty = 0;
        for (int i = 0; i < n; i++)
        {
            fx += from[2 * i];
            fy += from[(2 * i) + 1];
            tx += to[2 * i];
            ty += to[(2 * i) + 1];
        }

        fx /= n;
        fy /= n;
        tx /= n;
        ty /= n;
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++)
        {
            double px = from[2 * i] - fx, py = from[(2 * i) + 1] - fy, qx = to[2 * i] - tx, qy = to[(2 * i) + 1] - ty;
            dot += (px * qx) + (py * qy);
            cross += (px * qy) - (py * qx);
            norm += (px * px) + (py * py);
        }

        if (norm <= 0)
        {
            return null;
        }

        double a = dot / norm, b = cross / norm;
        return new SimilarityTransform(a, b, tx - ((a * fx) - (b * fy)), ty - ((b * fx) + (a * fy)));
    }
}
