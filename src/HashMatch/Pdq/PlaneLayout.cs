namespace HashMatch.Pdq;

/// <summary>
/// Shape of a float luma plane in scratch memory: element (row, column) at <c>row·Stride + column</c>.
/// </summary>
/// <remarks>
/// The stride is padded past a multiple of the cache-set span: with a 512-float (2 KiB) stride every row of a column
/// maps to the same two L1 cache sets, and the row pass's 8×8 transposes, which touch 32 rows at a time, thrashed
/// them (measured: the transposes ran 3–6× slower than with the padded stride). The padding changes no values.
/// </remarks>
internal readonly record struct PlaneLayout(int Rows, int Columns, int Stride)
{
    /// <summary>Floats a plane of this layout occupies.</summary>
    public int Length => ((Rows - 1) * Stride) + Columns;

    /// <summary>The layout for a <paramref name="rows"/>×<paramref name="columns"/> plane: stride rounded up to whole vectors plus one cache half-line.</summary>
    public static PlaneLayout For(int rows, int columns) => new(rows, columns, ((columns + 7) & ~7) + 8);
}
