namespace HashMatch.Cli.Input;

/// <summary>Expands command-line paths into the files to hash, in a stable order.</summary>
internal static class ImageFileEnumerator
{
    /// <summary>Extensions picked up when walking a directory; files named explicitly are always hashed.</summary>
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".gif", ".bmp", ".dib", ".ico", ".wbmp",
    };

    /// <summary>
    /// Yields each path that is a file, and every image file below each path that is a directory (recursively,
    /// sorted by ordinal path so output order does not depend on the file system). Missing paths are yielded as is,
    /// so that hashing reports them as unreadable.
    /// </summary>
    public static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
                var files = Directory.EnumerateFiles(path, "*", options)
                    .Where(f => ImageExtensions.Contains(Path.GetExtension(f)))
                    .Order(StringComparer.Ordinal);
                foreach (string file in files)
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
