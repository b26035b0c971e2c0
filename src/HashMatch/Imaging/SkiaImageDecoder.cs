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
/// alpha) decodes to 8-bit RGBA.
/// </para>
/// <para>
/// The header is read first and the pixel count checked against <see cref="ImageDecodeOptions.MaxPixels"/> before any
/// pixel memory is allocated, so a small file claiming a huge image costs nothing.
/// </para>
/// </remarks>
public sealed class SkiaImageDecoder : IImageDecoder
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

            SKSizeI size = options.ScaledDecode ? ChooseScaledSize(codec, options.MinimumScaledSide) : new SKSizeI(header.Width, header.Height);
            bool gray = header.ColorType == SKColorType.Gray8;
            PixelFormat format = gray ? PixelFormat.Gray8 : PixelFormat.Rgba32;
            var info = new SKImageInfo(size.Width, size.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);

            // Waits for the process's decode budget, so parallel decodes of huge claimed sizes queue instead of adding up.
            DecodedImage image = DecodedImage.Allocate(size.Width, size.Height, format, header.Width, header.Height, formatName, codec.FrameCount, cancellationToken);
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
    }

    /// <summary>
    /// The width and height a file's header gives, read without decoding it (for scanning folders before a run), or
    /// null when the file is not an image this decoder reads.
    /// </summary>
    internal static (int Width, int Height)? ReadHeader(string path)
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
    /// The smallest size the codec can decode to directly whose sides are both at least <paramref name="minimumSide"/>
    /// (or the full size when a side is already shorter). libjpeg-turbo scales by n/8; libwebp scales freely.
    /// </summary>
    private static SKSizeI ChooseScaledSize(SKCodec codec, int minimumSide)
    {
        SKImageInfo header = codec.Info;
        var full = new SKSizeI(header.Width, header.Height);
        if (header.Width <= minimumSide || header.Height <= minimumSide ||
            codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp))
        {
            return full;
        }

        // libwebp scales to any size: ask for exactly the scale that brings the shorter side to the minimum.
        // libjpeg-turbo scales by n/8: take the smallest n that keeps both sides at the minimum or above.
        float needed = Math.Max((float)minimumSide / header.Width, (float)minimumSide / header.Height);
        SKSizeI best = full;
        IEnumerable<float> scales = codec.EncodedFormat == SKEncodedImageFormat.Webp ? [needed] : Enumerable.Range(1, 7).Select(n => n / 8f);
        foreach (float scale in scales)
        {
            SKSizeI candidate = codec.GetScaledDimensions(scale);
            if (candidate.Width >= minimumSide && candidate.Height >= minimumSide &&
                (long)candidate.Width * candidate.Height < (long)best.Width * best.Height)
            {
                best = candidate;
            }
        }

        return best;
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
        string? format = RecogniseSignature(encoded);
        if (format is null)
        {
            return new HashMatchException(inputName, HashMatchErrorReason.UnsupportedFormat, "the bytes do not start with the signature of a supported image format");
        }

        return EndsEarly(format, encoded)
            ? new HashMatchException(inputName, HashMatchErrorReason.Truncated, $"the {format} file ends inside its header ({encoded.Length} bytes)")
            : new HashMatchException(inputName, HashMatchErrorReason.Corrupt, $"the {format} header cannot be parsed");
    }

    /// <summary>
    /// True when the file lacks the end its format requires (JPEG EOI marker, PNG IEND chunk, GIF trailer) or is
    /// shorter than its own header says (RIFF/WebP and BMP size fields), i.e. it was cut off rather than damaged.
    /// </summary>
    private static bool EndsEarly(string format, ReadOnlySpan<byte> bytes) => format switch
    {
        "jpeg" => !bytes.EndsWith((ReadOnlySpan<byte>)[0xFF, 0xD9]),
        "png" => bytes.Length < 12 || bytes[^12..].IndexOf("IEND"u8) < 0,
        "gif" => bytes[^1] != 0x3B,
        "webp" => bytes.Length < 8 || System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]) + 8L > bytes.Length,
        "bmp" => bytes.Length < 6 || System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[2..]) > bytes.Length,
        _ => false,
    };

    private static string? RecogniseSignature(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]))
        {
            return "jpeg";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']))
        {
            return "png";
        }

        if (bytes.StartsWith("GIF8"u8))
        {
            return "gif";
        }

        if (bytes.StartsWith("BM"u8))
        {
            return "bmp";
        }

        if (bytes.StartsWith("RIFF"u8) && (bytes.Length < 12 || bytes[8..12].SequenceEqual("WEBP"u8)))
        {
            return "webp";
        }

        return null;
    }
}
