using HashMatch.IO;

namespace HashMatch.Server.Api;

/// <summary>
/// Where import bodies wait while they are read into the store: the data folder's <c>tmp</c>, or the system's
/// temporary folder when the server has no data folder. Spool files are named like <see cref="AtomicFile"/>'s
/// temporaries (<c>.hashmatch-import.PID.RANDOM.tmp</c>), so a server that starts removes those of processes that no
/// longer run: an import cut off by kill -9 left a spool of up to <c>--max-import-bytes</c> behind for good
/// (issue 22).
/// </summary>
internal static class ImportSpool
{
    private const string Name = "hashmatch-import";

    /// <summary>The folder spool files go to.</summary>
    public static string Folder(ServerOptions options) => options.DataDirectory is { } data ? Path.Combine(data, "tmp") : Path.GetTempPath();

    /// <summary>A new spool file's path (the folder is created); the caller deletes the file when done.</summary>
    public static string NewFile(ServerOptions options)
    {
        string folder = Folder(options);
        Directory.CreateDirectory(folder);
        return AtomicFile.TemporaryPath(folder, Name);
    }

    /// <summary>Deletes the spool files of processes that no longer run; returns how many.</summary>
    public static int RemoveOrphans(ServerOptions options) => AtomicFile.RemoveStaleTemporaries(Folder(options), Name);
}
