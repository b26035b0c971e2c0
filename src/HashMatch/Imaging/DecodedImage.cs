using System.Buffers;

namespace HashMatch;

/// <summary>Decoded 8-bit pixels in pooled memory; dispose to return the memory.</summary>
public sealed class DecodedImage : IDisposable
{
    private byte[]? _pixels;

    /// <summary>Takes ownership of <paramref name="pixels"/>, which must come from <see cref="ArrayPool{T}.Shared"/>.</summary>
    /// <param name="pixels">Pooled pixel memory holding at least <c>stride × height</c> bytes.</param>
    /// <param name="width">Width of the decoded pixels.</param>
    /// <param name="height">Height of the decoded pixels.</param>
    /// <param name="stride">Bytes per row.</param>
    /// <param name="format">Pixel layout.</param>
    /// <param name="encodedWidth">Width stored in the file (differs from <paramref name="width"/> after a scaled decode).</param>
    /// <param name="encodedHeight">Height stored in the file.</param>
    /// <param name="formatName">Name of the encoded format, e.g. "jpeg".</param>
    public DecodedImage(byte[] pixels, int width, int height, int stride, PixelFormat format, int encodedWidth, int encodedHeight, string formatName)
    {
        ArgumentNullException.ThrowIfNull(pixels);
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
