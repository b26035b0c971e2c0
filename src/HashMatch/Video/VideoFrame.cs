using System.Diagnostics.CodeAnalysis;
using System.Buffers;
using HashMatch.Imaging;

namespace HashMatch.Video;

/// <summary>One decoded RGB24 frame in a pooled buffer; dispose it to return the buffer.</summary>
[Experimental(VideoApi.DiagnosticId)]
public sealed class VideoFrame : IDisposable
{
    private byte[]? _pixels;

    /// <summary>Wraps <paramref name="pixels"/> (rented from <see cref="ArrayPool{T}.Shared"/>; the frame returns it).</summary>
    internal VideoFrame(long number, byte[] pixels, int width, int height)
    {
        Number = number;
        _pixels = pixels;
        Width = width;
        Height = height;
    }

    /// <summary>
    /// The frame's 0-based number: among decoded frames (as vPDQ numbers them), or among resampled frames when the
    /// request resamples time.
    /// </summary>
    public long Number { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, tightly packed RGB24.</summary>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    public PixelBuffer Pixels => new(
        (_pixels ?? throw new ObjectDisposedException(nameof(VideoFrame))).AsSpan(0, Width * Height * 3), Width, Height, PixelFormat.Rgb24);

    /// <summary>Returns the pixel buffer to the pool.</summary>
    public void Dispose()
    {
        byte[]? pixels = Interlocked.Exchange(ref _pixels, null);
        if (pixels is not null)
        {
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }
}
