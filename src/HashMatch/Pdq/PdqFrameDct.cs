using System.Buffers;
using HashMatch.Imaging;

namespace HashMatch.Pdq;

/// <summary>
/// The PDQ pipeline as the video references run it on decoded frames: luma of the whole frame, no 512×512
/// pre-resize, then Jarosz filter, decimation, quality and the float 16×16 DCT.
/// </summary>
/// <remarks>
/// <para>
/// vPDQ (<c>vpdq/cpp/vpdq/cpp/hashing/pdqbufferhasher.cpp</c>) calls <c>fillFloatLumaFromRGB</c> and
/// <c>pdqHash256FromFloatLuma</c> on the full-size RGB frame: the pre-resize belongs to the photo tool's file loader
/// (<c>pdqio.cpp</c>), not to the hashing core, so a 1280×720 frame is filtered at 1280×720.
/// </para>
/// <para>
/// TMK's PDQF frame feature (<c>tmk/cpp/hashing/bufferhashers.cpp</c>) runs <c>pdqFloat256FromFloatLuma</c> on
/// frames FFmpeg already scaled to 64×64; for exactly 64×64 input the reference copies the luma straight into the
/// 64×64 block, skipping the filter (whose windows would be 1 wide there, an identity). The 256 DCT coefficients are
/// the feature, unthresholded.
/// </para>
/// </remarks>
internal static class PdqFrameDct
{
    /// <summary>Coefficients in the DCT block (16×16).</summary>
    internal const int CoefficientCount = PdqDct.Size * PdqDct.Size;

    /// <summary>Hashes a whole frame without pre-resizing it (vPDQ's frame hash).</summary>
    internal static PdqHashResult Hash(PixelBuffer frame)
    {
        Span<float> block16 = stackalloc float[CoefficientCount];
        int quality = Compute(frame, block16);
        return quality < 0 ? new PdqHashResult(PdqHash.Zero, 0) : new PdqHashResult(PdqThreshold.ToHash(block16), quality);
    }

    /// <summary>
    /// Writes the 16×16 float DCT of <paramref name="frame"/> (row-major) into <paramref name="block16"/> and
    /// returns the quality, or −1 when a side is below <see cref="PdqHasher.MinimumDimension"/>.
    /// </summary>
    internal static int Compute(PixelBuffer frame, Span<float> block16)
    {
        if (frame.Width < PdqHasher.MinimumDimension || frame.Height < PdqHasher.MinimumDimension)
        {
            return -1;
        }

        const int N = PdqDecimation.Size;
        Span<float> block64 = stackalloc float[N * N];
        if (frame.Width == N && frame.Height == N)
        {
            // The reference's 64×64 shortcut: the luma is the block.
            for (int y = 0; y < N; y++)
            {
                PdqLuma.ConvertRow(frame.Pixels.Slice(y * frame.Stride, N * frame.Format.BytesPerPixel()), block64.Slice(y * N, N), frame.Format);
            }
        }
        else
        {
            var layout = PlaneLayout.For(frame.Height, frame.Width);
            float[] rented = ArrayPool<float>.Shared.Rent(layout.Length + JaroszFilter.ScratchLength(layout));
            try
            {
                Span<float> plane = rented.AsSpan(0, layout.Length);
                PdqLuma.Fill(frame, plane, layout);
                JaroszFilter.Apply(plane, rented.AsSpan(layout.Length), layout, N);
                PdqDecimation.Decimate(plane, layout, block64);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }

        int quality = PdqQuality.Compute(block64);
        Span<float> temp = stackalloc float[PdqDct.Size * N];
        PdqDct.Transform(block64, temp, block16);
        return quality;
    }
}
