using System.Text;

namespace HashMatch.IO;

/// <summary>
/// Writes files through a temporary file in the same folder, flushed to disk and renamed over the target, so a crash
/// or Ctrl-C leaves either the old file or the new one, never half of one. Used for index files, converted lists,
/// match output and evaluation reports.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark).</summary>
    public static void WriteAllText(string path, string text) => Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));

    /// <summary>Lets <paramref name="write"/> fill the temporary file, then replaces <paramref name="path"/> with it.</summary>
    /// <exception cref="HashMatchException">The file cannot be written (reason <see cref="HashMatchErrorReason.WriteFailed"/>); nothing is left behind.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(fullPath) ?? ".", $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new HashMatchException(path, HashMatchErrorReason.WriteFailed, e.Message, e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary file has a unique name and never replaces anything.
        }
    }
}
