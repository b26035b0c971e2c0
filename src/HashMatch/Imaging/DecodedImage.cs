using System.Buffers;

namespace HashMatch.Imaging;

/// <summary>Decoded 8-bit pixels in pooled memory; dispose to return the memory.</summary>
public sealed class DecodedImage : IDisposable
{
    private byte[]? _pixels;

    /// <summary>Takes ownership of <paramref name="pixels"/>, which must come from <see cref="ArrayPool{T}.Shared"/>.</summary>
    internal DecodedImage(byte[] pixels, int width, int height, int stride, PixelFormat format, int encodedWidth, int encodedHeight, string formatName)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(formatName);
        _ = new PixelBuffer(pixels, width, height, stride, format); // validates the description
        _pixels = pixels;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
        EncodedWidth = encodedWidth;
        EncodedHeight = encodedHeight;
        FormatName = formatName;
    }

    /// <summary>
    /// Rents pooled memory for a tightly packed <paramref name="width"/>×<paramref name="height"/> image, for a decoder
    /// to fill through <see cref="WritablePixels"/>. The memory is returned to the pool on disposal.
    /// </summary>
    /// <param name="width">Width of the decoded pixels.</param>
    /// <param name="height">Height of the decoded pixels.</param>
    /// <param name="format">Pixel layout.</param>
    /// <param name="encodedWidth">Width stored in the file (differs from <paramref name="width"/> after a scaled decode).</param>
    /// <param name="encodedHeight">Height stored in the file.</param>
    /// <param name="formatName">Name of the encoded format, e.g. "jpeg".</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive.</exception>
    /// <exception cref="OverflowException">The image needs more than 2 GiB.</exception>
    public static DecodedImage Allocate(int width, int height, PixelFormat format, int encodedWidth, int encodedHeight, string formatName)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        int stride = checked(width * format.BytesPerPixel());
        byte[] pixels = ArrayPool<byte>.Shared.Rent(checked(stride * height));
        return new DecodedImage(pixels, width, height, stride, format, encodedWidth, encodedHeight, formatName);
    }

    /// <summary>Width of the decoded pixels.</summary>
    public int Width { get; }

    /// <summary>Height of the decoded pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes per row.</summary>
    public int Stride { get; }

    /// <summary>Pixel layout.</summary>
    public PixelFormat Format { get; }

    /// <summary>Width stored in the file.</summary>
    public int EncodedWidth { get; }

    /// <summary>Height stored in the file.</summary>
    public int EncodedHeight { get; }

    /// <summary>Name of the encoded format, e.g. "jpeg", "png".</summary>
    public string FormatName { get; }

    /// <summary>The pixels, valid until disposal.</summary>
    public PixelBuffer Pixels => new(
        (_pixels ?? throw new ObjectDisposedException(nameof(DecodedImage))).AsSpan(0, Stride * Height), Width, Height, Stride, Format);

    /// <summary>The pixel memory, for the decoder that allocated this image to fill; valid until disposal.</summary>
    public Span<byte> WritablePixels => (_pixels ?? throw new ObjectDisposedException(nameof(DecodedImage))).AsSpan(0, Stride * Height);

    /// <inheritdoc/>
    public void Dispose()
    {
        byte[]? pixels = Interlocked.Exchange(ref _pixels, null);
        if (pixels is not null)
        {
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }
}
