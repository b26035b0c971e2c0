using System.Buffers;

namespace HashMatch.Imaging;

/// <summary>Decoded 8-bit pixels in pooled memory; dispose to return the memory.</summary>
public sealed class DecodedImage : IDisposable
{
    private byte[]? _pixels;
    private DecodeBudget.Lease? _lease;

    /// <summary>Takes ownership of <paramref name="pixels"/>, which must come from <see cref="ArrayPool{T}.Shared"/>.</summary>
    internal DecodedImage(byte[] pixels, int width, int height, int stride, PixelFormat format, int encodedWidth, int encodedHeight, string encodedFormat)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(encodedFormat);
        _ = new PixelBuffer(pixels, width, height, stride, format); // validates the description
        _pixels = pixels;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
        EncodedWidth = encodedWidth;
        EncodedHeight = encodedHeight;
        EncodedFormat = encodedFormat;
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
    /// <param name="encodedFormat">Name of the encoded format, e.g. "jpeg".</param>
    /// <param name="frameCount">Frames in the file (animated GIF and WebP have several; the pixels are the first frame's).</param>
    /// <param name="cancellationToken">Cancels the wait for memory.</param>
    /// <remarks>
    /// The memory counts against a process-wide decode budget (a quarter of available memory, 256 MiB to 2 GiB):
    /// when concurrent decodes already hold it, this waits until they release theirs, so many hostile files that claim
    /// huge sizes queue instead of multiplying memory.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive, or the image needs more than 2 GiB.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while waiting for memory.</exception>
    public static DecodedImage Allocate(int width, int height, PixelFormat format, int encodedWidth, int encodedHeight, string encodedFormat, int frameCount = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long bytes = (long)width * format.BytesPerPixel() * height;
        if (bytes > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A {width}×{height} {format} image needs {bytes:N0} bytes, more than an array holds.");
        }

        DecodeBudget.Lease lease = DecodeBudget.Shared.Acquire(bytes, cancellationToken);
        try
        {
            byte[] pixels = ArrayPool<byte>.Shared.Rent((int)bytes);
            return new DecodedImage(pixels, width, height, width * format.BytesPerPixel(), format, encodedWidth, encodedHeight, encodedFormat) { _lease = lease, FrameCount = Math.Max(1, frameCount) };
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>Number of frames in the file (animated GIF and WebP have several); the pixels are the first frame's.</summary>
    public int FrameCount { get; private init; } = 1;

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
    public string EncodedFormat { get; }

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
            _lease?.Dispose();
        }
    }
}
