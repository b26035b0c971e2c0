namespace HashMatch.Pdq;

/// <summary>
/// A way of hashing a query image besides as it is, to find copies plain PDQ misses. Lists stay standard PDQ of the
/// stored picture; only the query is hashed several ways (docs/query-variants.md).
/// </summary>
public enum QueryVariant
{
    /// <summary>The query as it is.</summary>
    Original,

    /// <summary>The query's pixels turned 90° counter-clockwise, then hashed (finds a copy that was turned 90° clockwise).</summary>
    Rotate90,

    /// <summary>The query's pixels turned 180°.</summary>
    Rotate180,

    /// <summary>The query's pixels turned 270° counter-clockwise (90° clockwise).</summary>
    Rotate270,

    /// <summary>The query's pixels turned upside down.</summary>
    FlipX,

    /// <summary>The query's pixels mirrored left-right.</summary>
    FlipY,

    /// <summary>The query's pixels transposed about the main diagonal.</summary>
    FlipPlus1,

    /// <summary>The query's pixels transposed about the anti-diagonal.</summary>
    FlipMinus1,

    /// <summary>A small query (long side below 512) upscaled to a 512-pixel long side, against aliasing in PDQ's 64 × 64 decimation.</summary>
    Upscaled,

    /// <summary>The query with uniform borders (letterbox, pillarbox, padding of any colour) removed.</summary>
    Trimmed,

    /// <summary>The largest picture-like region inside the frame (a picture inside app chrome, with caption bars, in a meme template).</summary>
    Embedded,
}

/// <summary>Which <see cref="QueryVariant"/>s to hash a query with, besides the original.</summary>
[Flags]
public enum QueryVariants
{
    /// <summary>The query as it is only (plain PDQ).</summary>
    None = 0,

    /// <summary>The seven rotations and flips of the query's pixels, each through the full pipeline.</summary>
    PixelDihedral = 1,

    /// <summary><see cref="QueryVariant.Upscaled"/>, for queries whose long side is below 512.</summary>
    Upscale = 2,

    /// <summary><see cref="QueryVariant.Trimmed"/>, when the query has uniform borders.</summary>
    Trim = 4,

    /// <summary><see cref="QueryVariant.Embedded"/>, when a picture-like region is found inside the frame.</summary>
    Embedded = 8,

    /// <summary>Every variant.</summary>
    All = PixelDihedral | Upscale | Trim | Embedded,
}

/// <summary>One variant's hash of a query.</summary>
/// <param name="Variant">How the query was hashed.</param>
/// <param name="Result">The hash and its quality.</param>
public readonly record struct QueryVariantHash(QueryVariant Variant, PdqHashResult Result);

/// <summary>A list-side extra hash of an original (a crop), for entries flagged augmented.</summary>
/// <param name="Name">Which window: <c>crop95-c</c>, <c>crop90-tl</c>, ... (kept share of each side, then centre or corner).</param>
/// <param name="Result">The hash and its quality.</param>
public readonly record struct AugmentedHash(string Name, PdqHashResult Result);

/// <summary>Which <see cref="QueryVariants"/> flag asks for each <see cref="QueryVariant"/>.</summary>
internal static class VariantSet
{
    /// <summary>The flag of <paramref name="variant"/> (<see cref="QueryVariants.None"/> for the original).</summary>
    public static QueryVariants Of(QueryVariant variant) => variant switch
    {
        QueryVariant.Original => QueryVariants.None,
        >= QueryVariant.Rotate90 and <= QueryVariant.FlipMinus1 => QueryVariants.PixelDihedral,
        QueryVariant.Upscaled => QueryVariants.Upscale,
        QueryVariant.Trimmed => QueryVariants.Trim,
        QueryVariant.Embedded => QueryVariants.Embedded,
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown query variant."),
    };
}
