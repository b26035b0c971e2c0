using HashMatch.Matching;
using HashMatch.Pdq;

namespace HashMatch.Server;

/// <summary>
/// The names the API uses for the library's enums, the same as the CLI's: methods lowercase (<c>md5</c>,
/// <c>pdq</c>), verdicts as the CLI prints them (<c>Match</c>, <c>Excluded</c>), query variants by <see cref="QueryVariant.Name"/>
/// (<c>original</c>, <c>rot90</c>, <c>region</c>),
/// query variant sets as <c>match --variants</c> takes them (<c>none</c>, <c>all</c>, <c>pixel-dihedral,region</c>),
/// roles <c>known</c> and <c>exclusion</c>.
/// </summary>
internal static class WireNames
{
    public static string Method(MatchMethod method) => MatchMethodNames.Name(method);

    public static string Verdict(MatchVerdict verdict) => verdict.ToString();

    public static string Variant(QueryVariant variant) => variant.Name;

    public static string Role(ListRole role) => role == ListRole.Exclusion ? "exclusion" : "known";

    public static ListRole? ParseRole(string? text) => text?.ToLowerInvariant() switch
    {
        "known" => ListRole.Known,
        "exclusion" => ListRole.Exclusion,
        _ => null,
    };

    /// <summary>A query variant set as <c>match --variants</c> takes it (<see cref="QueryVariantNames"/>).</summary>
    public static string Variants(QueryVariants variants) => QueryVariantNames.Format(variants);

    /// <summary>Reads what <see cref="Variants(QueryVariants)"/> writes; null for an unknown name.</summary>
    public static QueryVariants? ParseVariants(string text) => QueryVariantNames.TryParse(text, out QueryVariants variants, out _) ? variants : null;
}
