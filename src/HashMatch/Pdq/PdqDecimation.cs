namespace HashMatch.Pdq;

/// <summary>
/// Step 3 of PDQ: sample the filtered plane at 64×64 points (reference: <c>decimateFloat</c>).
/// </summary>
/// <remarks>
/// Output (i, j) reads input row <c>(int)((i + 0.5)·rows / 64)</c> and column <c>(int)((j + 0.5)·columns / 64)</c>,
/// evaluated in double precision as the reference does: the centres of 64 equal bands.
/// </remarks>
internal static class PdqDecimation
{
    /// <summary>Side of the decimated block.</summary>
    internal const int Size = 64;

    internal static void Decimate(ReadOnlySpan<float> plane, PlaneLayout layout, Span<float> output)
    {
        var (rows, columns, stride) = layout;
        Span<int> sourceColumns = stackalloc int[Size];
        for (int j = 0; j < Size; j++)
        {
            sourceColumns[j] = (int)((j + 0.5) * columns / Size);
        }

        for (int i = 0; i < Size; i++)
        {
            ReadOnlySpan<float> sourceRow = plane.Slice((int)((i + 0.5) * rows / Size) * stride, columns);
            Span<float> outputRow = output.Slice(i * Size, Size);
            for (int j = 0; j < Size; j++)
            {
                outputRow[j] = sourceRow[sourceColumns[j]];
            }
        }
    }
}
