namespace HashMatch.Pdq;

/// <summary>
/// Bilinear enlargement of a small luma plane to a 512-sample long side (<see cref="QueryVariantKind.Upscaled"/>). A copy
/// shrunk below the original's size aliases in PDQ's 64 × 64 decimation (it samples single pixels of a plane that the
/// filter no longer smooths enough); hashing it again at the pre-resize size brings it back near the original's hash
/// (measured in issue 13: resize-0.5 recall of small originals from 71 % to 98 %).
/// </summary>
internal static class PlaneUpscale
{
    /// <summary>The enlarged size keeping the aspect ratio, or null when the plane is not small.</summary>
    public static PlaneLayout? TargetFor(PlaneLayout layout)
    {
        int longSide = Math.Max(layout.Rows, layout.Columns);
        if (longSide >= HashMatchDefaults.PdqPreResizeSide)
        {
            return null;
        }

        double scale = (double)HashMatchDefaults.PdqPreResizeSide / longSide;
        int rows = Math.Clamp((int)Math.Round(layout.Rows * scale), 1, HashMatchDefaults.PdqPreResizeSide);
        int columns = Math.Clamp((int)Math.Round(layout.Columns * scale), 1, HashMatchDefaults.PdqPreResizeSide);
        return PlaneLayout.For(rows, columns);
    }

    /// <summary>Samples <paramref name="source"/> bilinearly at pixel centres into <paramref name="output"/>.</summary>
    public static void Resize(ReadOnlySpan<float> source, PlaneLayout layout, Span<float> output, PlaneLayout target)
    {
        double scaleY = (double)layout.Rows / target.Rows, scaleX = (double)layout.Columns / target.Columns;
        for (int y = 0; y < target.Rows; y++)
        {
            double sy = Math.Clamp(((y + 0.5) * scaleY) - 0.5, 0, layout.Rows - 1);
            int y0 = (int)sy, y1 = Math.Min(y0 + 1, layout.Rows - 1);
            float fy = (float)(sy - y0);
            ReadOnlySpan<float> top = source.Slice(y0 * layout.Stride, layout.Columns), bottom = source.Slice(y1 * layout.Stride, layout.Columns);
            Span<float> row = output.Slice(y * target.Stride, target.Columns);
            for (int x = 0; x < row.Length; x++)
            {
                double sx = Math.Clamp(((x + 0.5) * scaleX) - 0.5, 0, layout.Columns - 1);
                int x0 = (int)sx, x1 = Math.Min(x0 + 1, layout.Columns - 1);
                float fx = (float)(sx - x0);
                float upper = top[x0] + ((top[x1] - top[x0]) * fx);
                float lower = bottom[x0] + ((bottom[x1] - bottom[x0]) * fx);
                row[x] = upper + ((lower - upper) * fy);
            }
        }
    }
}
