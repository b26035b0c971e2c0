namespace HashMatch.Imaging;

/// <summary>
/// File name extensions of the formats <see cref="SkiaImageDecoder"/> decodes. A folder walk picks up files by these;
/// files named explicitly are always read, whatever their name, and decoding decides by content.
/// </summary>
public static class ImageFileExtensions
{
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".gif", ".bmp", ".dib", ".ico", ".wbmp",
    };

    /// <summary>The extensions, with their dots, for help texts.</summary>
    public static IReadOnlyCollection<string> All => Known;

    /// <summary>Whether <paramref name="path"/> ends in one of the extensions (any case).</summary>
    public static bool Matches(string path) => Known.Contains(Path.GetExtension(path));
}
