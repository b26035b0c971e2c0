using System.Runtime.Intrinsics;

namespace HashMatch.Video;

/// <summary>
/// Builds a <see cref="TmkHash"/> from frame features one frame at a time, in the reference's arithmetic
/// (<c>TMKFeatureVectors::ingestFrameFeature</c> and <c>finishFrameFeatureIngest</c>).
/// </summary>
/// <remarks>
/// <para>
/// For frame <c>t</c> with feature <c>f</c>: the average feature sums <c>f</c>; every period <c>T</c> and coefficient
/// <c>j</c> adds the L2-normalised <c>f̂</c> times <c>cos(2πjt/T)</c> to its cosine feature and times
/// <c>sin(2πjt/T)</c> to its sine feature (<c>j = 0</c>: the plain sum, no sine). At the end the average is divided
/// by the frame count, and each cosine and sine feature is L2-normalised and scaled by <c>√aⱼ</c>, so that the kernel
/// of a video with itself at offset 0 is the sum of the coefficients.
/// </para>
/// <para>
/// Precision follows the reference: features and sums are floats; each cosine/sine product is formed in double
/// (the reference multiplies a float by a double cosine) and the sum rounded back to float after every frame.
/// The SIMD loop widens four floats to doubles per lane, multiplies then adds (no fused multiply-add), and narrows,
/// which is exactly that sequence in each lane.
/// </para>
/// </remarks>
internal sealed class TmkAccumulator
{
    private readonly int[] _periods;
    private readonly float[] _coefficients;
    private readonly int _dimension;
    private readonly float[] _average;
    private readonly float[] _cosine;
    private readonly float[] _sine;
    private readonly float[] _normalized;
    private int _frameCount;

    internal TmkAccumulator(ReadOnlySpan<int> periods, ReadOnlySpan<float> coefficients, int dimension)
    {
        _periods = periods.ToArray();
        _coefficients = coefficients.ToArray();
        _dimension = dimension;
        _average = new float[dimension];
        _cosine = new float[_periods.Length * _coefficients.Length * dimension];
        _sine = new float[_cosine.Length];
        _normalized = new float[dimension];
    }

    /// <summary>The TMK+PDQF accumulator with the reference's parameters.</summary>
    internal static TmkAccumulator ForPdqf() => new(TmkParameters.Periods, TmkParameters.FourierCoefficients, TmkParameters.FeatureDimension);

    internal int FrameCount => _frameCount;

    /// <summary>Adds the next frame's feature (frames are numbered 0, 1, 2, … in the order added).</summary>
    internal void Add(ReadOnlySpan<float> feature)
    {
        if (feature.Length != _dimension)
        {
            throw new ArgumentException($"Frame features have {_dimension} values; got {feature.Length}.", nameof(feature));
        }

        for (int k = 0; k < _dimension; k++)
        {
            _average[k] += feature[k];
        }

        feature.CopyTo(_normalized);
        L2Normalize(_normalized);
        int t = _frameCount;
        int coefficientCount = _coefficients.Length;
        for (int i = 0; i < _periods.Length; i++)
        {
            int periodBase = i * coefficientCount * _dimension;
            Span<float> zeroth = _cosine.AsSpan(periodBase, _dimension);
            for (int k = 0; k < _dimension; k++)
            {
                zeroth[k] += _normalized[k];
            }

            for (int j = 1; j < coefficientCount; j++)
            {
                double argument = 2.0 * Math.PI * j * t / _periods[i];
                int offset = periodBase + (j * _dimension);
                AddScaled(_cosine.AsSpan(offset, _dimension), _normalized, Math.Cos(argument));
                AddScaled(_sine.AsSpan(offset, _dimension), _normalized, Math.Sin(argument));
            }
        }

        _frameCount++;
    }

    /// <summary>Finishes the averages and normalisations and returns the hash.</summary>
    internal TmkHash Finish(string algorithm, int framesPerSecond)
    {
        if (_frameCount > 0)
        {
            for (int k = 0; k < _dimension; k++)
            {
                _average[k] /= _frameCount;
            }

            for (int i = 0; i < _periods.Length; i++)
            {
                for (int j = 0; j < _coefficients.Length; j++)
                {
                    int offset = ((i * _coefficients.Length) + j) * _dimension;
                    float scale = MathF.Sqrt(_coefficients[j]);
                    FinishFeature(_cosine.AsSpan(offset, _dimension), scale);
                    FinishFeature(_sine.AsSpan(offset, _dimension), scale);
                }
            }
        }

        return new TmkHash(algorithm, framesPerSecond, _frameCount, _periods, _coefficients, _average, _cosine, _sine);
    }

    private static void FinishFeature(Span<float> feature, float scale)
    {
        L2Normalize(feature);
        for (int k = 0; k < feature.Length; k++)
        {
            feature[k] *= scale;
        }
    }

    /// <summary>The reference's <c>L2NormalizeVector</c>: float sum of squares in order, float square root, divide.</summary>
    internal static void L2Normalize(Span<float> vector)
    {
        float norm = Norm(vector);
        if (norm > 0)
        {
            for (int k = 0; k < vector.Length; k++)
            {
                vector[k] /= norm;
            }
        }
    }

    /// <summary>The reference's <c>computeNorm</c>.</summary>
    internal static float Norm(ReadOnlySpan<float> vector)
    {
        float sum = 0;
        foreach (float e in vector)
        {
            sum += e * e;
        }

        return MathF.Sqrt(sum);
    }

    /// <summary><c>sums[k] = (float)((double)sums[k] + (double)values[k] · factor)</c> for every k.</summary>
    private static void AddScaled(Span<float> sums, ReadOnlySpan<float> values, double factor)
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> scale = Vector256.Create(factor);
            for (; k + Vector256<float>.Count <= sums.Length; k += Vector256<float>.Count)
            {
                Vector256<float> sum = Vector256.Create<float>(sums[k..]);
                Vector256<float> value = Vector256.Create<float>(values[k..]);
                Vector256<double> low = Vector256.WidenLower(sum) + (Vector256.WidenLower(value) * scale);
                Vector256<double> high = Vector256.WidenUpper(sum) + (Vector256.WidenUpper(value) * scale);
                Vector256.Narrow(low, high).CopyTo(sums[k..]);
            }
        }

        for (; k < sums.Length; k++)
        {
            sums[k] = (float)(sums[k] + ((double)values[k] * factor));
        }
    }
}
