using SkiaSharp;

namespace HashMatch.Evaluation;

/// <summary>
/// A procedurally generated stroke alphabet for "text" in generated documents, screenshots and watermarks. It
/// looks like writing to a perceptual hash (strokes of text-like density and rhythm) and needs no font files, so
/// corpora are identical on machines with different fonts installed (or none, as with Skia's NoDependencies build).
/// </summary>
internal static class StrokeFont
{
    private const int GlyphCount = 36;

    // Each glyph: 2–4 strokes between points of a 3×5 grid in a unit cell 0.6 wide and 1 high; fixed seed, so the
    // alphabet never changes between runs or versions.
    private static readonly (float X0, float Y0, float X1, float Y1)[][] Glyphs = BuildGlyphs();

    /// <summary>Width of a glyph cell relative to the text size.</summary>
    public const float Advance = 0.72f;

    /// <summary>Draws <paramref name="text"/> with its baseline at <paramref name="y"/>; returns the width drawn.</summary>
    public static float Draw(SKCanvas canvas, string text, float x, float y, float size, SKPaint paint)
    {
        using var path = new SKPathBuilder();
        float pen = x;
        foreach (char c in text)
        {
            if (c != ' ')
            {
                foreach (var (x0, y0, x1, y1) in Glyphs[GlyphIndex(c)])
                {
                    path.MoveTo(pen + (x0 * size), y - size + (y0 * size));
                    path.LineTo(pen + (x1 * size), y - size + (y1 * size));
                }
            }

            pen += Advance * size;
        }

        using var stroke = paint.Clone();
        stroke.Style = SKPaintStyle.Stroke;
        stroke.StrokeWidth = Math.Max(1f, size * 0.09f);
        stroke.StrokeCap = SKStrokeCap.Round;
        using (SKPath shape = path.Detach())
            {
                canvas.DrawPath(shape, stroke);
            }
        return pen - x;
    }

    /// <summary>Width <see cref="Draw"/> would use.</summary>
    public static float Measure(string text, float size) => text.Length * Advance * size;

    /// <summary>A random word of 1–10 letters.</summary>
    public static string Word(Random random)
    {
        int length = 1 + Math.Min(9, (int)(-Math.Log(1 - random.NextDouble()) * 4));
        return string.Create(length, random, static (span, r) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + r.Next(26));
            }
        });
    }

    /// <summary>Random words up to about <paramref name="width"/> pixels at <paramref name="size"/>.</summary>
    public static string Line(Random random, float width, float size)
    {
        var words = new List<string>();
        int used = 0, limit = (int)(width / (Advance * size));
        while (true)
        {
            string word = Word(random);
            if (used + word.Length + 1 > limit)
            {
                break;
            }

            words.Add(word);
            used += word.Length + 1;
        }

        return string.Join(' ', words);
    }

    private static int GlyphIndex(char c) =>
        char.IsAsciiLetterLower(c) ? c - 'a' :
        char.IsAsciiLetterUpper(c) ? c - 'A' :
        char.IsAsciiDigit(c) ? 26 + (c - '0') :
        c % GlyphCount;

    private static (float, float, float, float)[][] BuildGlyphs()
    {
        var random = new Random(20261122);
        var glyphs = new (float, float, float, float)[GlyphCount][];
        for (int g = 0; g < GlyphCount; g++)
        {
            int strokes = 2 + random.Next(3);
            glyphs[g] = new (float, float, float, float)[strokes];
            for (int s = 0; s < strokes; s++)
            {
                (float x, float y) a = Point(random), b = Point(random);
                while (a == b)
                {
                    b = Point(random);
                }

                glyphs[g][s] = (a.x, a.y, b.x, b.y);
            }
        }

        return glyphs;
    }

    // Grid points: x in {0.05, 0.3, 0.55}, y in {0.1, 0.3, 0.5, 0.75, 1.0} (1.0 is the baseline).
    private static (float, float) Point(Random random) => (0.05f + (0.25f * random.Next(3)), random.Next(5) switch
    {
        0 => 0.1f,
        1 => 0.3f,
        2 => 0.5f,
        3 => 0.75f,
        _ => 1f,
    });
}
