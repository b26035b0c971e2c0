namespace HashMatch.Pdq;

/// <summary>A rectangle of a luma plane: <paramref name="Rows"/> × <paramref name="Columns"/> samples from (<paramref name="Top"/>, <paramref name="Left"/>).</summary>
internal readonly record struct PlaneRegion(int Top, int Left, int Rows, int Columns)
{
    /// <summary>Copies the region of <paramref name="source"/> into a plane of layout <paramref name="target"/> (Rows × Columns).</summary>
    public void CopyTo(ReadOnlySpan<float> source, PlaneLayout layout, Span<float> output, PlaneLayout target)
    {
        for (int y = 0; y < Rows; y++)
        {
            source.Slice(((Top + y) * layout.Stride) + Left, Columns).CopyTo(output.Slice(y * target.Stride, Columns));
        }
    }
}
