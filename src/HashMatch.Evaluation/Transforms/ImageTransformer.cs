using SkiaSharp;

namespace HashMatch.Evaluation;

/// <summary>Applies an <see cref="ImageTransform"/> to a bitmap with SkiaSharp. Independent of the hashing code.</summary>
public static class ImageTransformer
{
    /// <summary>
    /// Enlarging stops at this long side: PDQ samples any image down to 512 pixels before filtering, so larger
    /// copies add time and memory, not information (a 3× resize of a 2000-pixel original would be 36 megapixels).
    /// </summary>
    public const int MaxSide = 4096;

    /// <summary>Returns a new bitmap (RGBA, opaque); <paramref name="random"/> drives positions, colours and noise.</summary>
    public static SKBitmap Apply(SKBitmap source, ImageTransform transform, Random random)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(random);
        int w = source.Width, h = source.Height;
        double p = transform.Parameter;
        return transform.Kind switch
        {
            TransformKind.Resize => Resample(source, Scaled(w, Math.Min(p, MaxSide / (double)Math.Max(w, h))), Scaled(h, Math.Min(p, MaxSide / (double)Math.Max(w, h)))),
            TransformKind.Jpeg => Jpeg(source, (int)p),
            TransformKind.Crop => Crop(source, p, random),
            TransformKind.Pad => Pad(source, p, random),
            TransformKind.Rotate => Rotate(source, (float)p, random),
            TransformKind.QuarterTurn => QuarterTurn(source, (int)p),
            TransformKind.Flip => Draw(w, h, c =>
            {
                c.Scale(p == 0 ? -1 : 1, p == 0 ? 1 : -1, w / 2f, h / 2f);
                c.DrawBitmap(source, 0, 0, SKSamplingOptions.Default, null);
            }),
            TransformKind.Blur => Filtered(source, SKImageFilter.CreateBlur((float)(p / 100 * Math.Min(w, h)), (float)(p / 100 * Math.Min(w, h)), SKShaderTileMode.Clamp)),
            TransformKind.Sharpen => Sharpen(source, (float)p),
            TransformKind.Noise => Noise(source, p, random),
            TransformKind.Gamma => Table(source, v => 255 * Math.Pow(v / 255.0, p)),
            TransformKind.Brightness => Table(source, v => v + p),
            TransformKind.Contrast => Table(source, v => 127.5 + ((v - 127.5) * p)),
            TransformKind.Grayscale => Coloured(source, SKColorFilter.CreateColorMatrix(
            [
                0.299f, 0.587f, 0.114f, 0, 0,
                0.299f, 0.587f, 0.114f, 0, 0,
                0.299f, 0.587f, 0.114f, 0, 0,
                0, 0, 0, 1, 0,
            ])),
            TransformKind.HueShift => Coloured(source, SKColorFilter.CreateColorMatrix(HueRotation(p))),
            TransformKind.Overlay => Overlay(source, p, random),
            TransformKind.Caption => Caption(source, p, random),
            TransformKind.Aspect => Resample(source, Scaled(w, p), h),
            TransformKind.Screenshot => Screenshot(source, p, random),
            TransformKind.PhoneScreenshot => CompositeTransforms.PhoneScreenshot(source, dark: p != 0, feed: false, random),
            TransformKind.PhoneFeed => CompositeTransforms.PhoneScreenshot(source, dark: p != 0, feed: true, random),
            TransformKind.Collage => CompositeTransforms.Collage(source, p, random),
            TransformKind.PictureInPicture => CompositeTransforms.PictureInPicture(source, p, random),
            TransformKind.SideCrop => SideCrop(source, p, random),
            TransformKind.MemeText => MemeText(source, p, random),
            TransformKind.Sticker => Sticker(source, p, random),
            TransformKind.CropMirrorJpeg => CropMirrorJpeg(source, p, random),
            _ => throw new ArgumentOutOfRangeException(nameof(transform), transform, "Unknown transform."),
        };
    }

    private static int Scaled(int side, double factor) => Math.Clamp((int)Math.Round(side * factor), 1, MaxSide);

    private static SKBitmap New(int w, int h) => new(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));

    private static SKBitmap Draw(int w, int h, Action<SKCanvas> draw)
    {
        SKBitmap result = New(w, h);
        using var canvas = new SKCanvas(result);
        canvas.Clear(SKColors.Black);
        draw(canvas);
        canvas.Flush();
        return result;
    }

    // Mitchell cubic when shrinking (as image editors and upload pipelines typically do), bilinear when enlarging
    // (cubic enlarging of megapixel images dominated the run time and changes nothing PDQ can see).
    private static SKBitmap Resample(SKBitmap source, int w, int h)
    {
        SKBitmap result = New(w, h);
        bool enlarging = (long)w * h > (long)source.Width * source.Height;
        source.ScalePixels(result, enlarging ? new SKSamplingOptions(SKFilterMode.Linear) : new SKSamplingOptions(SKCubicResampler.Mitchell));
        return result;
    }

    private static SKBitmap Jpeg(SKBitmap source, int quality)
    {
        using var image = SKImage.FromBitmap(source);
        using SKData data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        using SKBitmap decoded = SKBitmap.Decode(data);
        return decoded.Copy(SKColorType.Rgba8888);
    }

    private static SKBitmap Crop(SKBitmap source, double fraction, Random random)
    {
        int cutW = (int)Math.Round(source.Width * fraction), cutH = (int)Math.Round(source.Height * fraction);
        int left = random.Next(cutW + 1), top = random.Next(cutH + 1);
        int w = Math.Max(1, source.Width - cutW), h = Math.Max(1, source.Height - cutH);
        return Draw(w, h, c => c.DrawBitmap(source, -left, -top, SKSamplingOptions.Default, null));
    }

    private static SKBitmap Pad(SKBitmap source, double fraction, Random random)
    {
        int addW = (int)Math.Round(source.Width * fraction), addH = (int)Math.Round(source.Height * fraction);
        int left = random.Next(addW + 1), top = random.Next(addH + 1);
        var colour = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        return Draw(source.Width + addW, source.Height + addH, c =>
        {
            c.Clear(colour);
            c.DrawBitmap(source, left, top, SKSamplingOptions.Default, null);
        });
    }

    private static SKBitmap Rotate(SKBitmap source, float degrees, Random random)
    {
        float signed = random.Next(2) == 0 ? degrees : -degrees;
        SKColor fill = random.Next(2) == 0 ? SKColors.White : SKColors.Black;
        using var paint = new SKPaint { IsAntialias = true };
        return Draw(source.Width, source.Height, c =>
        {
            c.Clear(fill);
            c.RotateDegrees(signed, source.Width / 2f, source.Height / 2f);
            using var image = SKImage.FromBitmap(source);
            c.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), paint);
        });
    }

    private static SKBitmap QuarterTurn(SKBitmap source, int degrees)
    {
        bool swap = degrees % 180 != 0;
        int w = swap ? source.Height : source.Width, h = swap ? source.Width : source.Height;
        return Draw(w, h, c =>
        {
            c.Translate(w / 2f, h / 2f);
            c.RotateDegrees(-degrees); // counter-clockwise on screen
            c.Translate(-source.Width / 2f, -source.Height / 2f);
            c.DrawBitmap(source, 0, 0, SKSamplingOptions.Default, null);
        });
    }

    private static SKBitmap Filtered(SKBitmap source, SKImageFilter filter)
    {
        using (filter)
        using (var paint = new SKPaint { ImageFilter = filter })
        {
            return Draw(source.Width, source.Height, c => c.DrawBitmap(source, 0, 0, SKSamplingOptions.Default, paint));
        }
    }

    // 3×3 unsharp kernel: centre 1 + 4a, edge neighbours −a (sums to 1, so flat areas are unchanged). Applied here
    // rather than with SKImageFilter.CreateMatrixConvolution, which took about 1.7 s per image.
    private static SKBitmap Sharpen(SKBitmap source, float amount)
    {
        SKBitmap result = source.Copy(SKColorType.Rgba8888);
        int w = source.Width, h = source.Height, stride = result.RowBytes;
        ReadOnlySpan<byte> input = source.GetPixelSpan();
        Span<byte> output = result.GetPixelSpan();
        for (int y = 0; y < h; y++)
        {
            int up = Math.Max(0, y - 1) * stride, row = y * stride, down = Math.Min(h - 1, y + 1) * stride;
            for (int x = 0; x < w; x++)
            {
                int left = Math.Max(0, x - 1) * 4, here = x * 4, right = Math.Min(w - 1, x + 1) * 4;
                for (int c = 0; c < 3; c++)
                {
                    float neighbours = input[up + here + c] + input[down + here + c] + input[row + left + c] + input[row + right + c];
                    float value = ((1 + (4 * amount)) * input[row + here + c]) - (amount * neighbours);
                    output[row + here + c] = (byte)Math.Clamp(MathF.Round(value), 0, 255);
                }
            }
        }

        result.NotifyPixelsChanged();
        return result;
    }

    private static SKBitmap Coloured(SKBitmap source, SKColorFilter filter)
    {
        using (filter)
        using (var paint = new SKPaint { ColorFilter = filter })
        {
            return Draw(source.Width, source.Height, c => c.DrawBitmap(source, 0, 0, SKSamplingOptions.Default, paint));
        }
    }

    private static SKBitmap Table(SKBitmap source, Func<double, double> curve)
    {
        byte[] table = [.. Enumerable.Range(0, 256).Select(v => (byte)Math.Clamp(Math.Round(curve(v)), 0, 255))];
        byte[] identity = [.. Enumerable.Range(0, 256).Select(v => (byte)v)];
        return Coloured(source, SKColorFilter.CreateTable(identity, table, table, table));
    }

    // Hue rotation about the grey axis in the YIQ-like basis used by SVG's feColorMatrix "hueRotate" (W3C Filter Effects).
    private static float[] HueRotation(double degrees)
    {
        double r = degrees * Math.PI / 180, cos = Math.Cos(r), sin = Math.Sin(r);
        return
        [
            (float)(0.213 + (cos * 0.787) - (sin * 0.213)), (float)(0.715 - (cos * 0.715) - (sin * 0.715)), (float)(0.072 - (cos * 0.072) + (sin * 0.928)), 0, 0,
            (float)(0.213 - (cos * 0.213) + (sin * 0.143)), (float)(0.715 + (cos * 0.285) + (sin * 0.140)), (float)(0.072 - (cos * 0.072) - (sin * 0.283)), 0, 0,
            (float)(0.213 - (cos * 0.213) - (sin * 0.787)), (float)(0.715 - (cos * 0.715) + (sin * 0.715)), (float)(0.072 + (cos * 0.928) + (sin * 0.072)), 0, 0,
            0, 0, 0, 1, 0,
        ];
    }

    private static SKBitmap Noise(SKBitmap source, double sigma, Random random)
    {
        // Standard normal samples from a seeded table indexed by xorshift64 (G. Marsaglia, "Xorshift RNGs", J. Stat.
        // Software 2003): per-pixel Box–Muller with System.Random took most of a run's time on large images.
        const int TableSize = 1 << 16;
        var gaussian = new float[TableSize];
        for (int i = 0; i < TableSize; i++)
        {
            gaussian[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        ulong state = (ulong)random.NextInt64() | 1;
        SKBitmap result = source.Copy(SKColorType.Rgba8888);
        Span<byte> pixels = result.GetPixelSpan();
        for (int i = 0; i < pixels.Length; i += 4)
        {
            for (int c = 0; c < 3; c++)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                pixels[i + c] = (byte)Math.Clamp(MathF.Round(pixels[i + c] + (gaussian[(int)(state >> 48)] * (float)sigma)), 0, 255);
            }
        }

        result.NotifyPixelsChanged();
        return result;
    }

    private static SKBitmap Overlay(SKBitmap source, double coverage, Random random)
    {
        int w = source.Width, h = source.Height;
        return Draw(w, h, c =>
        {
            c.DrawBitmap(source, 0, 0, SKSamplingOptions.Default, null);
            double remaining = coverage * w * h;
            using var box = new SKPaint { Color = new SKColor(255, 255, 255, (byte)(140 + random.Next(100))) };
            using var ink = new SKPaint { Color = new SKColor((byte)random.Next(80), (byte)random.Next(80), (byte)random.Next(80), 230), IsAntialias = true };
            while (remaining > 1)
            {
                // One to a few boxes of text, as a watermark, a sticker or a caption pasted onto the picture.
                double area = Math.Max(remaining * (0.4 + (0.6 * random.NextDouble())), Math.Min(remaining, 16));
                float bw = (float)Math.Min(w, Math.Sqrt(area * (1.5 + (2 * random.NextDouble())))), bh = (float)Math.Min(h, area / Math.Max(1, bw));
                float x = (float)(random.NextDouble() * (w - bw)), y = (float)(random.NextDouble() * (h - bh));
                c.DrawRect(x, y, bw, bh, box);
                float size = Math.Max(3, bh / 2.2f);
                StrokeFont.Draw(c, StrokeFont.Line(random, bw * 0.9f, size), x + (bw * 0.05f), y + (bh * 0.7f), size, ink);
                remaining -= bw * bh;
            }
        });
    }

    private static SKBitmap Caption(SKBitmap source, double fraction, Random random)
    {
        int bar = Math.Max(1, (int)Math.Round(source.Height * fraction));
        bool top = random.Next(2) == 0;
        bool dark = random.Next(2) == 0;
        return Draw(source.Width, source.Height + bar, c =>
        {
            c.Clear(dark ? SKColors.Black : SKColors.White);
            c.DrawBitmap(source, 0, top ? bar : 0, SKSamplingOptions.Default, null);
            using var ink = new SKPaint { Color = dark ? SKColors.White : SKColors.Black, IsAntialias = true };
            float size = Math.Max(3, bar * 0.45f);
            StrokeFont.Draw(c, StrokeFont.Line(random, source.Width * 0.9f, size), source.Width * 0.05f, (top ? 0 : source.Height) + (bar * 0.72f), size, ink);
        });
    }

    private static SKBitmap Screenshot(SKBitmap source, double cover, Random random)
    {
        // The frame keeps the picture's aspect ratio plus UI around it: title bar, side panel, text.
        double scale = 1 / Math.Sqrt(cover);
        int w = Math.Min(MaxSide, (int)Math.Round(source.Width * scale)), h = Math.Min(MaxSide, (int)Math.Round(source.Height * scale));
        int left = random.Next(Math.Max(1, w - source.Width)), top = random.Next(Math.Max(1, h - source.Height));
        var ui = new SKColor((byte)(220 + random.Next(36)), (byte)(220 + random.Next(36)), (byte)(220 + random.Next(36)));
        return Draw(w, h, c =>
        {
            c.Clear(ui);
            using var bar = new SKPaint { Color = new SKColor((byte)random.Next(120), (byte)random.Next(120), (byte)(80 + random.Next(176))) };
            c.DrawRect(0, 0, w, Math.Max(2, h / 20f), bar);
            using var ink = new SKPaint { Color = new SKColor(40, 40, 40), IsAntialias = true };
            float size = Math.Max(3, h / 50f);
            for (float y = h / 10f; y < h; y += size * 1.8f)
            {
                StrokeFont.Draw(c, StrokeFont.Line(random, w * 0.9f, size), w * 0.05f, y, size, ink);
            }

            c.DrawBitmap(source, left, top, SKSamplingOptions.Default, null);
        });
    }

    private static SKBitmap SideCrop(SKBitmap source, double fraction, Random random)
    {
        int side = random.Next(4); // left, top, right, bottom
        bool horizontal = side % 2 == 0;
        int cut = (int)Math.Round((horizontal ? source.Width : source.Height) * fraction);
        int w = Math.Max(1, source.Width - (horizontal ? cut : 0)), h = Math.Max(1, source.Height - (horizontal ? 0 : cut));
        int left = side == 0 ? cut : 0, top = side == 1 ? cut : 0;
        return Draw(w, h, c => c.DrawBitmap(source, -left, -top, SKSamplingOptions.Default, null));
    }

    // Meme captions: white letters with a dark outline straight over the picture (no bar behind them), one to two
    // lines in a band at the top and at the bottom.
    private static SKBitmap MemeText(SKBitmap source, double band, Random random)
    {
        int w = source.Width, h = source.Height;
        return Draw(w, h, c =>
        {
            c.DrawBitmap(source, 0, 0, SKSamplingOptions.Default, null);
            float bandHeight = (float)(band * h);
            foreach (float bandTop in new[] { 0f, h - bandHeight })
            {
                int lines = 1 + random.Next(2);
                float size = Math.Max(3, bandHeight / lines * 0.7f);
                using var outline = new SKPaint { Color = SKColors.Black, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1, size * 0.28f) };
                using var fill = new SKPaint { Color = SKColors.White, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1, size * 0.14f) };
                for (int line = 0; line < lines; line++)
                {
                    string text = StrokeFont.Line(random, w * 0.9f, size).ToUpperInvariant();
                    float x = (w - StrokeFont.Measure(text, size)) / 2, y = bandTop + ((line + 1) * bandHeight / lines) - (size * 0.2f);
                    StrokeFont.Draw(c, text, x, y, size, outline);
                    StrokeFont.Draw(c, text, x, y, size, fill);
                }
            }
        });
    }

    // Opaque stickers — discs, rounded squares and five-pointed stars in saturated colours — pasted at random places
    // until they cover the parameter's share of the area (overlaps count once per sticker, so coverage is approximate).
    private static SKBitmap Sticker(SKBitmap source, double coverage, Random random)
    {
        int w = source.Width, h = source.Height;
        return Draw(w, h, c =>
        {
            c.DrawBitmap(source, 0, 0, SKSamplingOptions.Default, null);
            double remaining = coverage * w * h;
            using var paint = new SKPaint { IsAntialias = true };
            while (remaining > 1)
            {
                double area = Math.Max(remaining * (0.3 + (0.7 * random.NextDouble())), Math.Min(remaining, 16));
                float side = (float)Math.Min(Math.Min(w, h), Math.Sqrt(area));
                float x = (float)(random.NextDouble() * (w - side)), y = (float)(random.NextDouble() * (h - side));
                paint.Color = SKColor.FromHsv((float)(random.NextDouble() * 360), 70 + (float)(random.NextDouble() * 30), 80 + (float)(random.NextDouble() * 20));
                switch (random.Next(3))
                {
                    case 0:
                        c.DrawOval(x + (side / 2), y + (side / 2), side / 2, side / 2, paint);
                        break;
                    case 1:
                        c.DrawRoundRect(x, y, side, side, side / 5, side / 5, paint);
                        break;
                    default:
                        using (var star = new SKPathBuilder())
                        {
                            for (int k = 0; k < 10; k++)
                            {
                                double radius = (k % 2 == 0 ? 0.5 : 0.22) * side, angle = (Math.PI * k / 5) - (Math.PI / 2);
                                var point = new SKPoint(x + (side / 2) + (float)(radius * Math.Cos(angle)), y + (side / 2) + (float)(radius * Math.Sin(angle)));
                                if (k == 0)
                                {
                                    star.MoveTo(point);
                                }
                                else
                                {
                                    star.LineTo(point);
                                }
                            }

                            star.Close();
                            using SKPath shape = star.Detach();
                            c.DrawPath(shape, paint);
                        }

                        break;
                }

                remaining -= side * side;
            }
        });
    }

    private static SKBitmap CropMirrorJpeg(SKBitmap source, double fraction, Random random)
    {
        using SKBitmap cropped = SideCrop(source, fraction, random);
        using SKBitmap resized = Resample(cropped, Scaled(cropped.Width, 0.75), Scaled(cropped.Height, 0.75));
        using SKBitmap mirrored = Draw(resized.Width, resized.Height, c =>
        {
            c.Scale(-1, 1, resized.Width / 2f, resized.Height / 2f);
            c.DrawBitmap(resized, 0, 0, SKSamplingOptions.Default, null);
        });
        return Jpeg(mirrored, 75);
    }
}
