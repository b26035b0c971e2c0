using HashMatch.Tests.Support;

namespace HashMatch.Tests.Layering;

/// <summary>
/// The repository's Markdown documentation: README.md, every file under docs/, and the packages' own READMEs
/// (src/*/README.md, what nuget.org shows).
/// </summary>
internal static class DocumentationFiles
{
    /// <summary>Repository-relative paths with '/' separators, in ordinal order.</summary>
    public static IReadOnlyList<string> All()
    {
        string root = TestData.RepositoryRoot;
        IEnumerable<string> docs = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories);
        IEnumerable<string> packages = Directory.EnumerateDirectories(Path.Combine(root, "src"))
            .Select(d => Path.Combine(d, "README.md"))
            .Where(File.Exists);
        return [.. docs.Concat(packages).Append(Path.Combine(root, "README.md"))
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The text of <paramref name="relativePath"/>, with line endings as '\n'.</summary>
    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(TestData.RepositoryRoot, relativePath)).Replace("\r\n", "\n", StringComparison.Ordinal);
}
