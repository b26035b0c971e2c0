namespace HashMatch.Imaging;

/// <summary>
/// Which source pixels the reference's pre-resize reads: when either side exceeds 512, the reference tool
/// (<c>pdq/cpp/io/pdqio.cpp</c>) resizes to 512×512 with CImg's nearest-neighbour interpolation, and output row y
/// (column x) reads source row ⌊y·H/512⌋ (column ⌊x·W/512⌋). Shared by PDQ's luma step, which reads those pixels,
/// and the decoder, which keeps only them (<c>SkiaImageDecoder.Sampled.cs</c>): the two must agree to the pixel.
/// </summary>
internal static class PreResizeGrid
{
    /// <summary>Size of the pre-resized picture of a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    public static (int Rows, int Columns) Size(int width, int height) =>
        width > HashMatchDefaults.PdqPreResizeSide || height > HashMatchDefaults.PdqPreResizeSide
            ? (HashMatchDefaults.PdqPreResizeSide, HashMatchDefaults.PdqPreResizeSide)
            : (height, width);

    /// <summary>The source row (or column) that output row (or column) <paramref name="index"/> of <paramref name="length"/> reads from <paramref name="sourceLength"/>.</summary>
    public static int Source(int index, int sourceLength, int length) => (int)((long)index * sourceLength / length);
}
