namespace HashMatch.Imaging;

/// <summary>
/// A view of decoded 8-bit pixels: the input of PDQ hashing (<c>HashMatch.Pdq.PdqHasher</c>) for callers that bring their own decoder.
/// </summary>
/// <remarks>Rows are <see cref="Stride"/> bytes apart; the last row needs only <c>Width × bytes-per-pixel</c> bytes.</remarks>
public readonly ref struct PixelBuffer
{
    /// <summary>Describes <paramref name="pixels"/> and checks that it holds the whole image.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive, a row is larger than 2 GiB, or the stride is shorter than a row.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> is too short for the described image.</exception>
    public PixelBuffer(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long rowBytes = (long)width * format.BytesPerPixel();
        if (rowBytes > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"A row of {width} {format} pixels is larger than 2 GiB.");
        }

        if (stride < rowBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride must be at least width × bytes per pixel = {rowBytes}.");
        }

        long needed = ((long)stride * (height - 1)) + rowBytes;
        if (pixels.Length < needed)
        {
            throw new ArgumentException($"A {width}×{height} {format} image with stride {stride} needs {needed} bytes; got {pixels.Length}.", nameof(pixels));
        }

        Pixels = pixels;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
    }

    /// <summary>Describes tightly packed pixels (stride = width × bytes per pixel).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive, or a row is larger than 2 GiB.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> is too short for the described image.</exception>
    public PixelBuffer(ReadOnlySpan<byte> pixels, int width, int height, PixelFormat format)
        : this(pixels, width, height, (int)Math.Min((long)width * format.BytesPerPixel(), int.MaxValue), format)
    {
    }

    /// <summary>The pixel bytes, row after row.</summary>
    public ReadOnlySpan<byte> Pixels { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes from the start of one row to the start of the next.</summary>
    public int Stride { get; }

    /// <summary>Layout of each pixel.</summary>
    public PixelFormat Format { get; }
}
