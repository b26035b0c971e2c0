using System.Buffers;
using SkiaSharp;

namespace HashMatch.Imaging;

/// <summary>
/// The exact decode of images larger than PDQ's 512 pre-resize: rows are decoded one at a time and only the pixels
/// the reference's nearest-neighbour resize reads are kept, so the result is the reference's 512×512 picture.
/// </summary>
/// <remarks>
/// <para>
/// The reference (<c>pdq/cpp/io/pdqio.cpp</c>) decodes the whole file and resizes it to 512×512 with CImg's
/// nearest-neighbour interpolation, which reads source row <c>⌊y·H/512⌋</c> and column <c>⌊x·W/512⌋</c>
/// (<see cref="PreResizeGrid"/>, which PDQ's luma step also reads by). Keeping exactly those pixels while decoding
/// gives identical hashes without ever holding the full image: memory is one decoded row plus 512×512×3 bytes
/// instead of W×H×4 (48 MB for a 12-megapixel photo), and rows between samples are skipped, so the codec does not
/// colour-convert or copy them (libjpeg-turbo's <c>jpeg_skip_scanlines</c>). Skia decodes JPEG and top-down BMP row by row;
/// its PNG, WebP and GIF codecs do not (they report <see cref="SKCodecResult.Unimplemented"/>), so those decode whole.
/// </para>
/// <para>
/// Colour images are kept as <see cref="PixelFormat.Rgb24"/> — the three channels PDQ's luma reads, nothing more;
/// Skia decodes rows to 8-bit RGBA, as it has no 24-bit pixel type. Grey images stay <see cref="PixelFormat.Gray8"/>.
/// </para>
/// </remarks>
public sealed partial class SkiaImageDecoder
{
    /// <summary>
    /// The pre-resized picture, or null when the image needs no pre-resize, the codec cannot decode it row by row
    /// from the top (GIF, WebP, bottom-up BMP) or a row fails: the caller then decodes the whole image, which also
    /// reports the damage with the codec's own diagnosis.
    /// </summary>
    private static unsafe DecodedImage? DecodeSampled(SKCodec codec, bool gray, string formatName, CancellationToken cancellationToken)
    {
        SKImageInfo header = codec.Info;
        var (rows, columns) = PreResizeGrid.Size(header.Width, header.Height);
        if (rows == header.Height && columns == header.Width)
        {
            return null;
        }

        var info = new SKImageInfo(header.Width, header.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        if (codec.StartScanlineDecode(info, new SKCodecOptions(SKZeroInitialized.No)) != SKCodecResult.Success ||
            codec.ScanlineOrder != SKCodecScanlineOrder.TopDown)
        {
            return null;
        }

        int sourceBytesPerPixel = gray ? 1 : 4;
        PixelFormat format = gray ? PixelFormat.Gray8 : PixelFormat.Rgb24;
        int bytesPerPixel = format.BytesPerPixel();
        int sourceStride = checked(header.Width * sourceBytesPerPixel);
        byte[] line = ArrayPool<byte>.Shared.Rent(sourceStride);
        DecodedImage image = DecodedImage.Allocate(columns, rows, format, header.Width, header.Height, formatName, codec.FrameCount, cancellationToken);
        bool complete = false;
        try
        {
            Span<int> sourceOffsets = stackalloc int[columns];
            for (int x = 0; x < columns; x++)
            {
                sourceOffsets[x] = PreResizeGrid.Source(x, header.Width, columns) * sourceBytesPerPixel;
            }

            Span<byte> pixels = image.WritablePixels;
            int stride = image.Stride, nextRow = 0; // nextRow: the codec's position, the next source row it would decode
            fixed (byte* lineAddress = line)
            {
                for (int y = 0; y < rows; y++)
                {
                    // Source rows only grow with y; a row sampled twice (images shorter than 512) is still in the buffer.
                    int sourceRow = PreResizeGrid.Source(y, header.Height, rows);
                    if (sourceRow >= nextRow)
                    {
                        if ((sourceRow > nextRow && !codec.SkipScanlines(sourceRow - nextRow)) ||
                            codec.GetScanlines((IntPtr)lineAddress, 1, sourceStride) != 1)
                        {
                            return null;
                        }

                        nextRow = sourceRow + 1;
                    }

                    Gather(line, sourceOffsets, pixels.Slice(y * stride, stride), bytesPerPixel);
                }
            }

            complete = true;
            return image;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(line);
            if (!complete)
            {
                image.Dispose();
            }
        }
    }

    /// <summary>Copies the sampled pixels of one decoded row: the first <paramref name="bytesPerPixel"/> bytes of each.</summary>
    private static void Gather(ReadOnlySpan<byte> line, ReadOnlySpan<int> sourceOffsets, Span<byte> destination, int bytesPerPixel)
    {
        for (int x = 0; x < sourceOffsets.Length; x++)
        {
            line.Slice(sourceOffsets[x], bytesPerPixel).CopyTo(destination.Slice(x * bytesPerPixel, bytesPerPixel));
        }
    }
}
