namespace HashMatch.IO;

/// <summary>
/// Finds programs the way a shell does: in the folders of the <c>PATH</c> environment variable, in order, with
/// <c>.exe</c> tried first on Windows. The one reading of <c>PATH</c> for FFmpeg, the CLI's <c>dotnet</c> host and the tests' browser.
/// </summary>
public static class ExecutableSearch
{
    /// <summary>The folders of <c>PATH</c>, in order, empty entries left out (none when the variable is unset).</summary>
    public static string[] PathFolders() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The full path of the program <paramref name="name"/>: a name with a directory separator is taken as a path and
    /// returned when the file exists; a bare name is looked for in <see cref="PathFolders"/>. Null when not found.
    /// </summary>
    public static string? Find(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains(Path.DirectorySeparatorChar) || name.Contains(Path.AltDirectorySeparatorChar))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        string[] extensions = OperatingSystem.IsWindows() ? [".exe", string.Empty] : [string.Empty];
        foreach (string folder in PathFolders())
        {
            foreach (string extension in extensions)
            {
                string candidate = Path.Combine(folder, name + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
