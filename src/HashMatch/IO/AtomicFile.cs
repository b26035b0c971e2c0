using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace HashMatch.IO;

/// <summary>
/// Writes files through a temporary file in the same folder, flushed to disk and renamed over the target, so a crash,
/// Ctrl-C or SIGTERM leaves either the old file or the new one, never half of one. Used for index files, converted
/// lists and evaluation reports.
/// </summary>
/// <remarks>
/// <para>
/// A target that is a symbolic link keeps being one: the file it points to is replaced (atomically, beside it), so
/// <c>--out current.hmidx</c> with <c>current.hmidx → v1.hmidx</c> rewrites v1.hmidx. A target that is a device, a
/// named pipe or a directory is refused (<see cref="HashMatchErrorReason.WriteFailed"/>): renaming over it would
/// replace a device node, and writing into it is not what an output file means.
/// </para>
/// <para>
/// Temporary files are named <c>.NAME.PID.RANDOM.tmp</c> (<see cref="TemporaryPath"/>). A process killed outright
/// (SIGKILL, power loss) cannot remove its own, so each write first removes the temporary files of the same target
/// left by processes that no longer run, and a long-running owner of a folder (<c>hashmatch serve</c>: index files
/// named after a change that will never be written again, spooled imports) removes all of them when it starts.
/// </para>
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark).</summary>
    public static void WriteAllText(string path, string text) => Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));

    /// <summary>Lets <paramref name="write"/> fill the temporary file, then replaces the target with it.</summary>
    /// <exception cref="HashMatchException">The target is not a regular file or cannot be written (reason <see cref="HashMatchErrorReason.WriteFailed"/>); nothing is left behind.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = Target(path);
        string folder = Path.GetDirectoryName(target) ?? ".";
        string name = Path.GetFileName(target);
        RemoveStaleTemporaries(folder, name);
        string temporary = TemporaryPath(folder, name);
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
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

    /// <summary>The file to replace: <paramref name="path"/> itself, or the final target of a symbolic link.</summary>
    private static string Target(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            if (new FileInfo(full).LinkTarget is not null)
            {
                FileSystemInfo? final = File.ResolveLinkTarget(full, returnFinalTarget: true);
                full = final is null ? full : Path.GetFullPath(final.FullName);
            }
        }
        catch (IOException e)
        {
            throw new HashMatchException(path, HashMatchErrorReason.WriteFailed, $"cannot follow the symbolic link: {e.Message}", e);
        }

        FileNode node = FileNode.Of(full);
        if (node.Kind is not (FileNodeKind.Missing or FileNodeKind.RegularFile))
        {
            throw new HashMatchException(path, HashMatchErrorReason.WriteFailed, $"{node.Describe()}; an output must be a regular file (it is replaced as a whole)");
        }

        return full;
    }

    /// <summary>
    /// A new temporary file name in <paramref name="folder"/> for <paramref name="name"/>, marked with this process's id
    /// (<c>.NAME.PID.RANDOM.tmp</c>) so that <see cref="RemoveStaleTemporaries"/> can tell whether its writer still runs.
    /// </summary>
    public static string TemporaryPath(string folder, string name) =>
        Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));

    /// <summary>
    /// Deletes the temporary files (<see cref="TemporaryPath"/>) in <paramref name="folder"/> — of <paramref name="name"/>
    /// only, or of any name when it is null — whose process is gone. Returns how many were deleted; a folder that
    /// cannot be listed deletes nothing.
    /// </summary>
    public static int RemoveStaleTemporaries(string folder, string? name = null)
    {
        int removed = 0;
        try
        {
            foreach (string file in Directory.EnumerateFiles(folder, name is null ? ".*.tmp" : $".{name}.*.tmp"))
            {
                // .NAME.PID.RANDOM.tmp: the process id is the third part from the end (NAME may hold dots).
                string[] parts = Path.GetFileName(file).Split('.');
                if (parts.Length >= 5 && parts[^2].Length > 0 && parts[^2].All(char.IsAsciiHexDigit)
                    && int.TryParse(parts[^3], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && !IsRunning(pid) && TryDelete(file))
                {
                    removed++;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder cannot be listed: the write itself will report why.
        }

        return removed;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary file has a unique name and never replaces anything.
            return false;
        }
    }
}
