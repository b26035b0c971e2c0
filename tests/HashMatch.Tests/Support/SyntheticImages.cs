using SkiaSharp;

namespace HashMatch.Tests.Support;

/// <summary>Deterministic, benign test pictures drawn with SkiaSharp: gradients, shapes and lines from a seed.</summary>
internal static class SyntheticImages
{
    /// <summary>A <paramref name="width"/> × <paramref name="height"/> RGBA picture cleared to <paramref name="background"/>, then drawn on by <paramref name="draw"/>.</summary>
    public static SKBitmap Canvas(int width, int height, SKColor background, Action<SKCanvas> draw)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(background);
        draw(canvas);
        return bitmap;
    }

    /// <summary>Re-encoded as JPEG at <paramref name="quality"/> and decoded again as RGBA, as re-sharing does.</summary>
    public static SKBitmap Jpeg(SKBitmap bitmap, int quality)
    {
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return SKBitmap.Decode(data).Copy(SKColorType.Rgba8888);
    }

    /// <summary>Draws a picture with enough structure to give a high-quality PDQ hash.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="seed">Chooses colours and shapes.</param>
    /// <param name="blurSigma">Softens the shapes' edges (in pixels), as optics do in photographs; 0 for hard edges.</param>
    public static SKBitmap Draw(int width, int height, int seed, float blurSigma = 0)
    {
        var random = new Random(seed);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(bitmap);
        using (var shader = SKShader.CreateLinearGradient(
            new SKPoint(0, 0), new SKPoint(width, height), [RandomColor(random), RandomColor(random)], SKShaderTileMode.Clamp))
        using (var background = new SKPaint { Shader = shader })
        {
            canvas.DrawRect(0, 0, width, height, background);
        }

        using var blur = blurSigma > 0 ? SKImageFilter.CreateBlur(blurSigma, blurSigma) : null;
        using var paint = new SKPaint { IsAntialias = true, ImageFilter = blur };
        for (int i = 0; i < 12; i++)
        {
            paint.Color = RandomColor(random);
            float x = (float)random.NextDouble() * width, y = (float)random.NextDouble() * height;
            float size = (float)(0.05 + (random.NextDouble() * 0.3)) * Math.Min(width, height);
            if (i % 2 == 0)
            {
                canvas.DrawCircle(x, y, size, paint);
            }
            else
            {
                canvas.DrawRect(x, y, size * 1.5f, size, paint);
            }
        }

        return bitmap;
    }

    /// <summary>Encodes a drawn picture.</summary>
    public static byte[] Encode(int width, int height, int seed, SKEncodedImageFormat format, int quality = 90, float blurSigma = 0)
    {
        using SKBitmap bitmap = Draw(width, height, seed, blurSigma);
        using SKData data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    private static SKColor RandomColor(Random random) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
}
