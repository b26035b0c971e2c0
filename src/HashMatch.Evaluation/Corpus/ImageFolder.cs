using SkiaSharp;

namespace HashMatch.Evaluation;

/// <summary>The images of a folder that <c>eval --images</c> can use, and how many files it had to leave out.</summary>
/// <param name="Folder">The folder scanned.</param>
/// <param name="Images">Decodable images, recursively, sorted by path (ordinal).</param>
/// <param name="Skipped">Files with an image extension whose header SkiaSharp cannot read, or larger than <see cref="ImageFolder.MaxPixels"/>.</param>
public sealed record ImageFolderScan(string Folder, IReadOnlyList<string> Images, int Skipped);

/// <summary>Finds the user's images for an evaluation run.</summary>
public static class ImageFolder
{
    /// <summary>Images above this many pixels are left out (decoding one would take gigabytes).</summary>
    public const long MaxPixels = 100_000_000;

    /// <summary>File extensions looked at (case-insensitive).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp"];

    /// <summary>
    /// Scans <paramref name="folder"/> recursively (inaccessible subfolders are passed over) and reads each image
    /// file's header, so the run knows before it starts how many images it will use.
    /// </summary>
    /// <exception cref="HashMatchException">The folder does not exist.</exception>
    public static ImageFolderScan Scan(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new HashMatchException(folder, HashMatchErrorReason.Unreadable, "The images folder does not exist.");
        }

        var walk = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.None };
        var images = new List<string>();
        int skipped = 0;
        foreach (string file in Directory.EnumerateFiles(folder, "*", walk)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal))
        {
            if (Readable(file))
            {
                images.Add(file);
            }
            else
            {
                skipped++;
            }
        }

        return new ImageFolderScan(folder, images, skipped);
    }

    private static bool Readable(string file)
    {
        try
        {
            using SKCodec? codec = SKCodec.Create(file);
            return codec is not null && codec.Info.Width > 0 && codec.Info.Height > 0 && (long)codec.Info.Width * codec.Info.Height <= MaxPixels;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
