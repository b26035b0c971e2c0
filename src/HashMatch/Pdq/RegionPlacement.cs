using HashMatch.Imaging;

namespace HashMatch.Pdq;

/// <summary>
/// Places the edges of a rectangle found on the pre-resized plane (<see cref="PictureLocaliser"/>) on the query's own
/// pixels. A large query is sampled down to 512 × 512 before the localiser sees it, so a plane edge stands for up to
/// H/512 image rows (4.6 for a 2340-pixel screenshot), and PDQ misses a picture cut a few pixels off often enough to
/// matter (a 1 % crop alone is missed 40 % of the time on the synthetic corpus): each edge moves to the image row
/// (column) within that span where the luma steps most along the side.
/// </summary>
internal static class RegionPlacement
{
    /// <summary>Samples along a side compared per candidate row or column (spread over its middle 80 %).</summary>
    private const int SamplesPerSide = 48;

    /// <summary>The rectangle of <paramref name="image"/> that <paramref name="region"/> of its plane (of <paramref name="layout"/>) shows.</summary>
    public static QueryRegion Place(PixelBuffer image, PlaneLayout layout, PlaneRegion region)
    {
        int top = Edge(image, layout, region.Top, region.Left, region.Left + region.Columns, horizontal: true);
        int bottom = Edge(image, layout, region.Top + region.Rows, region.Left, region.Left + region.Columns, horizontal: true);
        int left = Edge(image, layout, region.Left, region.Top, region.Top + region.Rows, horizontal: false);
        int right = Edge(image, layout, region.Left + region.Columns, region.Top, region.Top + region.Rows, horizontal: false);
        bottom = Math.Max(bottom, top + 1);
        right = Math.Max(right, left + 1);
        return new QueryRegion(left, top, right - left, bottom - top);
    }

    /// <summary>
    /// The image line (row when <paramref name="horizontal"/>, else column) of plane boundary <paramref name="line"/>
    /// — the first image line after it — for a side spanning plane lines [<paramref name="from"/>, <paramref name="to"/>)
    /// the other way.
    /// </summary>
    private static int Edge(PixelBuffer image, PlaneLayout layout, int line, int from, int to, bool horizontal)
    {
        int planeLines = horizontal ? layout.Rows : layout.Columns, imageLines = horizontal ? image.Height : image.Width;
        int planeAcross = horizontal ? layout.Columns : layout.Rows, imageAcross = horizontal ? image.Width : image.Height;
        if (line <= 0)
        {
            return 0;
        }

        if (line >= planeLines)
        {
            return imageLines;
        }

        // Plane line i reads image line Source(i): the boundary lies after Source(line − 1), at or before Source(line).
        int first = PreResizeGrid.Source(line - 1, imageLines, planeLines) + 1, last = PreResizeGrid.Source(line, imageLines, planeLines);
        if (last <= first)
        {
            return Math.Max(1, last);
        }

        int start = PreResizeGrid.Source(from, imageAcross, planeAcross), end = PreResizeGrid.Source(Math.Max(from, to - 1), imageAcross, planeAcross) + 1;
        int margin = (end - start) / 10;
        (start, end) = (start + margin, Math.Max(start + margin + 1, end - margin));
        int samples = Math.Min(SamplesPerSide, end - start);
        int bytesPerPixel = image.Format.BytesPerPixel();
        ReadOnlySpan<byte> pixels = image.Pixels;
        int best = last;
        double bestStep = -1;
        for (int candidate = first; candidate <= last; candidate++)
        {
            double step = 0;
            for (int s = 0; s < samples; s++)
            {
                int along = start + (int)((long)s * (end - start) / samples);
                var (x0, y0, x1, y1) = horizontal ? (along, candidate - 1, along, candidate) : (candidate - 1, along, candidate, along);
                step += Math.Abs(Luma(pixels, image.Stride, bytesPerPixel, image.Format, x1, y1) - Luma(pixels, image.Stride, bytesPerPixel, image.Format, x0, y0));
            }

            if (step > bestStep)
            {
                (best, bestStep) = (candidate, step);
            }
        }

        return best;
    }

    private static float Luma(ReadOnlySpan<byte> pixels, int stride, int bytesPerPixel, PixelFormat format, int x, int y) =>
        PdqLuma.OfPixel(pixels.Slice((y * stride) + (x * bytesPerPixel), bytesPerPixel), format);
}
