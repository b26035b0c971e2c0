using System.Diagnostics.CodeAnalysis;

namespace HashMatch.Local;

/// <summary>
/// Where a query picture lies in a known picture, as <see cref="LocalIndex"/> estimated it: a similarity transform
/// from the query's pixels to the known picture's pixels, and the query's frame drawn into the known picture.
/// </summary>
/// <remarks>
/// Positions are stored on a grid of 1/128 of the long side, so expect errors of about 1 % of the long side in the
/// offset and crop box, and a degree or two in the rotation; the values are rounded to a thousandth (scale) and a
/// tenth (degrees, pixels). Pixel coordinates have (0, 0) at the top-left corner and
/// y pointing down.
/// </remarks>
[Experimental(LocalApi.DiagnosticId)]
public sealed class LocalTransform
{
    /// <summary>Known-picture pixels per query pixel: 0.5 when the query is the known picture enlarged twice.</summary>
    public required double Scale { get; init; }

    /// <summary>The rotation, in degrees in (−180, 180], that turns the query's content onto the known picture's; positive is clockwise on screen.</summary>
    public required double RotationDegrees { get; init; }

    /// <summary>Whether the query matched as its mirror image (left to right); the transform then applies to the mirrored query.</summary>
    public required bool Mirrored { get; init; }

    /// <summary>Where the query's top-left corner (0, 0) lands in the known picture, in its pixels (x).</summary>
    public required double OffsetX { get; init; }

    /// <summary>Where the query's top-left corner (0, 0) lands in the known picture, in its pixels (y).</summary>
    public required double OffsetY { get; init; }

    /// <summary>Left edge of the box around the query's frame in the known picture's pixels (may lie outside it: a query with borders).</summary>
    public required double CropLeft { get; init; }

    /// <summary>Top edge of the box around the query's frame in the known picture's pixels.</summary>
    public required double CropTop { get; init; }

    /// <summary>Right edge of the box around the query's frame in the known picture's pixels.</summary>
    public required double CropRight { get; init; }

    /// <summary>Bottom edge of the box around the query's frame in the known picture's pixels.</summary>
    public required double CropBottom { get; init; }
}
