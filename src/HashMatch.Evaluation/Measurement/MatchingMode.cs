using HashMatch.Pdq;

namespace HashMatch.Evaluation;

/// <summary>
/// How a copy is matched in a run: plain PDQ, with one kind of query variant, with all of them, or against a list
/// that also holds list-side crops of each original. Every mode is measured on the same copies.
/// </summary>
public enum MatchingMode
{
    /// <summary>The copy's PDQ hash against the original's.</summary>
    Plain,

    /// <summary>The copy and its seven pixel rotations and flips.</summary>
    PixelDihedral,

    /// <summary>The copy and, when small, the copy upscaled to 512.</summary>
    Upscale,

    /// <summary>The copy and every picture-like rectangle the localiser finds in it, cut out.</summary>
    Region,

    /// <summary>The copy and every query variant.</summary>
    AllVariants,

    /// <summary>The copy as it is against the original and the original's list-side crops.</summary>
    ListCrops,
}

/// <summary>Names and definitions of the <see cref="MatchingMode"/>s.</summary>
public static class MatchingModes
{
    /// <summary>Every mode, in column order.</summary>
    public static IReadOnlyList<MatchingMode> All { get; } = Enum.GetValues<MatchingMode>();

    /// <summary>The modes of single query variants.</summary>
    public static IReadOnlyList<MatchingMode> SingleVariants { get; } = [MatchingMode.PixelDihedral, MatchingMode.Upscale, MatchingMode.Region];

    /// <summary>The label in tables: "plain", "pixel-dihedral", ..., "all variants", "list-side crops".</summary>
    /// <remarks>A single variant's label is its <see cref="QueryVariantNames"/> name, as <c>match --variants</c> takes it.</remarks>
    public static string Label(this MatchingMode mode) => mode switch
    {
        MatchingMode.Plain => "plain",
        MatchingMode.AllVariants => "all variants",
        MatchingMode.ListCrops => "list-side crops",
        _ => QueryVariantNames.Format(mode.Variants()),
    };

    /// <summary>The query variants the mode hashes a copy with (none for plain and list-side crops).</summary>
    internal static QueryVariants Variants(this MatchingMode mode) => mode switch
    {
        MatchingMode.PixelDihedral => QueryVariants.PixelDihedral,
        MatchingMode.Upscale => QueryVariants.Upscale,
        MatchingMode.Region => QueryVariants.Region,
        MatchingMode.AllVariants => QueryVariants.All,
        _ => QueryVariants.None,
    };
}
