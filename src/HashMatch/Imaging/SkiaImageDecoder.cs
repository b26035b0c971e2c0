using System.Buffers;
using HashMatch.IO;
using SkiaSharp;

namespace HashMatch.Imaging;

/// <summary>
/// Decodes JPEG, PNG, WebP, GIF, BMP, ICO and WBMP with SkiaSharp (libjpeg-turbo, libpng, libwebp).
/// </summary>
/// <remarks>
/// <para>
/// Pixels come out as stored: no EXIF rotation (the reference ignores EXIF orientation, and hash lists are made that
/// way; dihedral matching covers rotated uploads), no colour management (the reference's ImageMagick-to-PNM path
/// applies none), alpha left unpremultiplied and then ignored. One-channel images decode to <see cref="PixelFormat.Gray8"/>
/// so grey values reach the hash unchanged, as in the reference; everything else (palette, CMYK, 16-bit, grey with
/// alpha) decodes to 8-bit RGB.
/// </para>
/// <para>
/// Images with a side over 512 are decoded row by row where the codec allows it (JPEG, PNG, top-down BMP), keeping
/// only the 512×512 pixels PDQ's pre-resize samples (<c>SkiaImageDecoder.Sampled.cs</c>); other formats decode
/// whole (to 8-bit RGBA, Skia's smallest colour type, which PDQ reads directly).
/// </para>
/// <para>
/// The header is read first and the pixel count checked against <see cref="ImageDecodeOptions.MaxPixels"/> before any
/// pixel memory is allocated, so a small file claiming a huge image costs nothing.
/// </para>
/// </remarks>
public sealed partial class SkiaImageDecoder : IImageDecoder
{
    /// <summary>The shared instance (the decoder holds no state).</summary>
    public static SkiaImageDecoder Instance { get; } = new();

