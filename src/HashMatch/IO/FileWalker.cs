namespace HashMatch.IO;

/// <summary>
/// Expands paths into the files to read: a path naming a file is taken as is; a directory is walked depth-first,
/// each directory's entries in ordinal name order, streamed (nothing is buffered beyond one directory's listing), so
/// output order does not depend on the file system and the first results come at once. Every problem is an entry
/// with an error, never a silent skip: unreadable directories, dangling links, named pipes and devices, and
/// symbolic-link loops.
/// </summary>
/// <remarks>
/// Symbolic links to files are followed. Symbolic links to directories are entered only with
/// <paramref name="followDirectoryLinks"/>; each directory is entered at most once (by device and inode), so a link
/// back to an ancestor is reported as a loop and the walk always ends. Hidden entries (names starting with a dot)
/// and files <paramref name="include"/> rejects are counted in <see cref="Skipped"/>.
/// </remarks>
/// <param name="include">Which files found inside directories to return (e.g. by extension); files named directly are always returned.</param>
/// <param name="followDirectoryLinks">Enter directories reached through symbolic links.</param>
public sealed class FileWalker(Func<string, bool> include, bool followDirectoryLinks = false)
{
    /// <summary>Files and directories passed over inside walked directories: rejected by the filter, hidden, or directory links not followed.</summary>
    public int Skipped { get; private set; }

    /// <summary>Also walk hidden entries (names starting with a dot), for a walk where every file counts. Default false.</summary>
    public bool IncludeHidden { get; init; }

    /// <summary>
    /// Also return each entry passed over (see <see cref="Skipped"/>), with <see cref="WalkedFile.SkipReason"/> saying
    /// why, so that a record of the walk can name every entry it met. Default false (they are only counted).
    /// </summary>
    public bool ReportSkipped { get; init; }

    /// <summary>The files below <paramref name="paths"/>, and an error entry for each problem met on the way.</summary>
    public IEnumerable<WalkedFile> Walk(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var entered = new HashSet<(ulong, ulong)>();
        foreach (string path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FileNode node = FileNode.Of(path);
            switch (node.Kind)
            {
                case FileNodeKind.Directory:
                    foreach (WalkedFile file in WalkDirectory(path, node, entered, cancellationToken))
                    {
                        yield return file;
                    }

                    break;
                case FileNodeKind.Missing:
                    yield return new WalkedFile(path, new HashMatchException(path, HashMatchErrorReason.Unreadable, "no such file or directory"));
                    break;
                case FileNodeKind.RegularFile:
                    yield return new WalkedFile(path, null);
                    break;
                default:
                    yield return new WalkedFile(path, NotAFile(path, node));
                    break;
            }
        }
    }

    /// <summary>The error for a path that names something other than a regular file.</summary>
    internal static HashMatchException NotAFile(string path, FileNode node) =>
        new(path, HashMatchErrorReason.NotAFile, $"{node.Describe()}; only regular files are read");

    private IEnumerable<WalkedFile> WalkDirectory(string root, FileNode rootNode, HashSet<(ulong, ulong)> entered, CancellationToken cancellationToken)
    {
        // An explicit stack of listings keeps the walk streaming and its depth independent of the call stack.
        var stack = new Stack<IEnumerator<FileSystemInfo>>();
        if (!entered.Add((rootNode.Device, rootNode.Inode)))
        {
            yield break; // the same directory named twice on the command line
        }

        (IEnumerator<FileSystemInfo>? listing, HashMatchException? error) = List(root);
        if (error is not null)
        {
            yield return new WalkedFile(root, error);
            yield break;
        }

        stack.Push(listing!);
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IEnumerator<FileSystemInfo> current = stack.Peek();
            if (!current.MoveNext())
            {
                current.Dispose();
                stack.Pop();
                continue;
            }

            FileSystemInfo entry = current.Current;
            string path = entry.FullName;
            if (entry.Name.StartsWith('.') && !IncludeHidden)
            {
                Skipped++;
                if (ReportSkipped)
                {
                    yield return WalkedFile.PassedOver(path, "hidden (the name starts with a dot)");
                }

                continue;
            }

            bool isLink = entry.LinkTarget is not null;
            FileNode node = FileNode.Of(path);
            switch (node.Kind)
            {
                case FileNodeKind.Directory when isLink && !followDirectoryLinks:
                    Skipped++;
                    if (ReportSkipped)
                    {
                        yield return WalkedFile.PassedOver(path, $"symbolic link to a directory ({entry.LinkTarget}), not followed");
                    }

                    break;
                case FileNodeKind.Directory:
                    if (!entered.Add((node.Device, node.Inode)))
                    {
                        if (isLink)
                        {
                            yield return new WalkedFile(path, new HashMatchException(path, HashMatchErrorReason.Unreadable,
                                $"symbolic link to a directory already walked ({entry.LinkTarget}): a loop or a second way in; not followed again"));
                        }

                        break;
                    }

                    (listing, error) = List(path);
                    if (error is not null)
                    {
                        yield return new WalkedFile(path, error);
                    }
                    else
                    {
                        stack.Push(listing!);
                    }

                    break;
                case FileNodeKind.RegularFile:
                    if (include(path))
                    {
                        yield return new WalkedFile(path, null);
                    }
                    else
                    {
                        Skipped++;
                        if (ReportSkipped)
                        {
                            yield return WalkedFile.PassedOver(path, "not selected by the walk's filter (file name)");
                        }
                    }

                    break;
                case FileNodeKind.Missing:
                    yield return new WalkedFile(path, new HashMatchException(path, HashMatchErrorReason.Unreadable,
                        isLink ? $"dangling symbolic link to {entry.LinkTarget}" : "vanished during the walk"));
                    break;
                default:
                    if (include(path))
                    {
                        yield return new WalkedFile(path, NotAFile(path, node));
                    }
                    else
                    {
                        Skipped++;
                        if (ReportSkipped)
                        {
                            yield return WalkedFile.PassedOver(path, "not selected by the walk's filter (file name)");
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>One directory's entries in ordinal name order, or why they cannot be listed.</summary>
    private static (IEnumerator<FileSystemInfo>? Listing, HashMatchException? Error) List(string directory)
    {
        try
        {
            var options = new EnumerationOptions { IgnoreInaccessible = false, AttributesToSkip = 0, RecurseSubdirectories = false };
            FileSystemInfo[] entries = [.. new DirectoryInfo(directory).EnumerateFileSystemInfos("*", options)];
            Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return (((IEnumerable<FileSystemInfo>)entries).GetEnumerator(), null);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return (null, new HashMatchException(directory, HashMatchErrorReason.Unreadable, $"cannot list the directory: {e.Message}", e));
        }
    }
}

/// <summary>
/// A file a <see cref="FileWalker"/> found, a problem it met (then <see cref="Error"/> says what), or, with
/// <see cref="FileWalker.ReportSkipped"/>, an entry it passed over (then <see cref="SkipReason"/> says why).
/// </summary>
public readonly struct WalkedFile
{
    internal WalkedFile(string path, HashMatchException? error, string? skipReason = null)
    {
        Path = path;
        Error = error;
        SkipReason = skipReason;
    }

    /// <summary>The file's path (for a problem, the file or folder it concerns).</summary>
    public string Path { get; }

    /// <summary>Why the file or folder could not be walked, or null for a file to read.</summary>
    public HashMatchException? Error { get; }

    /// <summary>Why the walk passed over this entry (it is not to be read), or null.</summary>
    public string? SkipReason { get; }

    internal static WalkedFile PassedOver(string path, string reason) => new(path, null, reason);
}
