using HashMatch.Matching;
using HashMatch.Pdq;

namespace HashMatch.Server;

/// <summary>
/// The names the API uses for the library's enums, the same as the CLI's: methods lowercase (<c>md5</c>,
/// <c>pdq</c>), verdicts and query variants as the CLI prints them (<c>Match</c>, <c>Excluded</c>, <c>Rotate90</c>),
/// query variant sets as <c>match --variants</c> takes them (<c>none</c>, <c>all</c>, <c>pixel-dihedral,trim</c>),
/// roles <c>known</c> and <c>exclusion</c>.
/// </summary>
internal static class WireNames
{
    private static readonly (string Name, QueryVariants Flag)[] VariantNames =
    [
        ("pixel-dihedral", QueryVariants.PixelDihedral),
        ("upscale", QueryVariants.Upscale),
        ("trim", QueryVariants.Trim),
        ("embedded", QueryVariants.Embedded),
    ];

    public static string Method(MatchMethod method) => method switch
    {
        MatchMethod.Md5 => "md5",
        MatchMethod.Sha1 => "sha1",
        MatchMethod.Sha256 => "sha256",
        _ => "pdq",
    };

    public static string Verdict(MatchVerdict verdict) => verdict.ToString();

    public static string Variant(QueryVariant variant) => variant.ToString();

    public static string Role(ListRole role) => role == ListRole.Exclusion ? "exclusion" : "known";

    public static ListRole? ParseRole(string? text) => text?.ToLowerInvariant() switch
    {
        "known" => ListRole.Known,
        "exclusion" => ListRole.Exclusion,
        _ => null,
    };

    /// <summary><c>none</c>, <c>all</c>, or the comma-separated names of the flags set.</summary>
    public static string Variants(QueryVariants variants) =>
        variants == QueryVariants.None ? "none" :
        variants == QueryVariants.All ? "all" :
        string.Join(',', VariantNames.Where(v => (variants & v.Flag) != 0).Select(v => v.Name));

    /// <summary>Reads what <see cref="Variants(QueryVariants)"/> writes (names case-insensitive); null for an unknown name.</summary>
    public static QueryVariants? ParseVariants(string text)
    {
        QueryVariants chosen = QueryVariants.None;
        foreach (string name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (name.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (name.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                chosen |= QueryVariants.All;
                continue;
            }

            int found = Array.FindIndex(VariantNames, v => v.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (found < 0)
            {
                return null;
            }

            chosen |= VariantNames[found].Flag;
        }

        return chosen;
    }
}
