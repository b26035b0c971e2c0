using SkiaSharp;

namespace HashMatch.Evaluation;

/// <summary>
/// The transforms that put the known picture among other content, as pictures are re-shared (issue 23): a phone
/// screenshot of a post or of a feed, a tile of a 2 × 2 collage, a picture over another picture. The other content —
/// app chrome, lines of text, other pictures — is drawn here from the transform's random stream, so a copy depends
/// only on the original, the transform and the seed.
/// </summary>
internal static class CompositeTransforms
{
    /// <summary>The phone screen: 1080 × 2340 pixels, portrait, as current phones capture.</summary>
    public const int ScreenWidth = 1080, ScreenHeight = 2340;

    /// <summary>Families that look like photographs or illustrations, for the other pictures of a feed, collage or background.</summary>
    private static readonly ImageFamily[] OtherPictures =
        [ImageFamily.Plasma, ImageFamily.Texture, ImageFamily.Composition, ImageFamily.Shapes, ImageFamily.Polygons, ImageFamily.Gradient, ImageFamily.Chart];

    /// <summary>
    /// A phone screenshot of a post (<paramref name="feed"/> false) or of a feed (true: the next post's different
    /// picture follows below, cut off by the navigation bar), light or dark (<paramref name="dark"/>). The picture sits
    /// either full-width (a photo feed) or indented under an avatar with rounded corners and a hairline border (a
    /// microblog post), with a status bar, an app header, the author's name and lines of post text above it and action
    /// icons and replies below it.
    /// </summary>
    public static SKBitmap PhoneScreenshot(SKBitmap source, bool dark, bool feed, Random random)
    {
        SKColor background = dark ? (random.Next(2) == 0 ? SKColors.Black : new SKColor(21, 32, 43)) : (random.Next(2) == 0 ? SKColors.White : new SKColor(250, 250, 250));
        SKColor ink = dark ? new SKColor(231, 233, 234) : new SKColor(15, 20, 25);
        SKColor faint = dark ? new SKColor(113, 118, 123) : new SKColor(83, 100, 113);
        SKColor rule = dark ? new SKColor(47, 51, 54) : new SKColor(219, 222, 225);
        bool microblog = random.Next(2) == 0;
        int left = microblog ? 150 : 0, right = microblog ? 40 : 0;
        int width = ScreenWidth - left - right;
        int maxHeight = feed ? 1250 : 1450;
        double scale = Math.Min(width / (double)source.Width, maxHeight / (double)source.Height);
        int pictureWidth = Math.Max(1, (int)Math.Round(source.Width * scale)), pictureHeight = Math.Max(1, (int)Math.Round(source.Height * scale));
        int textLines = random.Next(feed ? 1 : 5);
        return Draw(ScreenWidth, ScreenHeight, background, c =>
        {
            using var inkPaint = new SKPaint { Color = ink, IsAntialias = true };
            using var faintPaint = new SKPaint { Color = faint, IsAntialias = true };
            using var rulePaint = new SKPaint { Color = rule, IsAntialias = true };

            // Status bar and app header with its rule.
            StrokeFont.Draw(c, "12:" + random.Next(10, 60), 60, 80, 38, inkPaint);
            c.DrawRect(900, 45, 120, 36, faintPaint);
            StrokeFont.Draw(c, StrokeFont.Line(random, 400, 48), 60, 200, 48, inkPaint);
            c.DrawRect(0, 250, ScreenWidth, 2, rulePaint);

            // The post: avatar, name and handle, post text, the picture, action icons, replies.
            float y = 290 + random.Next(60);
            y = PostHeader(c, y, inkPaint, faintPaint, random);
            for (int i = 0; i < textLines; i++)
            {
                StrokeFont.Draw(c, StrokeFont.Line(random, width, 40), left + 10, y + 40, 40, inkPaint);
                y += 58;
            }

            y += 20;
            int x = left + ((width - pictureWidth) / 2 * (microblog ? 0 : 1));
            var frame = SKRect.Create(x, y, pictureWidth, pictureHeight);
            DrawPicture(c, source, frame, microblog ? 28 : 0, microblog ? rulePaint : null);
            y += pictureHeight + 30;
            for (int i = 0; i < 4; i++)
            {
                c.DrawCircle(left + 40 + (i * width / 4f), y + 25, 22, faintPaint);
            }

            y += 90;
            while (y < ScreenHeight - 400 && !feed)
            {
                StrokeFont.Draw(c, StrokeFont.Line(random, width, 38), left + 10, y + 38, 38, faintPaint);
                y += 56;
            }

            c.DrawRect(0, y, ScreenWidth, 2, rulePaint);
            y += 30;
            if (feed)
            {
                // The next post, whose picture runs under the navigation bar.
                y = PostHeader(c, y, inkPaint, faintPaint, random);
                int nextHeight = 600 + random.Next(700);
                var next = SKRect.Create(left, y + 20, width, nextHeight);
                DrawOther(c, next, microblog ? 28 : 0, random);
            }
            else
            {
                while (y < ScreenHeight - 200)
                {
                    StrokeFont.Draw(c, StrokeFont.Line(random, width, 38), left + 10, y + 38, 38, faintPaint);
                    y += 56;
                }
            }

            // Navigation bar over whatever runs under it.
            using var bar = new SKPaint { Color = background };
            c.DrawRect(0, ScreenHeight - 150, ScreenWidth, 150, bar);
            c.DrawRect(0, ScreenHeight - 150, ScreenWidth, 2, rulePaint);
            for (int i = 0; i < 5; i++)
            {
                c.DrawRect(90 + (i * 210), ScreenHeight - 105, 54, 54, faintPaint);
            }
        });
    }

