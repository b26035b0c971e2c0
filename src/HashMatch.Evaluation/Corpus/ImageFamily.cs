namespace HashMatch.Evaluation;

/// <summary>The kinds of picture the synthetic corpus draws. All are abstract and benign by construction.</summary>
public enum ImageFamily
{
    /// <summary>Linear, radial and sweep gradients with several colour stops.</summary>
    Gradient,

    /// <summary>Random circles, rectangles, ovals and lines, filled and stroked.</summary>
    Shapes,

    /// <summary>Random polygons and stars.</summary>
    Polygons,

    /// <summary>Fractal value noise (several octaves), coloured through a random palette: plasma/cloud-like.</summary>
    Plasma,

    /// <summary>Noise-distorted periodic patterns: wood, marble and ripple-like natural textures.</summary>
    Texture,

    /// <summary>A small random tile repeated over the image.</summary>
    Tiles,

    /// <summary>A page of rendered text: heading, paragraphs, sometimes a table.</summary>
    Document,

    /// <summary>A screenshot-like layout: title bar, sidebar, buttons, panels and text.</summary>
    Screenshot,

    /// <summary>A bar, line or pie chart with axes and labels.</summary>
    Chart,

    /// <summary>Two to four pictures of the other families arranged in regions.</summary>
    Composition,

    /// <summary>Hard case: almost flat (one colour with a faint gradient and noise); PDQ quality is low.</summary>
    NearFlat,

    /// <summary>Hard case: pairs of pictures identical except for a small region.</summary>
    SmallRegionPair,

    /// <summary>Hard case: pairs of documents with the same layout and different words.</summary>
    SameLayoutText,
}
