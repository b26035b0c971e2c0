namespace HashMatch.IO;

/// <summary>
/// Opens input files for reading — images, hash lists, index files — after checking that the path names a regular
/// file: a named pipe would block the open until a writer appears and a device (<c>/dev/zero</c>) never ends, so both
/// are refused up front with <see cref="HashMatchErrorReason.NotAFile"/> instead of hanging or reading without bound.
/// </summary>
public static class InputFile
{
    /// <summary>Opens <paramref name="path"/> for sequential reading.</summary>
    /// <param name="path">The file.</param>
    /// <param name="bufferSize">The stream's buffer (1 for callers that read in large chunks themselves).</param>
    /// <exception cref="HashMatchException">The path is missing, not a regular file, or cannot be opened.</exception>
    public static FileStream OpenRead(string path, int bufferSize = 1 << 16)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileNode node = FileNode.Of(path);
        if (node.Kind == FileNodeKind.Missing)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, Directory.Exists(path) ? "a directory" : "no such file");
        }

        if (node.Kind != FileNodeKind.RegularFile)
        {
            throw FileWalker.NotAFile(path, node);
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, e.Message, e);
        }
    }

    /// <summary>Opens <paramref name="path"/> as UTF-8 text (byte-order marks honoured), for line-based readers.</summary>
    /// <exception cref="HashMatchException">The path is missing, not a regular file, or cannot be opened.</exception>
    public static StreamReader OpenText(string path) => new(OpenRead(path), detectEncodingFromByteOrderMarks: true);
}