    /// <summary>
    /// A 2 × 2 collage: the picture in one tile (at random), three other pictures of the same size in the others,
    /// gutters of <paramref name="gutter"/> × the tile's width between them (and around them, half the time), of
    /// white, black or a random colour. The tiles keep the picture whole (a collage that crops each tile to a square
    /// is a crop as well).
    /// </summary>
    public static SKBitmap Collage(SKBitmap source, double gutter, Random random)
    {
        double scale = Math.Min(1, 1000.0 / Math.Max(source.Width, source.Height));
        int w = Math.Max(1, (int)Math.Round(source.Width * scale)), h = Math.Max(1, (int)Math.Round(source.Height * scale));
        int g = Math.Max(1, (int)Math.Round(w * gutter));
        int outer = random.Next(2) == 0 ? g : 0;
        SKColor colour = random.Next(3) switch
        {
            0 => SKColors.White,
            1 => SKColors.Black,
            _ => new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)),
        };
        int known = random.Next(4);
        return Draw((2 * w) + g + (2 * outer), (2 * h) + g + (2 * outer), colour, c =>
        {
            for (int tile = 0; tile < 4; tile++)
            {
                var frame = SKRect.Create(outer + ((tile % 2) * (w + g)), outer + ((tile / 2) * (h + g)), w, h);
                if (tile == known)
                {
                    DrawPicture(c, source, frame, 0, null);
                }
                else
                {
                    DrawOther(c, frame, 0, random);
                }
            }
        });
    }

    /// <summary>
    /// The picture scaled by <paramref name="scale"/> (each side) over another picture of the original's size, at a
    /// random place inside it, without a frame: a rectangle of different statistics inside a photograph.
    /// </summary>
    public static SKBitmap PictureInPicture(SKBitmap source, double scale, Random random)
    {
        double fit = Math.Min(1, 2000.0 / Math.Max(source.Width, source.Height));
        int w = Math.Max(1, (int)Math.Round(source.Width * fit)), h = Math.Max(1, (int)Math.Round(source.Height * fit));
        int insetW = Math.Max(1, (int)Math.Round(w * scale)), insetH = Math.Max(1, (int)Math.Round(h * scale));
        int x = random.Next(w - insetW + 1), y = random.Next(h - insetH + 1);
        return Draw(w, h, SKColors.Black, c =>
        {
            DrawOther(c, SKRect.Create(0, 0, w, h), 0, random);
            DrawPicture(c, source, SKRect.Create(x, y, insetW, insetH), 0, null);
        });
    }

    /// <summary>Avatar, name and handle of a post from <paramref name="y"/>; returns the line below them.</summary>
    private static float PostHeader(SKCanvas c, float y, SKPaint ink, SKPaint faint, Random random)
    {
        c.DrawCircle(80, y + 50, 48, faint);
        float nameWidth = StrokeFont.Draw(c, StrokeFont.Line(random, 300, 40), 150, y + 45, 40, ink);
        StrokeFont.Draw(c, "@" + StrokeFont.Word(random), 170 + nameWidth, y + 45, 36, faint);
        StrokeFont.Draw(c, StrokeFont.Line(random, 250, 34), 150, y + 95, 34, faint);
        return y + 120;
    }

    /// <summary>The picture scaled into <paramref name="frame"/>, with rounded corners and a hairline border when asked.</summary>
    private static void DrawPicture(SKCanvas c, SKBitmap source, SKRect frame, float radius, SKPaint? border)
    {
        using var image = SKImage.FromBitmap(source);
        c.Save();
        if (radius > 0)
        {
            c.ClipRoundRect(new SKRoundRect(frame, radius), SKClipOperation.Intersect, antialias: true);
        }

        c.DrawImage(image, frame, new SKSamplingOptions(SKCubicResampler.Mitchell));
        c.Restore();
        if (border is not null)
        {
            using var stroke = border.Clone();
            stroke.Style = SKPaintStyle.Stroke;
            stroke.StrokeWidth = 2;
            c.DrawRoundRect(new SKRoundRect(frame, radius), stroke);
        }
    }

    /// <summary>Another picture (a photograph-like family) drawn into <paramref name="frame"/>.</summary>
    private static void DrawOther(SKCanvas c, SKRect frame, float radius, Random random)
    {
        var painter = new FamilyPainter(random);
        ImageFamily family = OtherPictures[random.Next(OtherPictures.Length)];
        c.Save();
        if (radius > 0)
        {
            c.ClipRoundRect(new SKRoundRect(frame, radius), SKClipOperation.Intersect, antialias: true);
        }
        else
        {
            c.ClipRect(frame);
        }

        c.Translate(frame.Left, frame.Top);
        c.Clear(SKColors.White); // the families draw on white, as the generator's canvas is
        painter.Draw(c, family, new SKSizeI((int)frame.Width, (int)frame.Height));
        c.Restore();
    }

    private static SKBitmap Draw(int w, int h, SKColor background, Action<SKCanvas> draw)
    {
        var result = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(result);
        canvas.Clear(background);
        draw(canvas);
        canvas.Flush();
        return result;
    }
}
