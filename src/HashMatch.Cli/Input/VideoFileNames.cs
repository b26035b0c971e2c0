using HashMatch.IO;

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

    /// <summary>True when the file starts like a vPDQ hash file: <c>frame,quality,64 hex digits,…</c>.</summary>
    public static bool IsVpdqText(string path)
    {
        try
        {
            Span<byte> head = stackalloc byte[80];
            using FileStream stream = InputFile.OpenRead(path, bufferSize: 1); // regular files only: a pipe would block
            int length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            string text = System.Text.Encoding.ASCII.GetString(head[..length]);
            string[] fields = text.Split(',');
            return fields.Length >= 3
                && fields[0].Length > 0 && fields[0].All(char.IsAsciiDigit)
                && fields[1].Length > 0 && fields[1].All(char.IsAsciiDigit)
                && fields[2].Length >= 64 && fields[2][..64].All(char.IsAsciiHexDigit);
        }
        catch (HashMatchException)
        {
            return false; // the list reader reports the path
        }
    }
}
