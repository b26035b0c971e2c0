using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HashMatch.Imaging;

namespace HashMatch.Pdq;

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
/// Luma: <c>0.299·R + 0.587·G + 0.114·B</c> in single precision, evaluated as the reference's
/// <c>fillFloatLumaFromRGB</c> does: three products, then <c>(R-term + G-term) + B-term</c>, so the sums round
/// identically. The SIMD path computes 16 pixels at a time with exactly those operations in each lane (no fused
/// multiply-add). One-channel images are used as luma directly, as the reference does.
/// </para>
/// </remarks>
internal static partial class PdqLuma
{
    /// <summary>Images with a side longer than this are first resized to this × this (reference: <c>DOWNSAMPLE_DIMS</c>).</summary>
    internal const int PreResizeLimit = HashMatchDefaults.PdqPreResizeSide;

    // Rec. 601 luma coefficients as the reference declares them: single-precision constants.
    private const float RedCoefficient = 0.299f;
    private const float GreenCoefficient = 0.587f;
    private const float BlueCoefficient = 0.114f;

    /// <summary>Pixels converted per SIMD step.</summary>
    private const int Block = 16;

    /// <summary>The conversion path this process takes (<c>hashmatch bench</c> and the dispatch tests print it).</summary>
    internal static string Path => UseVectors ? "Vector256" : "scalar";

    /// <summary>Whether rows are converted 16 pixels at a time; the one condition <see cref="ConvertRow"/> dispatches on.</summary>
    private static bool UseVectors => Vector256.IsHardwareAccelerated;

    /// <summary>Size of the luma plane that <see cref="Fill"/> produces for a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    internal static (int Rows, int Columns) PlaneSize(int width, int height) => PreResizeGrid.Size(width, height);

    /// <summary>Writes the (pre-resized) luma plane of <paramref name="image"/> into <paramref name="luma"/>.</summary>
    internal static void Fill(PixelBuffer image, Span<float> luma, PlaneLayout layout)
    {
        var (rows, columns, stride) = layout;
        int bytesPerPixel = image.Format.BytesPerPixel();
        bool resizeColumns = columns != image.Width;

        // Byte offset of each output column's source pixel within a row, and a row of gathered pixels.
        Span<int> columnOffsets = stackalloc int[resizeColumns ? columns : 0];
        Span<byte> gathered = stackalloc byte[resizeColumns ? columns * bytesPerPixel : 0];
        for (int x = 0; x < columnOffsets.Length; x++)
        {
            columnOffsets[x] = PreResizeGrid.Source(x, image.Width, columns) * bytesPerPixel;
        }

        ReadOnlySpan<byte> pixels = image.Pixels;
        for (int y = 0; y < rows; y++)
        {
            int sourceRow = PreResizeGrid.Source(y, image.Height, rows);
            scoped ReadOnlySpan<byte> row = pixels.Slice(sourceRow * image.Stride, image.Width * bytesPerPixel);
            if (resizeColumns)
            {
                if (bytesPerPixel == 4)
                {
                    // A pixel is one 32-bit word: one load and store each, not a four-byte span copy (a region's
                    // cut-out is gathered this way once per region variant).
                    Span<uint> words = MemoryMarshal.Cast<byte, uint>(gathered);
                    for (int x = 0; x < columnOffsets.Length; x++)
                    {
                        words[x] = MemoryMarshal.Read<uint>(row[columnOffsets[x]..]);
                    }
                }
                else
                {
                    for (int x = 0; x < columnOffsets.Length; x++)
                    {
                        row.Slice(columnOffsets[x], bytesPerPixel).CopyTo(gathered.Slice(x * bytesPerPixel, bytesPerPixel));
                    }
                }

                row = gathered;
            }

            ConvertRow(row, luma.Slice(y * stride, columns), image.Format);
        }
    }

    /// <summary>Converts one row of packed pixels to luma.</summary>
    internal static void ConvertRow(ReadOnlySpan<byte> row, Span<float> luma, PixelFormat format)
    {
        int x = 0;
        if (UseVectors)
        {
            x = format switch
            {
                PixelFormat.Gray8 => ConvertGray(row, luma),
                PixelFormat.Rgb24 or PixelFormat.Bgr24 => ConvertPacked(row, luma, bytesPerPixel: 3, redFirst: format == PixelFormat.Rgb24),
                _ => ConvertPacked(row, luma, bytesPerPixel: 4, redFirst: format == PixelFormat.Rgba32),
            };
        }

        int bytesPerPixel = format.BytesPerPixel();
        var (redAt, blueAt) = format is PixelFormat.Bgr24 or PixelFormat.Bgra32 ? (2, 0) : (0, 2);
        for (; x < luma.Length; x++)
        {
            ReadOnlySpan<byte> pixel = row.Slice(x * bytesPerPixel, bytesPerPixel);
            luma[x] = format == PixelFormat.Gray8 ? pixel[0] : Luma(pixel[redAt], pixel[1], pixel[blueAt]);
        }
    }

