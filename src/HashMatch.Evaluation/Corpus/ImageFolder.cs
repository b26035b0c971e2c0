using HashMatch.IO;
using HashMatch.Imaging;

namespace HashMatch.Evaluation;

/// <summary>The images of a folder that <c>eval --images</c> can use, and how many files it had to leave out.</summary>
/// <param name="Folder">The folder scanned.</param>
/// <param name="Images">Decodable images, walked as <c>hashmatch hash</c> walks folders (depth first, ordinal names).</param>
/// <param name="Skipped">Files named like images whose header the decoder cannot read or that exceed the library's pixel limit, and folders that could not be listed.</param>
public sealed record ImageFolderScan(string Folder, IReadOnlyList<string> Images, int Skipped);

/// <summary>Finds the user's images for an evaluation run, with the library's folder walker, extensions and limits.</summary>
public static class ImageFolder
{
    /// <summary>File extensions looked at (case-insensitive): the decoder's (<c>ImageFileExtensions</c>).</summary>
    public static IReadOnlyCollection<string> Extensions => ImageFileExtensions.All;

    /// <summary>
    /// Scans <paramref name="folder"/> recursively with the library's walker and reads each image file's header, so
    /// the run knows before it starts how many images it will use.
    /// </summary>
    /// <exception cref="HashMatchException">The folder does not exist.</exception>
    public static ImageFolderScan Scan(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new HashMatchException(folder, HashMatchErrorReason.Unreadable, "The images folder does not exist.");
        }

        var images = new List<string>();
        int skipped = 0;
        foreach (WalkedFile file in new FileWalker(ImageFileExtensions.Matches).Walk([folder]))
        {
            if (file.Error is null && SkiaImageDecoder.ReadHeader(file.Path) is var (width, height) && (long)width * height <= HashMatchDefaults.MaxPixels)
            {
                images.Add(file.Path);
            }
            else
            {
                skipped++;
            }
        }

        return new ImageFolderScan(folder, images, skipped);
    }
}
