using System.CommandLine;
using HashMatch.Pdq;

namespace HashMatch.Cli.Options;

/// <summary><c>--variants none|all|NAME,...</c>: the query variants to match with (names case-insensitive).</summary>
internal static class VariantsOption
{
    public static readonly IReadOnlyDictionary<string, QueryVariants> Names = new Dictionary<string, QueryVariants>(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = QueryVariants.None,
        ["all"] = QueryVariants.All,
        ["pixel-dihedral"] = QueryVariants.PixelDihedral,
        ["upscale"] = QueryVariants.Upscale,
        ["trim"] = QueryVariants.Trim,
        ["embedded"] = QueryVariants.Embedded,
    };

    public static Option<QueryVariants> Create() => new("--variants")
    {
        Description = $"Query variants to match with besides the image as it is: none (default), all, or a comma-separated list of {string.Join(", ", Names.Keys.Skip(2))}.",
        HelpName = "variants",
        CustomParser = result =>
        {
            QueryVariants chosen = QueryVariants.None;
            foreach (string name in (result.Tokens.Count > 0 ? result.Tokens[^1].Value : "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Names.TryGetValue(name, out QueryVariants one))
                {
                    result.AddError($"'{name}' is not a query variant (use none, all, or some of: {string.Join(", ", Names.Keys.Skip(2))})");
                    return QueryVariants.None;
                }

                chosen |= one;
            }

            return chosen;
        },
    };
}
