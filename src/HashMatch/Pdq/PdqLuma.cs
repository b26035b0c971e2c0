using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
/// Luma: <c>0.299·R + 0.587·G + 0.114·B</c> in single precision, evaluated as the reference's
/// <c>fillFloatLumaFromRGB</c> does: three products, then <c>(R-term + G-term) + B-term</c>, so the sums round
/// identically. The SIMD path computes 16 pixels at a time with exactly those operations in each lane (no fused
/// multiply-add). One-channel images are used as luma directly, as the reference does.
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

    /// <summary>Pixels converted per SIMD step.</summary>
    private const int Block = 16;

    /// <summary>Size of the luma plane that <see cref="Fill"/> produces for a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    internal static (int Rows, int Columns) PlaneSize(int width, int height) =>
        width > PreResizeLimit || height > PreResizeLimit ? (PreResizeLimit, PreResizeLimit) : (height, width);

    /// <summary>Writes the (pre-resized) luma plane of <paramref name="image"/>, row-major, into <paramref name="luma"/>.</summary>
    internal static void Fill(PixelBuffer image, Span<float> luma)
    {
        var (rows, columns) = PlaneSize(image.Width, image.Height);
        int bytesPerPixel = image.Format.BytesPerPixel();
        bool resizeColumns = columns != image.Width;

        // Byte offset of each output column's source pixel within a row, and a row of gathered pixels.
        Span<int> columnOffsets = stackalloc int[resizeColumns ? columns : 0];
        Span<byte> gathered = stackalloc byte[resizeColumns ? columns * bytesPerPixel : 0];
        for (int x = 0; x < columnOffsets.Length; x++)
        {
            columnOffsets[x] = (int)((long)x * image.Width / columns) * bytesPerPixel;
        }

        ReadOnlySpan<byte> pixels = image.Pixels;
        for (int y = 0; y < rows; y++)
        {
            int sourceRow = (int)((long)y * image.Height / rows);
            scoped ReadOnlySpan<byte> row = pixels.Slice(sourceRow * image.Stride, image.Width * bytesPerPixel);
            if (resizeColumns)
            {
                for (int x = 0; x < columnOffsets.Length; x++)
                {
                    row.Slice(columnOffsets[x], bytesPerPixel).CopyTo(gathered.Slice(x * bytesPerPixel, bytesPerPixel));
                }

                row = gathered;
            }

            ConvertRow(row, luma.Slice(y * columns, columns), image.Format);
        }
    }

    /// <summary>Converts one row of packed pixels to luma.</summary>
    internal static void ConvertRow(ReadOnlySpan<byte> row, Span<float> luma, PixelFormat format)
    {
        int x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            x = format switch
            {
                PixelFormat.Gray8 => ConvertGray(row, luma),
                PixelFormat.Rgb24 => ConvertPacked3(row, luma, redFirst: true),
                PixelFormat.Bgr24 => ConvertPacked3(row, luma, redFirst: false),
                PixelFormat.Rgba32 => ConvertPacked4(row, luma, redFirst: true),
                _ => ConvertPacked4(row, luma, redFirst: false),
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

    /// <summary>The reference's expression for one pixel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Luma(float r, float g, float b) => (RedCoefficient * r) + (GreenCoefficient * g) + (BlueCoefficient * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Luma(Vector128<float> r, Vector128<float> g, Vector128<float> b) =>
        (Vector128.Create(RedCoefficient) * r) + (Vector128.Create(GreenCoefficient) * g) + (Vector128.Create(BlueCoefficient) * b);

    /// <summary>Stores the luma of 16 pixels whose channels are given as 16 bytes each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<byte> r, Vector128<byte> g, Vector128<byte> b, ref float destination)
    {
        var (r0, r1, r2, r3) = ToSingles(r);
        var (g0, g1, g2, g3) = ToSingles(g);
        var (b0, b1, b2, b3) = ToSingles(b);
        Luma(r0, g0, b0).StoreUnsafe(ref destination, 0);
        Luma(r1, g1, b1).StoreUnsafe(ref destination, 4);
        Luma(r2, g2, b2).StoreUnsafe(ref destination, 8);
        Luma(r3, g3, b3).StoreUnsafe(ref destination, 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<float>, Vector128<float>, Vector128<float>, Vector128<float>) ToSingles(Vector128<byte> bytes)
    {
        Vector128<ushort> low = Vector128.WidenLower(bytes), high = Vector128.WidenUpper(bytes);
        return (
            Vector128.ConvertToSingle(Vector128.WidenLower(low)),
            Vector128.ConvertToSingle(Vector128.WidenUpper(low)),
            Vector128.ConvertToSingle(Vector128.WidenLower(high)),
            Vector128.ConvertToSingle(Vector128.WidenUpper(high)));
    }

    private static int ConvertGray(ReadOnlySpan<byte> row, Span<float> luma)
    {
        ref byte source = ref MemoryMarshal.GetReference(row);
        ref float destination = ref MemoryMarshal.GetReference(luma);
        int x = 0;
        for (; x + Block <= luma.Length; x += Block)
        {
            var (v0, v1, v2, v3) = ToSingles(Vector128.LoadUnsafe(ref source, (nuint)x));
            v0.StoreUnsafe(ref destination, (nuint)x);
            v1.StoreUnsafe(ref destination, (nuint)x + 4);
            v2.StoreUnsafe(ref destination, (nuint)x + 8);
            v3.StoreUnsafe(ref destination, (nuint)x + 12);
        }

        return x;
    }

    /// <summary>16 pixels of 3 bytes = three 16-byte loads; byte shuffles gather each channel (255 selects zero).</summary>
    private static int ConvertPacked3(ReadOnlySpan<byte> row, Span<float> luma, bool redFirst)
    {
        ref byte source = ref MemoryMarshal.GetReference(row);
        ref float destination = ref MemoryMarshal.GetReference(luma);
        int x = 0;
        for (; x + Block <= luma.Length; x += Block)
        {
            nuint offset = (nuint)(x * 3);
            Vector128<byte> a = Vector128.LoadUnsafe(ref source, offset);
            Vector128<byte> b = Vector128.LoadUnsafe(ref source, offset + 16);
            Vector128<byte> c = Vector128.LoadUnsafe(ref source, offset + 32);

            // Channel 0: bytes 0, 3, ..., 45; channel 1: 1, 4, ..., 46; channel 2: 2, 5, ..., 47.
            Vector128<byte> first =
                Vector128.Shuffle(a, Vector128.Create((byte)0, 3, 6, 9, 12, 15, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)) |
                Vector128.Shuffle(b, Vector128.Create((byte)255, 255, 255, 255, 255, 255, 2, 5, 8, 11, 14, 255, 255, 255, 255, 255)) |
                Vector128.Shuffle(c, Vector128.Create((byte)255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1, 4, 7, 10, 13));
            Vector128<byte> second =
                Vector128.Shuffle(a, Vector128.Create((byte)1, 4, 7, 10, 13, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)) |
                Vector128.Shuffle(b, Vector128.Create((byte)255, 255, 255, 255, 255, 0, 3, 6, 9, 12, 15, 255, 255, 255, 255, 255)) |
                Vector128.Shuffle(c, Vector128.Create((byte)255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 2, 5, 8, 11, 14));
            Vector128<byte> third =
                Vector128.Shuffle(a, Vector128.Create((byte)2, 5, 8, 11, 14, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)) |
                Vector128.Shuffle(b, Vector128.Create((byte)255, 255, 255, 255, 255, 1, 4, 7, 10, 13, 255, 255, 255, 255, 255, 255)) |
                Vector128.Shuffle(c, Vector128.Create((byte)255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 3, 6, 9, 12, 15));
            if (redFirst)
            {
                Store(first, second, third, ref Unsafe.Add(ref destination, x));
            }
            else
            {
                Store(third, second, first, ref Unsafe.Add(ref destination, x));
            }
        }

        return x;
    }

    /// <summary>16 pixels of 4 bytes = four 16-byte loads; the fourth byte (alpha) is ignored, as in the reference.</summary>
    private static int ConvertPacked4(ReadOnlySpan<byte> row, Span<float> luma, bool redFirst)
    {
        ref byte source = ref MemoryMarshal.GetReference(row);
        ref float destination = ref MemoryMarshal.GetReference(luma);
        int x = 0;
        for (; x + Block <= luma.Length; x += Block)
        {
            nuint offset = (nuint)(x * 4);
            Vector128<byte> a = Vector128.LoadUnsafe(ref source, offset);
            Vector128<byte> b = Vector128.LoadUnsafe(ref source, offset + 16);
            Vector128<byte> c = Vector128.LoadUnsafe(ref source, offset + 32);
            Vector128<byte> d = Vector128.LoadUnsafe(ref source, offset + 48);
            Vector128<byte> first = Gather4(a, b, c, d, 0);
            Vector128<byte> second = Gather4(a, b, c, d, 1);
            Vector128<byte> third = Gather4(a, b, c, d, 2);
            if (redFirst)
            {
                Store(first, second, third, ref Unsafe.Add(ref destination, x));
            }
            else
            {
                Store(third, second, first, ref Unsafe.Add(ref destination, x));
            }
        }

        return x;
    }

    /// <summary>Byte <paramref name="channel"/> of each of the 16 four-byte pixels in a..d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Gather4(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c, Vector128<byte> d, byte channel)
    {
        // Within each 16-byte load, pick bytes channel, channel+4, channel+8, channel+12 into four consecutive lanes.
        Vector128<byte> pick = Vector128.Create(channel, (byte)(channel + 4), (byte)(channel + 8), (byte)(channel + 12), 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255);
        Vector128<uint> lanes = Vector128.Create(
            Vector128.Shuffle(a, pick).AsUInt32().ToScalar(),
            Vector128.Shuffle(b, pick).AsUInt32().ToScalar(),
            Vector128.Shuffle(c, pick).AsUInt32().ToScalar(),
            Vector128.Shuffle(d, pick).AsUInt32().ToScalar());
        return lanes.AsByte();
    }
}
