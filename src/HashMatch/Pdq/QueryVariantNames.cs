namespace HashMatch.Pdq;

/// <summary>
/// The text names of query variant sets — <c>none</c>, <c>all</c>, or comma-separated <c>pixel-dihedral</c>,
/// <c>upscale</c>, <c>region</c> — one table for the CLI's <c>match --variants</c> and the service's
/// bank settings.
/// </summary>
public static class QueryVariantNames
{
    private static readonly (string Name, QueryVariants Flag)[] Table =
    [
        ("pixel-dihedral", QueryVariants.PixelDihedral),
        ("upscale", QueryVariants.Upscale),
        ("region", QueryVariants.Region),
    ];

    /// <summary>The names of the single variants, in a fixed order (without <c>none</c> and <c>all</c>).</summary>
    public static IReadOnlyList<string> Single { get; } = [.. Table.Select(t => t.Name)];

    /// <summary><c>none</c>, <c>all</c>, or the comma-separated names of the variants set in <paramref name="variants"/>.</summary>
    public static string Format(QueryVariants variants) =>
        variants == QueryVariants.None ? "none" :
        variants == QueryVariants.All ? "all" :
        string.Join(',', Table.Where(v => (variants & v.Flag) != 0).Select(v => v.Name));

    /// <summary>
    /// Reads what <see cref="Format"/> writes: comma-separated names, case-insensitive, <c>none</c> and <c>all</c>
    /// among them; false (with the first unknown name in <paramref name="unknown"/>) when a name is not a variant.
    /// </summary>
    public static bool TryParse(string text, out QueryVariants variants, out string? unknown)
    {
        ArgumentNullException.ThrowIfNull(text);
        variants = QueryVariants.None;
        unknown = null;
        foreach (string name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (name.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (name.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                variants |= QueryVariants.All;
                continue;
            }

            int found = Array.FindIndex(Table, v => v.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (found < 0)
            {
                (variants, unknown) = (QueryVariants.None, name);
                return false;
            }

            variants |= Table[found].Flag;
        }

        return true;
    }
}
