namespace HashMatch.Imaging;

/// <summary>Layout of one pixel in a <see cref="PixelBuffer"/>. All formats are 8 bits per channel.</summary>
public enum PixelFormat
{
    /// <summary>One byte per pixel: grey value, used as luma directly (as the reference does for one-channel images).</summary>
    Gray8,

    /// <summary>Three bytes per pixel: red, green, blue.</summary>
    Rgb24,

    /// <summary>Three bytes per pixel: blue, green, red.</summary>
    Bgr24,

    /// <summary>Four bytes per pixel: red, green, blue, alpha. Alpha is ignored, as in the reference.</summary>
    Rgba32,

    /// <summary>Four bytes per pixel: blue, green, red, alpha. Alpha is ignored, as in the reference.</summary>
    Bgra32,
}

/// <summary>Facts about <see cref="PixelFormat"/> values.</summary>
internal static class PixelFormatInfo
{
    /// <summary>Bytes per pixel of <paramref name="format"/>.</summary>
    public static int BytesPerPixel(this PixelFormat format) => format switch
    {
        PixelFormat.Gray8 => 1,
        PixelFormat.Rgb24 or PixelFormat.Bgr24 => 3,
        PixelFormat.Rgba32 or PixelFormat.Bgra32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format."),
    };
}
