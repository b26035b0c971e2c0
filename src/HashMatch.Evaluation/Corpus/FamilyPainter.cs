using SkiaSharp;

namespace HashMatch.Evaluation;

/// <summary>Draws one picture of a given <see cref="ImageFamily"/> into a canvas region, from one random stream.</summary>
internal sealed class FamilyPainter(Random random)
{
    // Noise and texture fields are computed on a grid of at most this many pixels a side and drawn scaled with
    // linear filtering: they are smooth, and a 4000-pixel field per pixel would dominate the run time.
    private const int FieldSide = 320;

    public void Draw(SKCanvas canvas, ImageFamily family, SKSizeI size)
    {
        switch (family)
        {
            case ImageFamily.Gradient: Gradient(canvas, size); break;
            case ImageFamily.Shapes: Shapes(canvas, size); break;
            case ImageFamily.Polygons: Polygons(canvas, size); break;
            case ImageFamily.Plasma: Field(canvas, size, texture: false); break;
            case ImageFamily.Texture: Field(canvas, size, texture: true); break;
            case ImageFamily.Tiles: Tiles(canvas, size); break;
            case ImageFamily.Document: Document(canvas, size, random, random); break;
            case ImageFamily.Screenshot: Screenshot(canvas, size); break;
            case ImageFamily.Chart: Chart(canvas, size); break;
            case ImageFamily.Composition: Composition(canvas, size); break;
            case ImageFamily.NearFlat: NearFlat(canvas, size); break;
            default: throw new ArgumentOutOfRangeException(nameof(family), family, "Pair families are drawn by the generator.");
        }
    }

    /// <summary>A rectangle covering 2–8 % of the area, somewhere inside.</summary>
    public SKRect SmallRegion(SKSizeI size)
    {
        double area = (0.02 + (0.06 * random.NextDouble())) * size.Width * size.Height;
        double aspect = 0.5 + random.NextDouble();
        float w = (float)Math.Min(size.Width, Math.Sqrt(area * aspect)), h = (float)Math.Min(size.Height, area / Math.Max(1, w));
        float x = (float)(random.NextDouble() * (size.Width - w)), y = (float)(random.NextDouble() * (size.Height - h));
        return SKRect.Create(x, y, Math.Max(2, w), Math.Max(2, h));
    }

