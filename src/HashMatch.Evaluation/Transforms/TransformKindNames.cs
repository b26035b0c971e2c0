namespace HashMatch.Evaluation;

/// <summary>
/// The text names of <see cref="TransformKind"/>s — lower case: <c>resize</c>, <c>jpeg</c>, ..., <c>quarterturn</c> —
/// as <c>--transforms</c> takes them and every report (console tables, summary, HTML, CSV, plots) prints them: one
/// table, so a name read back always parses.
/// </summary>
public static class TransformKindNames
{
    private static readonly Dictionary<TransformKind, string> Names =
        Enum.GetValues<TransformKind>().ToDictionary(k => k, k => k.ToString().ToLowerInvariant());

    /// <summary>Every name, in the enum's order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<TransformKind>().Select(k => Names[k])];

    /// <summary>The name of <paramref name="kind"/>.</summary>
    public static string Name(TransformKind kind) => Names[kind];

    /// <summary>The kind named <paramref name="name"/> (any letter case).</summary>
    public static bool TryParse(string name, out TransformKind kind)
    {
        foreach ((TransformKind k, string n) in Names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The kind named <paramref name="name"/>.</summary>
    /// <exception cref="FormatException">No kind has that name.</exception>
    public static TransformKind Parse(string name) =>
        TryParse(name, out TransformKind kind) ? kind : throw new FormatException($"Unknown transform '{name}'. Valid: {string.Join(", ", All)}.");
}
