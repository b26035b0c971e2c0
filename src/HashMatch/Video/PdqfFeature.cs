using HashMatch.Imaging;
using HashMatch.Pdq;

namespace HashMatch.Video;

/// <summary>
/// TMK's PDQF frame feature: the 256 unthresholded coefficients of PDQ's 16×16 DCT of a 64×64 RGB frame
/// (reference: <c>PDQFloatFrameBufferHasher::hashFrame</c>). Luma, quality and DCT are PDQ's own steps
/// (<see cref="PdqFrameDct"/>); the quality is computed by the reference but not used by TMK.
/// </summary>
internal static class PdqfFeature
{
    /// <summary>Writes the feature of <paramref name="frame"/> (64×64) into <paramref name="feature"/> (256 floats).</summary>
    internal static void Compute(PixelBuffer frame, Span<float> feature)
    {
        if (frame.Width != TmkParameters.FrameSide || frame.Height != TmkParameters.FrameSide)
        {
            throw new ArgumentException($"PDQF frames are {TmkParameters.FrameSide}×{TmkParameters.FrameSide}; got {frame.Width}×{frame.Height}.", nameof(frame));
        }

        PdqFrameDct.Compute(frame, feature);
    }
}
