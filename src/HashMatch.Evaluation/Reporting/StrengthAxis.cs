using System.Globalization;

namespace HashMatch.Evaluation;

/// <summary>How the strength of one transform kind is drawn on a recall panel.</summary>
internal enum StrengthScale
{
    /// <summary>The parameter as is.</summary>
    Linear,

    /// <summary>log10 of the parameter: factors (resize, gamma, contrast, aspect) and doubling series.</summary>
    Log,

    /// <summary>No axis of magnitudes: one bar per level (quarter turns, flips, grayscale).</summary>
    Categories,
}

/// <summary>
/// The x axis of a transform's recall panel in the transform's own unit: JPEG quality, fraction cut, degrees,
/// levels of 255, a factor on a log scale. Axes run from mild on the left to severe on the right where strength is
/// one-sided (JPEG quality and screenshot cover are reversed for that); for two-sided edits (resize, gamma,
/// contrast, aspect, brightness) a dashed line marks "unchanged" and severity grows away from it in both directions.
/// </summary>
/// <param name="Label">Axis label, with the unit.</param>
/// <param name="Scale">How positions are computed.</param>
/// <param name="Format">Tick label of a level.</param>
/// <param name="Unchanged">The parameter value that leaves the picture unchanged, marked on the axis; null when there is none.</param>
/// <param name="Reversed">Whether larger parameters are milder (drawn right to left).</param>
internal sealed record StrengthAxis(string Label, StrengthScale Scale, Func<double, string> Format, double? Unchanged = null, bool Reversed = false)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static StrengthAxis For(TransformKind kind) => kind switch
    {
        TransformKind.Resize => new("scale factor (log scale; away from 1× is stronger)", StrengthScale.Log, Factor, 1),
        TransformKind.Jpeg => new("JPEG quality (lower is stronger)", StrengthScale.Linear, v => v.ToString("0", Invariant), Reversed: true),
        TransformKind.Crop => new("cut from each side, both edges together", StrengthScale.Linear, Percent, 0),
        TransformKind.Pad => new("border added to each side, both edges together", StrengthScale.Linear, Percent, 0),
        TransformKind.Rotate => new("rotation (degrees)", StrengthScale.Linear, v => v.ToString("0.#", Invariant) + "°", 0),
        TransformKind.QuarterTurn => new("turn (counter-clockwise)", StrengthScale.Categories, v => v.ToString("0", Invariant) + "°"),
        TransformKind.Flip => new("mirror", StrengthScale.Categories, v => v == 0 ? "left-right" : "top-bottom"),
        TransformKind.Blur => new("Gaussian σ, % of the short side (log scale)", StrengthScale.Log, v => v.ToString("0.##", Invariant) + " %"),
        TransformKind.Sharpen => new("sharpening amount (log scale)", StrengthScale.Log, v => v.ToString("0.##", Invariant)),
        TransformKind.Noise => new("noise σ (levels of 255)", StrengthScale.Linear, v => v.ToString("0", Invariant), 0),
        TransformKind.Gamma => new("gamma exponent (log scale)", StrengthScale.Log, v => v.ToString("0.##", Invariant), 1),
        TransformKind.Brightness => new("offset added to every channel (levels of 255)", StrengthScale.Linear, v => v.ToString("+0;−0;0", Invariant), 0),
        TransformKind.Contrast => new("contrast factor about mid-grey (log scale)", StrengthScale.Log, Factor, 1),
        TransformKind.Grayscale => new("conversion", StrengthScale.Categories, _ => "grayscale"),
        TransformKind.HueShift => new("hue rotation (degrees)", StrengthScale.Linear, v => v.ToString("0", Invariant) + "°", 0),
        TransformKind.Overlay => new("area covered by text boxes", StrengthScale.Linear, Percent, 0),
        TransformKind.Caption => new("caption bar, share of the height", StrengthScale.Linear, Percent, 0),
        TransformKind.Aspect => new("width stretched by (log scale)", StrengthScale.Log, Factor, 1),
        TransformKind.Screenshot => new("picture's share of the frame (smaller is stronger)", StrengthScale.Linear, Percent, 1, Reversed: true),
        TransformKind.PhoneScreenshot or TransformKind.PhoneFeed => new("theme", StrengthScale.Categories, v => v == 0 ? "light" : "dark"),
        TransformKind.Collage => new("gutter, share of a tile's width", StrengthScale.Linear, Percent, 0),
        TransformKind.PictureInPicture => new("picture's scale inside the other (smaller is stronger)", StrengthScale.Linear, Factor, 1, Reversed: true),
        TransformKind.SideCrop => new("cut from one side", StrengthScale.Linear, Percent, 0),
        TransformKind.MemeText => new("text band at top and bottom, share of the height each", StrengthScale.Linear, Percent, 0),
        TransformKind.Sticker => new("area covered by opaque stickers", StrengthScale.Linear, Percent, 0),
        TransformKind.CropMirrorJpeg => new("cut from one side, then 0.75×, mirror, JPEG 75", StrengthScale.Linear, Percent, 0),
        _ => new("strength", StrengthScale.Linear, v => v.ToString("0.###", Invariant)),
    };

    /// <summary>Where a level sits on the axis.</summary>
    public double Position(double parameter) => Scale == StrengthScale.Log ? Math.Log10(parameter) : parameter;

    private static string Percent(double fraction) => (fraction * 100).ToString("0.#", Invariant) + " %";

    private static string Factor(double factor) => factor.ToString("0.##", Invariant) + "×";
}
