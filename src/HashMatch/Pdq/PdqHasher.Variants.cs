using System.Buffers;
using HashMatch.Imaging;

namespace HashMatch.Pdq;

/// <summary>Query variants: the image hashed as it is and in the ways <see cref="QueryVariants"/> asks for, from one luma plane.</summary>
public static partial class PdqHasher
{
    /// <summary>
    /// Hashes <paramref name="image"/> as it is (the first result, always) and in each requested variant. The luma
    /// plane is computed once; each variant transforms a copy of it and runs the rest of the pipeline, so the pixels
    /// are decoded once however many variants are asked for. Variants that do not apply (upscaling a large image, no
    /// picture-like rectangle found) give no result; <see cref="QueryVariants.Region"/> gives one result per rectangle
    /// found (at most 16), each the hash of that rectangle of <paramref name="image"/> cut out, as a plain hash of the
    /// cut-out would be once rounded corners are filled (<see cref="RoundedCorners"/>) — and, with
    /// <see cref="QueryVariants.Upscale"/> too, a second one of the cut-out upscaled when it is small.
    /// </summary>
    /// <remarks>The original's hash is exactly <see cref="Hash(PixelBuffer)"/>'s; the variants are query-side only (lists stay standard PDQ).</remarks>
    public static IReadOnlyList<QueryVariantHash> HashVariants(PixelBuffer image, QueryVariants variants)
    {
        var (rows, columns) = PdqLuma.PlaneSize(image.Width, image.Height);
        if (rows < MinimumDimension || columns < MinimumDimension)
        {
            return [new QueryVariantHash(QueryVariant.Original, new PdqHashResult(PdqHash.Zero, 0))];
        }

        var layout = PlaneLayout.For(rows, columns);

        // One buffer: the luma plane, then room for two variants' planes (at most 512 × 512 with its padded stride):
        // a region's cut-out and the same upscaled.
        int variantLength = PlaneLayout.For(HashMatchDefaults.PdqPreResizeSide, HashMatchDefaults.PdqPreResizeSide).Length;
        float[] rented = ArrayPool<float>.Shared.Rent(layout.Length + (2 * variantLength));
        try
        {
            Span<float> luma = rented.AsSpan(0, layout.Length);
            Span<float> work = rented.AsSpan(layout.Length, variantLength);
            Span<float> enlarged = rented.AsSpan(layout.Length + variantLength, variantLength);
            PdqLuma.Fill(image, luma, layout);
            var results = new List<QueryVariantHash>(12);

            // The original last touches the luma plane (the filter runs in place), so hash a copy first.
            luma.CopyTo(work);
            results.Add(new QueryVariantHash(QueryVariant.Original, HashPlane(work[..layout.Length], layout)));
            if ((variants & QueryVariants.PixelDihedral) != 0)
            {
                foreach (PdqVariant turn in PdqVariantNames.Turns)
                {
                    var (turnedRows, turnedColumns) = PdqLuma.TurnedPlaneSize(image.Width, image.Height, turn);
                    PlaneLayout turned = PlaneLayout.For(turnedRows, turnedColumns);
                    PdqLuma.FillTurned(image, turn, work, turned);
                    results.Add(new QueryVariantHash(QueryVariant.Turned(turn), HashPlane(work[..turned.Length], turned)));
                }
            }

            if ((variants & QueryVariants.Upscale) != 0 && PlaneUpscale.TargetFor(layout) is { } larger)
            {
                PlaneUpscale.Resize(luma, layout, work, larger);
                results.Add(new QueryVariantHash(QueryVariant.Upscaled, HashPlane(work[..larger.Length], larger)));
            }

            if ((variants & QueryVariants.Region) != 0)
            {
                // A region is a query in its own right: a small one is also hashed upscaled when upscaling is asked for.
                bool upscale = (variants & QueryVariants.Upscale) != 0;
                foreach (PlaneRegion found in PictureLocaliser.Find(luma, layout))
                {
                    QueryRegion region = RegionPlacement.Place(image, layout, found);
                    var variant = QueryVariant.ForRegion(region);
                    PlaneLayout cutOut = CutOut(image, region, work);
                    RoundedCorners.Fill(work[..cutOut.Length], cutOut);
                    if (upscale && PlaneUpscale.TargetFor(cutOut) is { } enlargedLayout)
                    {
                        PlaneUpscale.Resize(work, cutOut, enlarged, enlargedLayout);
                        results.Add(new QueryVariantHash(variant, HashPlane(enlarged[..enlargedLayout.Length], enlargedLayout)));
                    }

                    results.Add(new QueryVariantHash(variant, HashPlane(work[..cutOut.Length], cutOut)));
                }
            }

            return results;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// List-side crops of an original the caller holds: the PDQ hashes of sub-windows that keep 95 % and 90 % of each
    /// side, at the centre and at the four corners — the windows a copy cropped by 5–10 % (on any sides) is close to.
    /// Entries made from them share the original's id and are flagged augmented; lists built this way are no longer
    /// plain PDQ of the stored picture, so keep them for your own matching (docs/query-variants.md).
    /// </summary>
    public static IReadOnlyList<AugmentedHash> HashCrops(PixelBuffer image)
    {
        var (rows, columns) = PdqLuma.PlaneSize(image.Width, image.Height);
        var layout = PlaneLayout.For(rows, columns);
        var results = new List<AugmentedHash>(10);
        if (rows < 2 * MinimumDimension || columns < 2 * MinimumDimension)
        {
            return results;
        }

        int variantLength = PlaneLayout.For(HashMatchDefaults.PdqPreResizeSide, HashMatchDefaults.PdqPreResizeSide).Length;
        float[] rented = ArrayPool<float>.Shared.Rent(layout.Length + variantLength);
        try
        {
            Span<float> luma = rented.AsSpan(0, layout.Length);
            Span<float> work = rented.AsSpan(layout.Length, variantLength);
            PdqLuma.Fill(image, luma, layout);
            foreach (int keep in (ReadOnlySpan<int>)[95, 90])
            {
                int cropRows = rows * keep / 100, cropColumns = columns * keep / 100;
                int spareRows = rows - cropRows, spareColumns = columns - cropColumns;
                foreach (var (name, top, left) in (ReadOnlySpan<(string, int, int)>)[
                    ("c", spareRows / 2, spareColumns / 2), ("tl", 0, 0), ("tr", 0, spareColumns), ("bl", spareRows, 0), ("br", spareRows, spareColumns)])
                {
                    var region = new PlaneRegion(top, left, cropRows, cropColumns);
                    results.Add(new AugmentedHash($"crop{keep}-{name}", HashRegion(luma, layout, region, work)));
                }
            }

            return results;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Writes the luma plane of <paramref name="region"/> of <paramref name="image"/> into <paramref name="work"/>, as
    /// <see cref="Hash(PixelBuffer)"/> computes it for an image of just those pixels, and returns its layout.
    /// </summary>
    private static PlaneLayout CutOut(PixelBuffer image, QueryRegion region, Span<float> work)
    {
        int bytesPerPixel = image.Format.BytesPerPixel();
        int offset = (region.Y * image.Stride) + (region.X * bytesPerPixel);
        var cutOut = new PixelBuffer(image.Pixels[offset..], region.Width, region.Height, image.Stride, image.Format);
        var (rows, columns) = PdqLuma.PlaneSize(cutOut.Width, cutOut.Height);
        var layout = PlaneLayout.For(rows, columns);
        PdqLuma.Fill(cutOut, work, layout);
        return layout;
    }

    private static PdqHashResult HashRegion(ReadOnlySpan<float> luma, PlaneLayout layout, PlaneRegion region, Span<float> work)
    {
        var cropped = PlaneLayout.For(region.Rows, region.Columns);
        region.CopyTo(luma, layout, work, cropped);
        return HashPlane(work[..cropped.Length], cropped);
    }
}
