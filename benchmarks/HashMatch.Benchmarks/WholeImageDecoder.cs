using HashMatch.Imaging;
using SkiaSharp;

namespace HashMatch.Benchmarks;

/// <summary>
/// The baseline decode: every pixel at full size as 8-bit RGBA (grey as Gray8), as the reference decodes and as
/// HashMatch's exact decode did before it kept only the pre-resize samples. PDQ then resizes the whole buffer.
/// </summary>
internal sealed class WholeImageDecoder : IImageDecoder
{
    public static WholeImageDecoder Instance { get; } = new();

    public unsafe DecodedImage Decode(ReadOnlySpan<byte> encoded, string inputName, ImageDecodeOptions options, CancellationToken cancellationToken = default)
    {
        fixed (byte* bytes = encoded)
        {
            using SKData data = SKData.Create((IntPtr)bytes, encoded.Length, null, null);
            using SKCodec codec = SKCodec.Create(data) ?? throw new HashMatchException(inputName, HashMatchErrorReason.UnsupportedFormat, "not decodable");
            bool gray = codec.Info.ColorType == SKColorType.Gray8;
            var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
            DecodedImage image = DecodedImage.Allocate(info.Width, info.Height, gray ? PixelFormat.Gray8 : PixelFormat.Rgba32, info.Width, info.Height, codec.EncodedFormat.ToString().ToLowerInvariant(), 1, cancellationToken);
            fixed (byte* destination = image.WritablePixels)
            {
                if (codec.GetPixels(info, (IntPtr)destination, image.Stride, new SKCodecOptions(SKZeroInitialized.No)) != SKCodecResult.Success)
                {
                    image.Dispose();
                    throw new HashMatchException(inputName, HashMatchErrorReason.Corrupt, "decode failed");
                }
            }

            return image;
        }
    }
}
