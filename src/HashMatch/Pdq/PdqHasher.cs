using System.Buffers;
using HashMatch.Imaging;

namespace HashMatch.Pdq;

/// <summary>
/// Computes PDQ hashes (Meta's 256-bit perceptual hash) bit-exactly as the C++ reference does.
/// </summary>
/// <remarks>
/// <para>
/// The pixel-buffer methods are the core: pre-resize and luma (<c>PdqLuma</c>), Jarosz filter, 64×64 decimation,
/// quality, 16×16 DCT and median threshold, each in its own file. They allocate nothing per call beyond pooled scratch
/// memory and are safe to call from many threads at once.
/// </para>
/// <para>
/// This class hashes pixels; <c>HashMatch.Hashing.ImageHasher</c> reads and decodes files (and takes their exact
/// hashes) on top of it.
/// </para>
/// </remarks>
public static partial class PdqHasher
{
    /// <summary>Images whose width or height is below this get the zero hash and quality 0 (reference: <c>MIN_HASHABLE_DIM</c>).</summary>
    internal const int MinimumDimension = 5;

    /// <summary>Hashes decoded pixels.</summary>
    public static PdqHashResult Hash(PixelBuffer image)
    {
        Span<float> block16 = stackalloc float[PdqDct.Size * PdqDct.Size];
        int quality = ComputeDct(image, block16);
        return quality < 0 ? new PdqHashResult(PdqHash.Zero, 0) : new PdqHashResult(PdqThreshold.ToHash(block16), quality);
    }

    /// <summary>Hashes decoded pixels and their seven rotations and flips, from one DCT.</summary>
    public static PdqDihedralHashes HashDihedral(PixelBuffer image)
    {
        Span<float> block16 = stackalloc float[PdqDct.Size * PdqDct.Size];
        Span<PdqHash> hashes = stackalloc PdqHash[PdqDihedralHashes.VariantCount];
        int quality = ComputeDct(image, block16);
        if (quality < 0)
        {
            hashes.Clear();
            return new PdqDihedralHashes(hashes, 0);
        }

        Span<float> variantBlock = stackalloc float[PdqDct.Size * PdqDct.Size];
        // The hashes are stored in PdqVariant order, which PdqDihedralHashes indexes by.
        for (PdqVariant variant = PdqVariant.Original; variant <= PdqVariant.FlipMinus1; variant++)
        {
            PdqDihedral.Transform(block16, variantBlock, variant);
            hashes[(int)variant] = PdqThreshold.ToHash(variantBlock);
        }

        return new PdqDihedralHashes(hashes, quality);
    }

    /// <summary>
    /// Runs the pipeline up to the 16×16 DCT block. Returns the quality, or −1 when the image is too small to hash.
    /// </summary>
    private static int ComputeDct(PixelBuffer image, Span<float> block16)
    {
        var (rows, columns) = PdqLuma.PlaneSize(image.Width, image.Height);
        if (rows < MinimumDimension || columns < MinimumDimension)
        {
            return -1;
        }

        var layout = PlaneLayout.For(rows, columns);
        float[] rented = ArrayPool<float>.Shared.Rent(layout.Length);
        try
        {
            Span<float> plane = rented.AsSpan(0, layout.Length);
            PdqLuma.Fill(image, plane, layout);
            return PlaneToDct(plane, layout, block16);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The pipeline from a (pre-resized) luma plane: Jarosz filter (in place), decimation, quality, DCT. Returns the
    /// quality, or −1 when the plane is too small to hash.
    /// </summary>
    internal static int PlaneToDct(Span<float> plane, PlaneLayout layout, Span<float> block16)
    {
        if (layout.Rows < MinimumDimension || layout.Columns < MinimumDimension)
        {
            return -1;
        }

        float[] scratch = ArrayPool<float>.Shared.Rent(JaroszFilter.ScratchLength(layout));
        try
        {
            JaroszFilter.Apply(plane, scratch, layout, PdqDecimation.Size);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }

        Span<float> block64 = stackalloc float[PdqDecimation.Size * PdqDecimation.Size];
        PdqDecimation.Decimate(plane, layout, block64);
        int quality = PdqQuality.Compute(block64);

        Span<float> temp = stackalloc float[PdqDct.Size * PdqDecimation.Size];
        PdqDct.Transform(block64, temp, block16);
        return quality;
    }

    /// <summary>The hash of a (pre-resized) luma plane; the plane is filtered in place.</summary>
    internal static PdqHashResult HashPlane(Span<float> plane, PlaneLayout layout)
    {
        Span<float> block16 = stackalloc float[PdqDct.Size * PdqDct.Size];
        int quality = PlaneToDct(plane, layout, block16);
        return quality < 0 ? new PdqHashResult(PdqHash.Zero, 0) : new PdqHashResult(PdqThreshold.ToHash(block16), quality);
    }
}
