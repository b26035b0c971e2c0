namespace HashMatch.Evaluation;

/// <summary>
/// Seeded 2-D value noise (random values on an integer lattice, smoothly interpolated) and its fractal sum over
/// octaves (K. Perlin, "An Image Synthesizer", SIGGRAPH 1985, for the octave sum).
/// </summary>
internal sealed class ValueNoise(int seed)
{
    /// <summary>Sum of <paramref name="octaves"/> octaves (frequency ×2, amplitude ×0.5 each), scaled to about 0..1.</summary>
    public double Fractal(double x, double y, int octaves)
    {
        double sum = 0, amplitude = 0.5, norm = 0;
        for (int o = 0; o < octaves; o++)
        {
            sum += amplitude * Value(x, y, o);
            norm += amplitude;
            x *= 2;
            y *= 2;
            amplitude *= 0.5;
        }

        return sum / norm;
    }

    private double Value(double x, double y, int octave)
    {
        int xi = (int)Math.Floor(x), yi = (int)Math.Floor(y);
        double fx = Smooth(x - xi), fy = Smooth(y - yi);
        double a = Lattice(xi, yi, octave), b = Lattice(xi + 1, yi, octave), c = Lattice(xi, yi + 1, octave), d = Lattice(xi + 1, yi + 1, octave);
        return ((a + ((b - a) * fx)) * (1 - fy)) + ((c + ((d - c) * fx)) * fy);
    }

    private static double Smooth(double t) => t * t * (3 - (2 * t));

    private double Lattice(int x, int y, int octave)
    {
        uint h = (uint)seed ^ ((uint)x * 0x8DA6B343u) ^ ((uint)y * 0xD8163841u) ^ ((uint)octave * 0xCB1AB31Fu);
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        h *= 0x297A2D39u;
        h ^= h >> 15;
        return h / (double)uint.MaxValue;
    }
}
