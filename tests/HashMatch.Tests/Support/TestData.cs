namespace HashMatch.Tests.Support;

/// <summary>Locates files under the repository's <c>testdata/</c> folder.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The repository's root folder (the one holding HashMatch.sln).</summary>
    public static string RepositoryRoot => System.IO.Path.GetDirectoryName(Root.Value)!;

    /// <summary>Absolute path of <paramref name="relative"/> below <c>testdata/</c>.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root.Value, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "testdata");
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HashMatch.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No testdata/ folder above {AppContext.BaseDirectory}.");
    }
}
