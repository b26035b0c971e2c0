namespace HashMatch.Cli.Input;

/// <summary>Which named input files are videos (hashed with vPDQ, frame by frame) rather than images.</summary>
internal static class VideoFileNames
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".wmv", ".flv", ".mpg", ".mpeg", ".ts", ".3gp",
    };

    /// <summary>True for an existing file with a video extension.</summary>
    public static bool IsVideo(string path) => Extensions.Contains(Path.GetExtension(path)) && File.Exists(path);
}