    private SKColor Colour(byte alpha = 255) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), alpha);

    private SKPoint PointIn(SKSizeI size) => new((float)(random.NextDouble() * size.Width), (float)(random.NextDouble() * size.Height));

    private void Gradient(SKCanvas canvas, SKSizeI size)
    {
        int stops = 2 + random.Next(4);
        SKColor[] colours = [.. Enumerable.Range(0, stops).Select(_ => Colour())];
        float[] positions = [.. Enumerable.Range(0, stops).Select(i => i / (float)(stops - 1))];
        SKShader shader = random.Next(3) switch
        {
            0 => SKShader.CreateLinearGradient(PointIn(size), PointIn(size), colours, positions, SKShaderTileMode.Mirror),
            1 => SKShader.CreateRadialGradient(PointIn(size), (float)((0.2 + random.NextDouble()) * Math.Max(size.Width, size.Height)), colours, positions, SKShaderTileMode.Mirror),
            _ => SKShader.CreateSweepGradient(PointIn(size), colours, positions),
        };
        using (shader)
        using (var paint = new SKPaint { Shader = shader })
        {
            canvas.DrawRect(0, 0, size.Width, size.Height, paint);
        }
    }

    private void Shapes(SKCanvas canvas, SKSizeI size)
    {
        canvas.Clear(Colour());
        int count = 3 + random.Next(40);
        float scale = Math.Max(size.Width, size.Height);
        using var paint = new SKPaint { IsAntialias = true };
        for (int i = 0; i < count; i++)
        {
            paint.Color = Colour((byte)(120 + random.Next(136)));
            paint.Style = random.Next(3) == 0 ? SKPaintStyle.Stroke : SKPaintStyle.Fill;
            paint.StrokeWidth = 1 + (float)(random.NextDouble() * scale * 0.03);
            SKPoint c = PointIn(size);
            float r = (float)(scale * (0.02 + (0.3 * random.NextDouble())));
            switch (random.Next(4))
            {
                case 0: canvas.DrawCircle(c, r, paint); break;
                case 1: canvas.DrawRect(c.X - r, c.Y - (r / 2), 2 * r * (float)random.NextDouble() + 2, r + 2, paint); break;
                case 2: canvas.DrawOval(c, new SKSize(r, r * (float)(0.3 + random.NextDouble())), paint); break;
                default: canvas.DrawLine(c, PointIn(size), paint); break;
            }
        }
    }

    private void Polygons(SKCanvas canvas, SKSizeI size)
    {
        canvas.Clear(Colour());
        int count = 2 + random.Next(15);
        float scale = Math.Max(size.Width, size.Height);
        using var paint = new SKPaint { IsAntialias = true };
        for (int i = 0; i < count; i++)
        {
            paint.Color = Colour((byte)(150 + random.Next(106)));
            using var path = new SKPathBuilder();
            SKPoint c = PointIn(size);
            float r = (float)(scale * (0.05 + (0.35 * random.NextDouble())));
            int corners = 3 + random.Next(8);
            bool star = random.Next(3) == 0;
            double turn = random.NextDouble() * Math.PI;
            for (int k = 0; k < corners * (star ? 2 : 1); k++)
            {
                double angle = turn + (k * Math.PI * 2 / (corners * (star ? 2 : 1)));
                float radius = star && k % 2 == 1 ? r * 0.45f : r * (float)(0.6 + (0.4 * random.NextDouble()));
                var p = new SKPoint(c.X + (radius * (float)Math.Cos(angle)), c.Y + (radius * (float)Math.Sin(angle)));
                if (k == 0)
                {
                    path.MoveTo(p);
                }
                else
                {
                    path.LineTo(p);
                }
            }

            path.Close();
            using (SKPath shape = path.Detach())
            {
                canvas.DrawPath(shape, paint);
            }
        }
    }

    /// <summary>Plasma (fractal value noise through a palette) or a natural-looking texture (noise-distorted rings, veins or ripples).</summary>
    private void Field(SKCanvas canvas, SKSizeI size, bool texture)
    {
        float fieldScale = Math.Min(1f, FieldSide / (float)Math.Max(size.Width, size.Height));
        int fw = Math.Max(2, (int)(size.Width * fieldScale)), fh = Math.Max(2, (int)(size.Height * fieldScale));
        var noise = new ValueNoise(random.Next());
        SKColor[] palette = [Colour(), Colour(), Colour(), Colour()];
        int octaves = 2 + random.Next(5);
        double frequency = (1.5 + (random.NextDouble() * 8)) / Math.Max(fw, fh);
        int kind = random.Next(3);
        double rings = 4 + (random.NextDouble() * 20), warp = 1 + (random.NextDouble() * 6);
        var centre = (X: random.NextDouble() * fw, Y: random.NextDouble() * fh);
        using var field = new SKBitmap(new SKImageInfo(fw, fh, SKColorType.Rgba8888, SKAlphaType.Premul));
        Span<byte> pixels = field.GetPixelSpan();
        for (int y = 0; y < fh; y++)
        {
            for (int x = 0; x < fw; x++)
            {
                double n = noise.Fractal(x * frequency, y * frequency, octaves);
                double v = !texture ? n : kind switch
                {
                    0 => Frac((Math.Sqrt(Sq(x - centre.X) + Sq(y - centre.Y)) / Math.Max(fw, fh) * rings) + (n * warp * 0.3)), // wood rings
                    1 => 0.5 + (0.5 * Math.Sin((x * rings / fw * Math.PI) + (n * warp * 3))),                               // marble veins
                    _ => 0.5 + (0.5 * Math.Sin((Math.Sqrt(Sq(x - centre.X) + Sq(y - centre.Y)) * rings / fw * 6) + (n * warp))), // ripples
                };
                SKColor c = Blend(palette, Math.Clamp(v, 0, 1));
                int at = ((y * fw) + x) * 4;
                pixels[at] = c.Red;
                pixels[at + 1] = c.Green;
                pixels[at + 2] = c.Blue;
                pixels[at + 3] = 255;
            }
        }

        using var image = SKImage.FromBitmap(field);
        canvas.DrawImage(image, new SKRect(0, 0, size.Width, size.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
    }

    private void Tiles(SKCanvas canvas, SKSizeI size)
    {
        int side = 8 + random.Next(Math.Max(9, Math.Min(size.Width, size.Height) / 3));
        using var tile = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var tileCanvas = new SKCanvas(tile))
        {
            tileCanvas.Clear(Colour());
            new FamilyPainter(random).Shapes(tileCanvas, new SKSizeI(side, side));
        }

        SKShaderTileMode mode = random.Next(2) == 0 ? SKShaderTileMode.Repeat : SKShaderTileMode.Mirror;
        SKMatrix matrix = SKMatrix.CreateRotationDegrees((float)(random.NextDouble() * 90));
        using var shader = SKShader.CreateBitmap(tile, mode, mode, matrix);
        using var paint = new SKPaint { Shader = shader };
        canvas.DrawRect(0, 0, size.Width, size.Height, paint);
    }

    /// <summary>A text page. Layout (margins, sizes, line lengths, table) comes from <paramref name="layout"/>, words from <paramref name="words"/>.</summary>
    public static void Document(SKCanvas canvas, SKSizeI size, Random layout, Random words)
    {
        byte paper = (byte)(235 + layout.Next(21));
        canvas.Clear(new SKColor(paper, paper, (byte)(paper - layout.Next(12))));
        float margin = size.Width * (float)(0.04 + (0.08 * layout.NextDouble()));
        float body = Math.Max(4, size.Height / (float)(28 + layout.Next(40)));
        using var ink = new SKPaint { Color = new SKColor((byte)layout.Next(60), (byte)layout.Next(60), (byte)layout.Next(90)), IsAntialias = true };
        float y = margin + (body * 2.5f);
        StrokeFont.Draw(canvas, StrokeFont.Line(words, (size.Width - (2 * margin)) * 0.7f, body * 2), margin, y, body * 2, ink);
        y += body * 2;
        bool table = layout.Next(3) == 0;
        float tableAt = size.Height * (float)(0.4 + (0.3 * layout.NextDouble()));
        while (y < size.Height - margin)
        {
            if (table && y >= tableAt)
            {
                y = DrawTable(canvas, size, layout, words, margin, y, body, ink);
                table = false;
                continue;
            }

            int lines = 2 + layout.Next(7);
            for (int l = 0; l < lines && y < size.Height - margin; l++)
            {
                y += body * 1.5f;
                float width = (size.Width - (2 * margin)) * (l == lines - 1 ? (float)(0.2 + (0.6 * layout.NextDouble())) : 1f);
                StrokeFont.Draw(canvas, StrokeFont.Line(words, width, body), margin, y, body, ink);
            }

            y += body * 1.2f;
        }
    }

    private static float DrawTable(SKCanvas canvas, SKSizeI size, Random layout, Random words, float margin, float y, float body, SKPaint ink)
    {
        int rows = 3 + layout.Next(6), columns = 2 + layout.Next(4);
        float cellW = (size.Width - (2 * margin)) / columns, cellH = body * 2;
        using var line = new SKPaint { Color = ink.Color, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1, body / 10), IsAntialias = true };
        for (int r = 0; r <= rows; r++)
        {
            canvas.DrawLine(margin, y + (r * cellH), size.Width - margin, y + (r * cellH), line);
        }

        for (int c = 0; c <= columns; c++)
        {
            canvas.DrawLine(margin + (c * cellW), y, margin + (c * cellW), y + (rows * cellH), line);
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                StrokeFont.Draw(canvas, StrokeFont.Line(words, cellW * 0.8f, body * 0.8f), margin + (c * cellW) + (body * 0.3f), y + ((r + 0.75f) * cellH), body * 0.8f, ink);
            }
        }

        return y + (rows * cellH) + body;
    }

    private void Screenshot(SKCanvas canvas, SKSizeI size)
    {
        canvas.Clear(new SKColor((byte)(200 + random.Next(56)), (byte)(200 + random.Next(56)), (byte)(200 + random.Next(56))));
        float unit = Math.Max(4, Math.Min(size.Width, size.Height) / 24f);
        using var paint = new SKPaint { IsAntialias = true };
        paint.Color = Colour();
        canvas.DrawRect(0, 0, size.Width, unit * 1.5f, paint);                       // title bar
        float sidebar = random.Next(2) == 0 ? size.Width * (float)(0.15 + (0.15 * random.NextDouble())) : 0;
        if (sidebar > 0)
        {
            paint.Color = Colour();
            canvas.DrawRect(0, unit * 1.5f, sidebar, size.Height, paint);
            using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
            for (float y = unit * 3; y < size.Height; y += unit * 1.6f)
            {
                StrokeFont.Draw(canvas, StrokeFont.Line(random, sidebar - unit, unit * 0.6f), unit * 0.5f, y, unit * 0.6f, text);
            }
        }

        float x0 = sidebar + unit, y0 = unit * 2.5f;
        int panels = 1 + random.Next(6);
        for (int p = 0; p < panels; p++)
        {
            var rect = SKRect.Create(
                x0 + (float)(random.NextDouble() * (size.Width - x0) * 0.5), y0 + (float)(random.NextDouble() * (size.Height - y0) * 0.6),
                (float)((0.2 + (0.5 * random.NextDouble())) * (size.Width - x0)), (float)((0.15 + (0.4 * random.NextDouble())) * (size.Height - y0)));
            paint.Color = random.Next(2) == 0 ? SKColors.White : Colour();
            canvas.DrawRoundRect(rect, unit * 0.3f, unit * 0.3f, paint);
            using var text = new SKPaint { Color = new SKColor(30, 30, 30), IsAntialias = true };
            for (float y = rect.Top + unit; y < rect.Bottom - (unit * 0.3f); y += unit * 0.9f)
            {
                StrokeFont.Draw(canvas, StrokeFont.Line(random, rect.Width - unit, unit * 0.5f), rect.Left + (unit * 0.4f), y, unit * 0.5f, text);
            }
        }

        int buttons = random.Next(5);
        for (int b = 0; b < buttons; b++)
        {
            paint.Color = Colour();
            var rect = SKRect.Create(x0 + (b * unit * 5), size.Height - (unit * 2), unit * 4.5f, unit * 1.3f);
            canvas.DrawRoundRect(rect, unit * 0.5f, unit * 0.5f, paint);
        }
    }

    private void Chart(SKCanvas canvas, SKSizeI size)
    {
        canvas.Clear(SKColors.White);
        float m = Math.Min(size.Width, size.Height) * 0.12f;
        var plot = new SKRect(m, m * 0.6f, size.Width - (m * 0.5f), size.Height - m);
        using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = Math.Max(1, m / 30), IsAntialias = true, Style = SKPaintStyle.Stroke };
        using var fill = new SKPaint { IsAntialias = true };
        int n = 3 + random.Next(20);
        switch (random.Next(3))
        {
            case 0: // bars
                for (int i = 0; i < n; i++)
                {
                    fill.Color = random.Next(3) == 0 ? Colour() : new SKColor(60, 110, 180);
                    float w = plot.Width / n, h = plot.Height * (float)random.NextDouble();
                    canvas.DrawRect(plot.Left + (i * w) + (w * 0.1f), plot.Bottom - h, w * 0.8f, h, fill);
                }

                break;
            case 1: // lines
                for (int s = 0; s < 1 + random.Next(4); s++)
                {
                    using var line = new SKPaint { Color = Colour(), StrokeWidth = Math.Max(1, m / 15), IsAntialias = true, Style = SKPaintStyle.Stroke };
                    using var path = new SKPathBuilder();
                    double v = random.NextDouble();
                    for (int i = 0; i < n * 3; i++)
                    {
                        v = Math.Clamp(v + ((random.NextDouble() - 0.5) * 0.3), 0, 1);
                        var p = new SKPoint(plot.Left + (plot.Width * i / ((n * 3) - 1)), plot.Bottom - (plot.Height * (float)v));
                        if (i == 0)
                        {
                            path.MoveTo(p);
                        }
                        else
                        {
                            path.LineTo(p);
                        }
                    }

                    using (SKPath shape = path.Detach())
            {
                canvas.DrawPath(shape, line);
            }
                }

                break;
            default: // pie
                float start = 0, radius = Math.Min(plot.Width, plot.Height) / 2;
                double[] parts = [.. Enumerable.Range(0, Math.Min(n, 8)).Select(_ => 0.2 + random.NextDouble())];
                foreach (double part in parts)
                {
                    fill.Color = Colour();
                    float sweep = (float)(360 * part / parts.Sum());
                    using var path = new SKPathBuilder();
                    path.MoveTo(plot.MidX, plot.MidY);
                    path.ArcTo(new SKRect(plot.MidX - radius, plot.MidY - radius, plot.MidX + radius, plot.MidY + radius), start, sweep, false);
                    path.Close();
                    using (SKPath shape = path.Detach())
            {
                canvas.DrawPath(shape, fill);
            }
                    start += sweep;
                }

                break;
        }

        canvas.DrawLine(plot.Left, plot.Top, plot.Left, plot.Bottom, axis);
        canvas.DrawLine(plot.Left, plot.Bottom, plot.Right, plot.Bottom, axis);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        StrokeFont.Draw(canvas, StrokeFont.Line(random, plot.Width * 0.6f, m * 0.35f), plot.Left, m * 0.45f, m * 0.35f, ink);
        for (int t = 0; t <= 4; t++)
        {
            StrokeFont.Draw(canvas, StrokeFont.Word(random), m * 0.1f, plot.Bottom - (plot.Height * t / 4), m * 0.2f, ink);
        }
    }

    private void Composition(SKCanvas canvas, SKSizeI size)
    {
        ImageFamily[] parts =
        [
            ImageFamily.Gradient, ImageFamily.Shapes, ImageFamily.Polygons, ImageFamily.Plasma, ImageFamily.Texture,
            ImageFamily.Tiles, ImageFamily.Document, ImageFamily.Chart,
        ];
        int regions = 2 + random.Next(3);
        bool vertical = random.Next(2) == 0;
        float at = 0, total = vertical ? size.Height : size.Width;
        for (int r = 0; r < regions; r++)
        {
            float length = r == regions - 1 ? total - at : total * (float)(0.15 + (0.6 * random.NextDouble() / regions));
            SKRect rect = vertical ? SKRect.Create(0, at, size.Width, length) : SKRect.Create(at, 0, length, size.Height);
            var region = new SKSizeI(Math.Max(1, (int)Math.Ceiling(rect.Width)), Math.Max(1, (int)Math.Ceiling(rect.Height)));
            canvas.Save();
            canvas.ClipRect(rect);
            canvas.Translate(rect.Left, rect.Top);
            Draw(canvas, parts[random.Next(parts.Length)], region);
            canvas.Restore();
            at += length;
        }
    }

    /// <summary>One colour with a gradient of a few levels and faint noise: almost no structure for PDQ to see.</summary>
    private void NearFlat(SKCanvas canvas, SKSizeI size)
    {
        SKColor baseColour = Colour();
        int delta = 1 + random.Next(4);
        SKColor other = new((byte)Math.Clamp(baseColour.Red + delta, 0, 255), (byte)Math.Clamp(baseColour.Green + delta, 0, 255), (byte)Math.Clamp(baseColour.Blue + delta, 0, 255));
        using (var shader = SKShader.CreateLinearGradient(PointIn(size), PointIn(size), [baseColour, other], SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { Shader = shader })
        {
            canvas.DrawRect(0, 0, size.Width, size.Height, paint);
        }

        using var speck = new SKPaint { Color = new SKColor(baseColour.Red, baseColour.Green, baseColour.Blue, 40) };
        int specks = (size.Width * size.Height) / 400;
        for (int i = 0; i < specks; i++)
        {
            SKPoint p = PointIn(size);
            speck.Color = random.Next(2) == 0 ? new SKColor(255, 255, 255, 12) : new SKColor(0, 0, 0, 12);
            canvas.DrawRect(p.X, p.Y, 2, 2, speck);
        }
    }

    private static double Sq(double v) => v * v;

    private static double Frac(double v) => v - Math.Floor(v);

    private static SKColor Blend(SKColor[] palette, double t)
    {
        double scaled = t * (palette.Length - 1);
        int i = Math.Min(palette.Length - 2, (int)scaled);
        double f = scaled - i;
        SKColor a = palette[i], b = palette[i + 1];
        return new SKColor(
            (byte)((a.Red * (1 - f)) + (b.Red * f)), (byte)((a.Green * (1 - f)) + (b.Green * f)), (byte)((a.Blue * (1 - f)) + (b.Blue * f)));
    }
}
