using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>
/// A TMK+PDQF video hash (the contents of a <c>.tmk</c> file): the average PDQF frame feature, and cosine and sine
/// weighted averages of the L2-normalised frame features for each period and Fourier coefficient.
/// </summary>
/// <remarks>Read and write it with <see cref="TmkFile"/>; compute it with <see cref="TmkHasher"/>; compare with <see cref="TmkScorer"/>.</remarks>
[Experimental(VideoApi.DiagnosticId)]
public sealed class TmkHash
{
    private readonly int[] _periods;
    private readonly float[] _coefficients;
    private readonly float[] _average;
    private readonly float[] _cosine;
    private readonly float[] _sine;

    /// <summary>Takes ownership of the arrays; <paramref name="cosine"/> and <paramref name="sine"/> are periods × coefficients × dimension.</summary>
    internal TmkHash(string algorithm, int framesPerSecond, int frameCount, int[] periods, float[] coefficients, float[] average, float[] cosine, float[] sine)
    {
        Algorithm = algorithm;
        FramesPerSecond = framesPerSecond;
        FrameCount = frameCount;
        _periods = periods;
        _coefficients = coefficients;
        _average = average;
        _cosine = cosine;
        _sine = sine;
    }

    /// <summary>The frame-feature algorithm's four-letter name (<c>PDQF</c>).</summary>
    public string Algorithm { get; }

    /// <summary>The rate frames were resampled to before hashing (15).</summary>
    public int FramesPerSecond { get; }

    /// <summary>Resampled frames that went into the hash (informational: the length of the video).</summary>
    public int FrameCount { get; }

    /// <summary>Floats per frame feature (256 for PDQF).</summary>
    public int FeatureDimension => _average.Length;

    /// <summary>The kernel's periods, in resampled frames.</summary>
    public ReadOnlySpan<int> Periods => _periods;

    /// <summary>The kernel's Fourier coefficients.</summary>
    public ReadOnlySpan<float> FourierCoefficients => _coefficients;

    /// <summary>The average frame feature (level 1 compares these).</summary>
    public ReadOnlySpan<float> PureAverageFeature => _average;

    /// <summary>The cosine feature of period <paramref name="period"/> and coefficient <paramref name="coefficient"/> (indices).</summary>
    public ReadOnlySpan<float> CosineFeature(int period, int coefficient) => _cosine.AsSpan(Offset(period, coefficient), FeatureDimension);

    /// <summary>The sine feature of period <paramref name="period"/> and coefficient <paramref name="coefficient"/> (indices).</summary>
    public ReadOnlySpan<float> SineFeature(int period, int coefficient) => _sine.AsSpan(Offset(period, coefficient), FeatureDimension);

    internal ReadOnlySpan<float> AllCosine => _cosine;

    internal ReadOnlySpan<float> AllSine => _sine;

    private int Offset(int period, int coefficient)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(period);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(period, _periods.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(coefficient);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(coefficient, _coefficients.Length);
        return ((period * _coefficients.Length) + coefficient) * FeatureDimension;
    }
}
