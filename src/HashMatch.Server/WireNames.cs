using HashMatch.Matching;
using HashMatch.Pdq;

namespace HashMatch.Server;

/// <summary>
/// The API's names for bank roles (<c>known</c>, <c>exclusion</c>), and variant sets read as <c>match --variants</c>
/// takes them. Methods, verdicts and query variants have their names in the library (<see cref="MatchMethodNames"/>,
/// the <see cref="MatchVerdict"/> member names, <see cref="QueryVariant.Name"/>), used as they are.
/// </summary>
internal static class WireNames
{
    public static string Role(ListRole role) => role == ListRole.Exclusion ? "exclusion" : "known";

    public static ListRole? ParseRole(string? text) => text?.ToLowerInvariant() switch
    {
        "known" => ListRole.Known,
        "exclusion" => ListRole.Exclusion,
        _ => null,
    };

    /// <summary>Reads what <see cref="QueryVariantNames.Format"/> writes; null for an unknown name.</summary>
    public static QueryVariants? ParseVariants(string text) => QueryVariantNames.TryParse(text, out QueryVariants variants, out _) ? variants : null;
}
