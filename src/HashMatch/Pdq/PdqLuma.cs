namespace HashMatch;

/// <summary>
/// Step 1 of PDQ: the reference's pre-resize and luma conversion, fused into one pass over the pixels.
/// </summary>
/// <remarks>
/// <para>
/// Pre-resize: the reference tool (<c>pdq/cpp/io/pdqio.cpp</c>) loads files with CImg and, when either side exceeds
/// 512, calls <c>resize(512, 512)</c> with CImg's default nearest-neighbour interpolation, which does not keep the
/// aspect ratio. CImg's nearest-neighbour resize advances the source pointer by
/// <c>floor((x + 1)·W / 512) − floor(x·W / 512)</c>, so output column <c>x</c> reads source column
/// <c>floor(x·W / 512)</c> (likewise for rows). Because 512 is a power of two that division is exact in integers.
/// </para>
/// <para>
/// Luma: <c>0.299·R + 0.587·G + 0.114·B</c> in single precision, evaluated left to right as the reference's
/// <c>fillFloatLumaFromRGB</c> does, so the sums round identically. The three products depend only on the byte value,
/// so they are precomputed per channel (the same float products, looked up instead of multiplied).
/// One-channel images are used as luma directly, as the reference does.
/// </para>
/// </remarks>
internal static class PdqLuma
{
    /// <summary>Images with a side longer than this are first resized to this × this (reference: <c>DOWNSAMPLE_DIMS</c>).</summary>
    internal const int PreResizeLimit = 512;

    // Rec. 601 luma coefficients as the reference declares them: single-precision constants.
    private const float RedCoefficient = 0.299f;
    private const float GreenCoefficient = 0.587f;
    private const float BlueCoefficient = 0.114f;

    private static readonly float[] RedTable = ProductTable(RedCoefficient);
    private static readonly float[] GreenTable = ProductTable(GreenCoefficient);
    private static readonly float[] BlueTable = ProductTable(BlueCoefficient);

    private static float[] ProductTable(float coefficient)
    {
        var table = new float[256];
        for (int v = 0; v < table.Length; v++)
        {
            table[v] = coefficient * v;
        }

        return table;
    }

    /// <summary>Size of the luma plane that <see cref="Fill"/> produces for a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    internal static (int Rows, int Columns) PlaneSize(int width, int height) =>
        width > PreResizeLimit || height > PreResizeLimit ? (PreResizeLimit, PreResizeLimit) : (height, width);

    /// <summary>Writes the (pre-resized) luma plane of <paramref name="image"/>, row-major, into <paramref name="luma"/>.</summary>
    internal static void Fill(PixelBuffer image, Span<float> luma)
    {
        var (rows, columns) = PlaneSize(image.Width, image.Height);
        int bytesPerPixel = image.Format.BytesPerPixel();

        // Byte offset of each output column's source pixel within a row.
        Span<int> columnOffsets = stackalloc int[columns];
        for (int x = 0; x < columns; x++)
        {
            columnOffsets[x] = (int)((long)x * image.Width / columns) * bytesPerPixel;
        }

        var (first, second, third) = image.Format switch
        {
            PixelFormat.Rgb24 or PixelFormat.Rgba32 => (0, 1, 2),
            PixelFormat.Bgr24 or PixelFormat.Bgra32 => (2, 1, 0),
            _ => (0, 0, 0),
        };

        ReadOnlySpan<byte> pixels = image.Pixels;
        float[] red = RedTable, green = GreenTable, blue = BlueTable;
        for (int y = 0; y < rows; y++)
        {
            int sourceRow = (int)((long)y * image.Height / rows);
            ReadOnlySpan<byte> row = pixels.Slice(sourceRow * image.Stride);
            Span<float> output = luma.Slice(y * columns, columns);
            if (image.Format == PixelFormat.Gray8)
            {
                for (int x = 0; x < output.Length; x++)
                {
                    output[x] = row[columnOffsets[x]];
                }
            }
            else
            {
                for (int x = 0; x < output.Length; x++)
                {
                    int offset = columnOffsets[x];
                    int r = row[offset + first], g = row[offset + second], b = row[offset + third];
                    output[x] = red[r] + green[g] + blue[b];
                }
            }
        }
    }
}