    /// <inheritdoc/>
    public unsafe DecodedImage Decode(ReadOnlySpan<byte> encoded, string inputName, ImageDecodeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputName);
        ArgumentNullException.ThrowIfNull(options);
        if (encoded.IsEmpty)
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.Empty, "the input has no bytes");
        }

        fixed (byte* bytes = encoded)
        {
            // Wraps the caller's memory without copying; both objects are disposed before the pin is released.
            using SKData data = SKData.Create((IntPtr)bytes, encoded.Length, null, null);
            using SKCodec? codec = SKCodec.Create(data);
            if (codec is null)
            {
                throw NotDecodable(encoded, inputName);
            }

            SKImageInfo header = codec.Info;
            string formatName = codec.EncodedFormat.ToString().ToLowerInvariant();
            if (header.Width <= 0 || header.Height <= 0)
            {
                throw new HashMatchException(inputName, HashMatchErrorReason.Corrupt, $"the {formatName} header gives a size of {header.Width}×{header.Height}");
            }

            long pixelCount = (long)header.Width * header.Height;
            if (pixelCount > options.MaxPixels)
            {
                throw new HashMatchException(
                    inputName,
                    HashMatchErrorReason.TooLarge,
                    $"the {formatName} header gives {header.Width}×{header.Height} = {pixelCount:N0} pixels, above the limit of {options.MaxPixels:N0}");
            }

            if (codec.EncodedFormat == SKEncodedImageFormat.Jpeg)
            {
                CheckJpegStructure(encoded, inputName, pixelCount, options);
            }
            else if (!options.AllowTruncated && ImageFileEnd.Missing(formatName, encoded) is string missing)
            {
                // The codecs decode what is there and report success when the pixels they need are present (a PNG
                // without IEND, an animation cut after its first frame): refuse the cut before decoding anything.
                throw new HashMatchException(inputName, HashMatchErrorReason.Truncated, $"the {formatName} data ends before {missing}");
            }

            bool gray = header.ColorType == SKColorType.Gray8;
            if (options.ScaledDecode && ChooseScaledSize(codec, options.MinimumScaledSide) is { } scaled)
            {
                return DecodeWhole(codec, scaled, gray, inputName, formatName, options, cancellationToken);
            }

            return (options.KeepAllPixels ? null : DecodeSampled(codec, gray, formatName, cancellationToken))
                ?? DecodeWhole(codec, new SKSizeI(header.Width, header.Height), gray, inputName, formatName, options, cancellationToken);
        }
    }

    /// <summary>Decodes all pixels at <paramref name="size"/> (the stored size, or a codec scale) into one pooled buffer.</summary>
    private static unsafe DecodedImage DecodeWhole(SKCodec codec, SKSizeI size, bool gray, string inputName, string formatName, ImageDecodeOptions options, CancellationToken cancellationToken)
    {
        PixelFormat format = gray ? PixelFormat.Gray8 : PixelFormat.Rgba32;
        var info = new SKImageInfo(size.Width, size.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);

        // Waits for the process's decode budget, so parallel decodes of huge claimed sizes queue instead of adding up.
        DecodedImage image = DecodedImage.Allocate(size.Width, size.Height, format, codec.Info.Width, codec.Info.Height, formatName, codec.FrameCount, cancellationToken);
        try
        {
            SKCodecResult result;
            fixed (byte* destination = image.WritablePixels)
            {
                result = codec.GetPixels(info, (IntPtr)destination, image.Stride, new SKCodecOptions(SKZeroInitialized.No));
            }

            CheckResult(result, inputName, formatName, options);
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The width and height a file's header gives, read without decoding it (for scanning folders before a run), or
    /// null when the file is not an image this decoder reads.
    /// </summary>
    public static (int Width, int Height)? ReadHeader(string path)
    {
        try
        {
            using FileStream file = InputFile.OpenRead(path);
            using SKCodec? codec = SKCodec.Create(file);
            return codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 ? null : (codec.Info.Width, codec.Info.Height);
        }
        catch (HashMatchException)
        {
            return null;
        }
    }

    /// <summary>
    /// The opt-in scaled decode (<see cref="ImageDecodeOptions.ScaledDecode"/>): the largest whole-number reduction
    /// (1/2, 1/4 or 1/8) that keeps both sides at least <paramref name="minimumSide"/> (twice the 512 pre-resize), or
    /// null when there is none or the format cannot scale (only JPEG and WebP can).
    /// </summary>
    /// <remarks>
    /// Whole-number factors only: a reduced pixel then averages a block that contains the pixel the reference samples
    /// (⌊⌊x·W/512⌋ / s⌋ = ⌊x·(W/s)/512⌋), while fractional n/8 scales such as 7/8 shift every sample by up to half a
    /// pixel, which cost up to 24 bits on sharp content. Even so, averaging is not sampling: docs/pdq.md, "Decoding",
    /// shows pictures on which no scaled decode stays within 10 bits, which is why the default decode is exact.
    /// </remarks>
    private static SKSizeI? ChooseScaledSize(SKCodec codec, int minimumSide)
    {
        SKImageInfo header = codec.Info;
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp))
        {
            return null;
        }

        foreach (int factor in (ReadOnlySpan<int>)[8, 4, 2])
        {
            // libjpeg-turbo's 1/s scale rounds up (⌈W/s⌉); libwebp's rescaler takes any size, so ask for the same.
            SKSizeI candidate = codec.EncodedFormat == SKEncodedImageFormat.Jpeg
                ? codec.GetScaledDimensions(1f / factor)
                : new SKSizeI((header.Width + factor - 1) / factor, (header.Height + factor - 1) / factor);
            if (candidate.Width >= minimumSide && candidate.Height >= minimumSide)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Refuses JPEGs that end before their end-of-image marker (libjpeg-turbo decodes cut progressive files without
    /// complaint) and progressive JPEGs whose scans would make decoding take unbounded time.
    /// </summary>
    private static void CheckJpegStructure(ReadOnlySpan<byte> encoded, string inputName, long pixelCount, ImageDecodeOptions options)
    {
        JpegStructure jpeg = JpegStructure.Read(encoded);
        if (!jpeg.Complete && !options.AllowTruncated)
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.Truncated,
                $"the jpeg data ends before its end-of-image marker{(jpeg.Progressive ? $" (progressive, {jpeg.Scans} scans read)" : "")}");
        }

        if (jpeg.Progressive && (double)jpeg.Scans * pixelCount > options.MaxProgressiveScanPixels)
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.TooLarge,
                $"a progressive jpeg of {pixelCount:N0} pixels in {jpeg.Scans} scans is {jpeg.Scans * pixelCount:N0} scan-pixels of decoding work, above the limit of {options.MaxProgressiveScanPixels:N0}");
        }
    }

    private static void CheckResult(SKCodecResult result, string inputName, string formatName, ImageDecodeOptions options)
    {
        switch (result)
        {
            case SKCodecResult.Success:
                return;
            case SKCodecResult.IncompleteInput:
                if (options.AllowTruncated)
                {
                    return;
                }

                throw new HashMatchException(inputName, HashMatchErrorReason.Truncated, $"the {formatName} data ends before the image does");
            case SKCodecResult.ErrorInInput:
                if (options.AllowTruncated)
                {
                    return;
                }

                throw new HashMatchException(inputName, HashMatchErrorReason.Corrupt, $"the {formatName} data is damaged part-way through the image");
            default:
                throw new HashMatchException(inputName, HashMatchErrorReason.Corrupt, $"the {formatName} decoder failed ({result})");
        }
    }

    /// <summary>Tells a recognised-but-broken header (corrupt or truncated) from an unknown format.</summary>
    private static HashMatchException NotDecodable(ReadOnlySpan<byte> encoded, string inputName)
    {
        string? format = ImageFileEnd.RecogniseSignature(encoded, out bool cutInSignature);
        if (format is null)
        {
            return new HashMatchException(inputName, HashMatchErrorReason.UnsupportedFormat, "the bytes do not start with the signature of a supported image format");
        }

        return cutInSignature || ImageFileEnd.Missing(format, encoded) is not null
            ? new HashMatchException(inputName, HashMatchErrorReason.Truncated, $"the {format} file ends inside its header ({encoded.Length} bytes)")
            : new HashMatchException(inputName, HashMatchErrorReason.Corrupt, $"the {format} header cannot be parsed");
    }
}
