namespace HashMatch.Pdq;

/// <summary>
/// Rotations and flips of a luma plane: the <see cref="QueryVariant"/> pixel-dihedral variants, applied before the
/// filter so each is hashed through the full pipeline. (The DCT-domain dihedral hashes of <see cref="PdqDihedral"/>
/// equal these only for mirror-symmetric filter windows and sampling grids; on most image sizes a rotated copy lands
/// 20–120 bits from them, while un-rotating its pixels and hashing again finds it.)
/// </summary>
internal static class PlaneDihedral
{
    /// <summary>Whether <paramref name="variant"/> swaps the plane's rows and columns.</summary>
    public static bool Transposes(QueryVariant variant) =>
        variant is QueryVariant.Rotate90 or QueryVariant.Rotate270 or QueryVariant.FlipPlus1 or QueryVariant.FlipMinus1;

    /// <summary>Writes <paramref name="variant"/> of <paramref name="source"/> into <paramref name="output"/> (of layout <paramref name="target"/>).</summary>
    public static void Transform(ReadOnlySpan<float> source, PlaneLayout layout, QueryVariant variant, Span<float> output, PlaneLayout target)
    {
        int width = layout.Columns, height = layout.Rows;
        for (int y = 0; y < target.Rows; y++)
        {
            Span<float> row = output.Slice(y * target.Stride, target.Columns);
            for (int x = 0; x < row.Length; x++)
            {
                // The source pixel (sx, sy) shown at output (x, y); "rotate 90" turns counter-clockwise, as PdqVariant names it.
                var (sx, sy) = variant switch
                {
                    QueryVariant.Rotate90 => (width - 1 - y, x),
                    QueryVariant.Rotate180 => (width - 1 - x, height - 1 - y),
                    QueryVariant.Rotate270 => (y, height - 1 - x),
                    QueryVariant.FlipX => (x, height - 1 - y),
                    QueryVariant.FlipY => (width - 1 - x, y),
                    QueryVariant.FlipPlus1 => (y, x),
                    QueryVariant.FlipMinus1 => (width - 1 - y, height - 1 - x),
                    _ => (x, y),
                };
                row[x] = source[(sy * layout.Stride) + sx];
            }
        }
    }
}
