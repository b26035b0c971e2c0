using System.Globalization;

namespace HashMatch.Evaluation;

/// <summary>One transform at one strength, e.g. JPEG at quality 30.</summary>
/// <param name="Kind">The edit.</param>
/// <param name="Parameter">Its strength, in the unit <see cref="TransformKind"/> documents.</param>
public readonly record struct ImageTransform(TransformKind Kind, double Parameter)
{
    /// <summary>Short label, e.g. "jpeg 30" or "grayscale".</summary>
    public override string ToString() => Kind == TransformKind.Grayscale
        ? "grayscale"
        : $"{TransformKindNames.Name(Kind)} {Parameter.ToString("0.###", CultureInfo.InvariantCulture)}";

    /// <summary>Whether the edit turns or mirrors the picture, so that only dihedral matching can find the copy.</summary>
    public bool IsDihedral => Kind is TransformKind.QuarterTurn or TransformKind.Flip;
}
