namespace HashMatch;

/// <summary>
/// The eight dihedral variants of an image (rotations and flips), named as in Meta's reference
/// (<c>pdq-photo-hasher --pdqdih</c>). Each names the transform applied to the original image.
/// </summary>
public enum PdqVariant
{
    /// <summary>The image as stored.</summary>
    Original = 0,

    /// <summary>Turned 90° counter-clockwise.</summary>
    Rotate90 = 1,

    /// <summary>Turned 180°.</summary>
    Rotate180 = 2,

    /// <summary>Turned 270° counter-clockwise (90° clockwise).</summary>
    Rotate270 = 3,

    /// <summary>Upside down: top and bottom swapped.</summary>
    FlipX = 4,

    /// <summary>Left-right mirror.</summary>
    FlipY = 5,

    /// <summary>Transposed about the main diagonal (top-left to bottom-right).</summary>
    FlipPlus1 = 6,

    /// <summary>Transposed about the anti-diagonal (top-right to bottom-left).</summary>
    FlipMinus1 = 7,
}
