using System.Text.RegularExpressions;

namespace HashMatch.Tests.Layering;

/// <summary>
/// docs/library.md's table of public types per namespace lists exactly the library's exported top-level types, so
/// the table cannot drift from the assembly (names in parentheses are members or values, not types).
/// </summary>
public sealed partial class PublicTypesTableTests
{
    private const string Document = "docs/library.md";

    [Fact]
    public void The_table_lists_every_public_type_in_its_namespace()
    {
        Dictionary<string, SortedSet<string>> documented = DocumentedTypes();
        Dictionary<string, SortedSet<string>> exported = typeof(PdqHash).Assembly.GetExportedTypes()
            .Where(t => !t.IsNested)
            .GroupBy(t => t.Namespace!)
            .ToDictionary(g => g.Key, g => new SortedSet<string>(g.Select(t => t.Name), StringComparer.Ordinal), StringComparer.Ordinal);

        var differences = new List<string>();
        foreach (string ns in documented.Keys.Union(exported.Keys).Order(StringComparer.Ordinal))
        {
            var listed = documented.GetValueOrDefault(ns) ?? [];
            var actual = exported.GetValueOrDefault(ns) ?? [];
            differences.AddRange(actual.Except(listed).Select(t => $"{ns}.{t} is public but not in {Document}'s table"));
            differences.AddRange(listed.Except(actual).Select(t => $"{ns}.{t} is in {Document}'s table but not a public type"));
        }

        Assert.True(documented.Count >= 8, $"{documented.Count} namespaces in the table");
        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    /// <summary>The rows <c>| `Namespace` | `Type`, `Type` (`Member`), … |</c> of the document's types table.</summary>
    private static Dictionary<string, SortedSet<string>> DocumentedTypes()
    {
        var types = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (string line in DocumentationFiles.Read(Document).Split('\n'))
        {
            Match row = TypesRow().Match(line);
            if (!row.Success)
            {
                continue;
            }

            string cell = row.Groups["types"].Value;
            while (Parenthesized().IsMatch(cell))
            {
                cell = Parenthesized().Replace(cell, "");
            }

            types[row.Groups["ns"].Value] = new SortedSet<string>(
                Name().Matches(cell).Select(m => m.Groups["name"].Value), StringComparer.Ordinal);
        }

        return types;
    }

    [GeneratedRegex(@"^\| `(?<ns>HashMatch(\.[A-Za-z]+)?)` \| (?<types>`.*) \|$")]
    private static partial Regex TypesRow();

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Parenthesized();

    [GeneratedRegex(@"`(?<name>[A-Za-z][A-Za-z0-9]*)`")]
    private static partial Regex Name();
}
