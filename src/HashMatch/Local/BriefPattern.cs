namespace HashMatch.Local;

/// <summary>
/// The descriptor's 256 intensity tests, and their copies steered to each of <see cref="AngleBins"/> orientations.
/// </summary>
/// <remarks>
/// <para>
/// BRIEF (Calonder et al. 2010, "BRIEF: Binary Robust Independent Elementary Features") compares pairs of smoothed
/// pixels drawn from an isotropic Gaussian around the keypoint with σ = S/5 for a patch of side S (their best
/// pattern, G II); ORB steers the pattern by the keypoint's orientation in 12° steps (Rublee et al. 2011). ORB's
/// learned pattern is OpenCV's data; ours is drawn from a fixed seed instead, documented here so it can be
/// reproduced: SplitMix64 (Steele, Lea &amp; Flood 2014) seeded with <see cref="Seed"/>, each coordinate an
/// Irwin–Hall sum of twelve 16-bit uniforms (mean 0, variance 1 in units of 65,536) times σ = 31/5, redrawn when a
/// point falls outside radius <see cref="PointRadius"/> or both points of a pair coincide. Only integers are used,
/// so the pattern is the same on every machine.
/// </para>
/// <para>
/// Steering uses integer cosines and sines (of 4,096) for 32 bins of 11.25°, finer than ORB's 30 bins of 12° so a
/// bin is a power of two; the rotated points stay within radius 14, inside the 16-pixel margin the detector keeps.
/// </para>
/// </remarks>
internal static class BriefPattern
{
    /// <summary>Number of tests (bits) in a descriptor.</summary>
    public const int Bits = 256;

    /// <summary>Orientation bins of a full turn.</summary>
    public const int AngleBins = 32;

    /// <summary>Largest distance of a test point from the keypoint, before steering.</summary>
    public const int PointRadius = 13;

    /// <summary>The pattern's seed: "ORB-HSM1" in ASCII.</summary>
    public const ulong Seed = 0x4F52422D48534D31;

    /// <summary>cos(2πk/32)·4096, rounded, for k = 0..31.</summary>
    public static readonly int[] Cosines = [.. Enumerable.Range(0, AngleBins).Select(k => (int)Math.Round(Math.Cos(2 * Math.PI * k / AngleBins) * 4096))];

    /// <summary>sin(2πk/32)·4096, rounded, for k = 0..31.</summary>
    public static readonly int[] Sines = [.. Enumerable.Range(0, AngleBins).Select(k => (int)Math.Round(Math.Sin(2 * Math.PI * k / AngleBins) * 4096))];

    /// <summary>The unsteered tests: x1, y1, x2, y2 of test i at 4i..4i+3.</summary>
    public static readonly sbyte[] Points = Draw();

    /// <summary>The tests steered to bin b: x1, y1, x2, y2 of test i at (b·256 + i)·4.</summary>
    public static readonly sbyte[] Steered = Steer();

    private static sbyte[] Draw()
    {
        var points = new sbyte[Bits * 4];
        ulong state = Seed;
        int Coordinate()
        {
            long sum = 0;
            for (int i = 0; i < 12; i++)
            {
                sum += (long)(SplitMix64(ref state) & 0xFFFF);
            }

            // Irwin–Hall: sum − 12·32767.5 has variance 12·65536²/12; times σ = 6.2 = 31/5, rounded to the nearest pixel.
            long centred = (2 * sum) - (12 * 65535);
            return (int)Math.Round(centred * 31.0 / 5 / (2 * 65536.0), MidpointRounding.AwayFromZero);
        }

        for (int i = 0; i < Bits; i++)
        {
            while (true)
            {
                int x1 = Coordinate(), y1 = Coordinate(), x2 = Coordinate(), y2 = Coordinate();
                bool inside = (x1 * x1) + (y1 * y1) <= PointRadius * PointRadius && (x2 * x2) + (y2 * y2) <= PointRadius * PointRadius;
                if (inside && (x1 != x2 || y1 != y2))
                {
                    points[4 * i] = (sbyte)x1;
                    points[(4 * i) + 1] = (sbyte)y1;
                    points[(4 * i) + 2] = (sbyte)x2;
                    points[(4 * i) + 3] = (sbyte)y2;
                    break;
                }
            }
        }

        return points;
    }

    private static sbyte[] Steer()
    {
        var steered = new sbyte[AngleBins * Bits * 4];
        for (int bin = 0; bin < AngleBins; bin++)
        {
            int c = Cosines[bin], s = Sines[bin];
            for (int j = 0; j < Bits * 4; j += 2)
            {
                int x = Points[j], y = Points[j + 1];
                steered[(bin * Bits * 4) + j] = (sbyte)(((x * c) - (y * s) + 2048) >> 12);
                steered[(bin * Bits * 4) + j + 1] = (sbyte)(((x * s) + (y * c) + 2048) >> 12);
            }
        }

        return steered;
    }

    /// <summary>SplitMix64's step (Steele, Lea &amp; Flood 2014, "Fast splittable pseudorandom number generators").</summary>
    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
