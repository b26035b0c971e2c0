namespace HashMatch.Evaluation;

/// <summary>Edits applied to originals to make the copies a matcher should still find. The parameter of each is documented on its member.</summary>
public enum TransformKind
{
    /// <summary>Scale both sides by the parameter (0.1–3); enlarging stops at a 4096-pixel long side (<see cref="ImageTransformer.MaxSide"/>).</summary>
    Resize,

    /// <summary>Re-encode as JPEG at the parameter's quality (10–95).</summary>
    Jpeg,

    /// <summary>Cut the parameter's fraction (0.01–0.3) of each side, split at random between the two edges.</summary>
    Crop,

    /// <summary>Add borders of a random colour, the parameter's fraction (0.01–0.3) of each side in total.</summary>
    Pad,

    /// <summary>Rotate by the parameter in degrees (0.5–15) about the centre, same canvas, corners filled.</summary>
    Rotate,

    /// <summary>Rotate by a quarter turn: the parameter is 90, 180 or 270 degrees counter-clockwise.</summary>
    QuarterTurn,

    /// <summary>Mirror: parameter 0 left-right, 1 top-bottom.</summary>
    Flip,

    /// <summary>Gaussian blur with sigma equal to the parameter percent (0.25–4) of the short side.</summary>
    Blur,

    /// <summary>Unsharp-mask style sharpening of the parameter's strength (0.5–4).</summary>
    Sharpen,

    /// <summary>Gaussian noise with the parameter's standard deviation (5–40 of 255) per channel.</summary>
    Noise,

    /// <summary>Gamma curve with the parameter's exponent (0.5–2.2).</summary>
    Gamma,

    /// <summary>Add the parameter (−60..60 of 255) to every channel.</summary>
    Brightness,

    /// <summary>Scale contrast about mid-grey by the parameter (0.5–2).</summary>
    Contrast,

    /// <summary>Convert to grey (Rec. 601 luma).</summary>
    Grayscale,

    /// <summary>Rotate hue by the parameter in degrees (30–180).</summary>
    HueShift,

    /// <summary>Semi-opaque text/watermark boxes covering the parameter's fraction (0.01–0.3) of the area.</summary>
    Overlay,

    /// <summary>A caption bar with text added above or below, the parameter's fraction (0.05–0.3) of the height.</summary>
    Caption,

    /// <summary>Stretch the width by the parameter (0.5–2), height unchanged.</summary>
    Aspect,

    /// <summary>Place the image inside a larger screenshot-like frame; it covers the parameter's fraction (0.3–0.9) of the frame's area.</summary>
    Screenshot,

    /// <summary>
    /// A 1080 × 2340 phone screenshot of a post: the picture (full-width or indented with rounded corners) inside app
    /// chrome, text above and below; parameter 0 light, 1 dark.
    /// </summary>
    PhoneScreenshot,

    /// <summary>
    /// A 1080 × 2340 phone screenshot of a feed: the post as in <see cref="PhoneScreenshot"/>, and the next post's
    /// different picture below it; parameter 0 light, 1 dark.
    /// </summary>
    PhoneFeed,

    /// <summary>A 2 × 2 collage of the picture and three others, with gutters of the parameter (0.01–0.06) × the tile's width.</summary>
    Collage,

    /// <summary>The picture scaled by the parameter (0.4–0.6 of each side) over another picture, without a frame.</summary>
    PictureInPicture,

    // Issue 24 (local features, docs/local-features.md): the edits PDQ cannot survive. One block, so kinds added for
    // other work merge beside it.

    /// <summary>Cut the parameter's fraction (0.03–0.1) of the width or of the height from one side chosen at random.</summary>
    SideCrop,

    /// <summary>Meme text: lines of white, dark-outlined text drawn straight over the picture in a band at the top and one at the bottom, each the parameter's fraction (0.1–0.2) of the height.</summary>
    MemeText,

    /// <summary>Opaque stickers (discs, rounded squares, stars in random colours) covering the parameter's fraction (0.05–0.1) of the area.</summary>
    Sticker,

    /// <summary>The chain: cut the parameter's fraction (0.05) from one side, resize to 0.75, mirror left-right, re-encode as JPEG at quality 75.</summary>
    CropMirrorJpeg,
}
