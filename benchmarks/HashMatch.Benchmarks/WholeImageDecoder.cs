using System.Buffers;
using SkiaSharp;

namespace HashMatch.Benchmarks;

/// <summary>
/// The baseline decode: every pixel at full size as 8-bit RGBA (grey as Gray8), as the reference decodes and as
/// HashMatch's exact decode did before it kept only the pre-resize samples. PDQ then resizes the whole buffer.
/// </summary>
internal sealed class WholeImageDecoder : IImageDecoder
{
    public static WholeImageDecoder Instance { get; } = new();

    public unsafe DecodedImage Decode(ReadOnlySpan<byte> encoded, string inputName, ImageDecodeOptions options)
    {
        fixed (byte* bytes = encoded)
        {
            using SKData data = SKData.Create((IntPtr)bytes, encoded.Length, null, null);
            using SKCodec codec = SKCodec.Create(data) ?? throw new HashMatchException(inputName, HashMatchErrorReason.UnsupportedFormat, "not decodable");
            bool gray = codec.Info.ColorType == SKColorType.Gray8;
            var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
            byte[] pixels = ArrayPool<byte>.Shared.Rent(info.BytesSize);
            fixed (byte* destination = pixels)
            {
                if (codec.GetPixels(info, (IntPtr)destination, info.RowBytes, new SKCodecOptions(SKZeroInitialized.No)) != SKCodecResult.Success)
                {
                    ArrayPool<byte>.Shared.Return(pixels);
                    throw new HashMatchException(inputName, HashMatchErrorReason.Corrupt, "decode failed");
                }
            }

            return new DecodedImage(pixels, info.Width, info.Height, info.RowBytes, gray ? PixelFormat.Gray8 : PixelFormat.Rgba32, info.Width, info.Height, codec.EncodedFormat.ToString().ToLowerInvariant());
        }
    }
}
