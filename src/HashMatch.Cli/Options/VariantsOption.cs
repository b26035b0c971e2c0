using System.CommandLine;
using HashMatch.Pdq;

namespace HashMatch.Cli.Options;

/// <summary><c>--variants none|all|NAME,...</c>: the query variants to match with (names case-insensitive).</summary>
internal static class VariantsOption
{
    private static readonly string Choices = string.Join(", ", QueryVariantNames.Single);

    /// <summary>
    /// The option; <paramref name="defaultValue"/> is what <see cref="Value"/> gives when it is not on the command line
    /// (named in the help as the variants' own names, not the enum's).
    /// </summary>
    public static Option<QueryVariants> Create(QueryVariants defaultValue = QueryVariants.None) => new("--variants")
    {
        Description = $"Query variants to match with besides the image as it is: none, all, or a comma-separated list of {Choices} (default: {QueryVariantNames.Format(defaultValue)}).",
        HelpName = "variants",
        CustomParser = result =>
        {
            if (QueryVariantNames.TryParse(result.Tokens.Count > 0 ? result.Tokens[^1].Value : "", out QueryVariants chosen, out string? unknown))
            {
                return chosen;
            }

            result.AddError($"'{unknown}' is not a query variant (use none, all, or some of: {Choices})");
            return QueryVariants.None;
        },
    };

    /// <summary>The variants given, or <paramref name="defaultValue"/> when the option is not on the command line.</summary>
    public static QueryVariants Value(ParseResult parse, Option<QueryVariants> option, QueryVariants defaultValue) =>
        parse.GetResult(option) is null ? defaultValue : parse.GetValue(option);
}
