using HashMatch.Pdq;

namespace HashMatch.Video;

/// <summary>
/// The constants of TMK+PDQF as the reference ships them (<c>tmk/cpp/algo/tmkfv.cpp</c>, <c>tmk-hash-video.cpp</c>,
/// <c>bufferhashers.h</c>): frames resampled to 15 per second at 64×64, PDQF features of 256 floats, and the Poullot
/// periods and Fourier coefficients.
/// </summary>
internal static class TmkParameters
{
    /// <summary>Frames per second every video is resampled to (reference: <c>TMK_DEFAULT_RESAMPLE_FPS</c>).</summary>
    internal const int FramesPerSecond = 15;

    /// <summary>Side of the frames FFmpeg scales to for PDQF (reference: <c>PDQFloatFrameBufferHasher::SCALED_DIMENSION</c>).</summary>
    internal const int FrameSide = 64;

    /// <summary>Floats per PDQF frame feature: the 16×16 DCT block.</summary>
    internal const int FeatureDimension = PdqFrameDct.CoefficientCount;

    /// <summary>
    /// Periods of the temporal kernel, in resampled frames (reference: <c>makePoullotPeriods</c>; from Poullot et al.,
    /// "Temporal matching kernel with explicit feature maps", ACM Multimedia 2015).
    /// </summary>
    internal static ReadOnlySpan<int> Periods => [2731, 4391, 9767, 14653];

    /// <summary>
    /// Fourier coefficients of the kernel, m = 32, β = 32: <c>a₀ = (I₀(β) − e^−β) / (2 sinh β)</c>,
    /// <c>aᵢ = Iᵢ(β) / sinh β</c> with Iᵢ the modified Bessel functions (reference:
    /// <c>makePoullotFourierCoefficients</c>, which tabulates these values as single-precision literals).
    /// </summary>
    internal static ReadOnlySpan<float> FourierCoefficients =>
    [
        0.0708041893112f, 0.13937789309f, 0.132897260304f, 0.122765735552f, 0.109878684888f, 0.09529606433f,
        0.0800986647852f, 0.0652590650356f, 0.0515478238322f, 0.0394851531195f, 0.0293374252025f, 0.0211492623679f,
        0.0147973073245f, 0.0100512818746f, 0.0066306408014f, 0.00424947117334f, 0.0026467615764f, 0.00160270959695f,
        0.000943882629639f, 0.000540841638603f, 0.000301633183798f, 0.000163800158855f, 8.66454753015e-05f, 4.46626303151e-05f,
        2.24429442235e-05f, 1.09982139799e-05f, 5.25823487999e-06f, 2.45358229988e-06f, 1.11781474895e-06f, 4.97406489221e-07f,
        2.16265487234e-07f, 9.19087006565e-08f,
    ];

    /// <summary>Default level-1 and level-2 match thresholds (reference: <c>tmk_default_thresholds.h</c>).</summary>
    internal const float DefaultThreshold = 0.7f;
}
