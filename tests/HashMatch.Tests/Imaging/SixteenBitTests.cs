using HashMatch.Imaging;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Imaging;

/// <summary>16-bit channels are scaled to 8 bits (not the reference's low-byte quirk).</summary>
public sealed class SixteenBitTests
{
    [Fact]
    public void Sixteen_bit_grey_png_decodes_to_the_high_byte_scale()
    {
        const int Width = 64, Height = 48;
        var random = new Random(16);
        var samples = new ushort[Width * Height];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)random.Next(65536);
        }

        using DecodedImage image = SkiaImageDecoder.Instance.Decode(PngWriter.WriteGray16(Width, Height, samples), "g16.png", ImageDecodeOptions.Default);
        PixelBuffer pixels = image.Pixels;
        int bytesPerPixel = pixels.Format.BytesPerPixel();
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                // Whatever the decoder's layout, the grey value (first channel) is the 16-bit sample scaled to 0..255.
                int actual = pixels.Pixels[(y * pixels.Stride) + (x * bytesPerPixel)];
                double expected = samples[(y * Width) + x] / 257.0;
                Assert.True(Math.Abs(actual - expected) <= 1, $"({x},{y}): {samples[(y * Width) + x]} -> {actual}");
            }
        }
    }
}