    /// <summary>The luma of one pixel (its first bytes in <paramref name="pixel"/>), as <see cref="ConvertRow"/> computes it.</summary>
    internal static float OfPixel(ReadOnlySpan<byte> pixel, PixelFormat format) => format switch
    {
        PixelFormat.Gray8 => pixel[0],
        PixelFormat.Bgr24 or PixelFormat.Bgra32 => Luma(pixel[2], pixel[1], pixel[0]),
        _ => Luma(pixel[0], pixel[1], pixel[2]),
    };

    /// <summary>The reference's expression for one pixel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Luma(float r, float g, float b) => (RedCoefficient * r) + (GreenCoefficient * g) + (BlueCoefficient * b);

    private static int ConvertGray(ReadOnlySpan<byte> row, Span<float> luma)
    {
        ref byte source = ref MemoryMarshal.GetReference(row);
        ref float destination = ref MemoryMarshal.GetReference(luma);
        int x = 0;
        for (; x + 16 <= luma.Length; x += 16)
        {
            Vector128<byte> bytes = Vector128.LoadUnsafe(ref source, (nuint)x);
            Vector128<ushort> low = Vector128.WidenLower(bytes), high = Vector128.WidenUpper(bytes);
            Vector128.ConvertToSingle(Vector128.WidenLower(low)).StoreUnsafe(ref destination, (nuint)x);
            Vector128.ConvertToSingle(Vector128.WidenUpper(low)).StoreUnsafe(ref destination, (nuint)x + 4);
            Vector128.ConvertToSingle(Vector128.WidenLower(high)).StoreUnsafe(ref destination, (nuint)x + 8);
            Vector128.ConvertToSingle(Vector128.WidenUpper(high)).StoreUnsafe(ref destination, (nuint)x + 12);
        }

        return x;
    }

    /// <summary>
    /// Eight pixels per step: each group of four becomes four 32-bit lanes holding the pixel's bytes (a byte shuffle
    /// for 3-byte pixels, a plain load for 4-byte ones); masks and shifts then give each channel as integers,
    /// converted exactly to float. The last four bytes of a row are never over-read: loads stop 16 bytes early.
    /// </summary>
    private static int ConvertPacked(ReadOnlySpan<byte> row, Span<float> luma, int bytesPerPixel, bool redFirst)
    {
        ref byte source = ref MemoryMarshal.GetReference(row);
        ref float destination = ref MemoryMarshal.GetReference(luma);
        int redShift = redFirst ? 0 : 16, blueShift = redFirst ? 16 : 0;
        Vector128<byte> expand = Vector128.Create((byte)0, 1, 2, 255, 3, 4, 5, 255, 6, 7, 8, 255, 9, 10, 11, 255);
        Vector256<uint> mask = Vector256.Create(0xFFu);
        int x = 0;

        // A step reads 16 bytes at pixel x + 4: stop while that stays inside the row.
        for (; ((x + 4) * bytesPerPixel) + 16 <= row.Length && x + 8 <= luma.Length; x += 8)
        {
            Vector256<uint> pixels;
            if (bytesPerPixel == 4)
            {
                pixels = Vector256.LoadUnsafe(ref source, (nuint)(x * 4)).AsUInt32();
            }
            else
            {
                Vector128<uint> first = Vector128.Shuffle(Vector128.LoadUnsafe(ref source, (nuint)(x * 3)), expand).AsUInt32();
                Vector128<uint> second = Vector128.Shuffle(Vector128.LoadUnsafe(ref source, (nuint)((x + 4) * 3)), expand).AsUInt32();
                pixels = Vector256.Create(first, second);
            }

            Vector256<float> r = Vector256.ConvertToSingle(((pixels >> redShift) & mask).AsInt32());
            Vector256<float> g = Vector256.ConvertToSingle(((pixels >> 8) & mask).AsInt32());
            Vector256<float> b = Vector256.ConvertToSingle(((pixels >> blueShift) & mask).AsInt32());
            Vector256<float> y = (Vector256.Create(RedCoefficient) * r) + (Vector256.Create(GreenCoefficient) * g) + (Vector256.Create(BlueCoefficient) * b);
            y.StoreUnsafe(ref destination, (nuint)x);
        }

        return x;
    }
}
