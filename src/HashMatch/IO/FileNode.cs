using System.Runtime.InteropServices;

namespace HashMatch.IO;

/// <summary>What a path names, as the operating system reports it (<c>stat(2)</c>, following symbolic links).</summary>
internal enum FileNodeKind
{
    /// <summary>Nothing (or a dangling symbolic link).</summary>
    Missing,

    /// <summary>A regular file: the only kind HashMatch reads as input.</summary>
    RegularFile,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A named pipe (FIFO): opening it blocks until a writer appears, reading it may never end.</summary>
    NamedPipe,

    /// <summary>A character device such as <c>/dev/zero</c>: endless or unbounded data.</summary>
    CharacterDevice,

    /// <summary>A block device (a disk).</summary>
    BlockDevice,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>Something else the platform reports.</summary>
    Other,
}

/// <summary>
/// The kind and identity (device and inode) of a file system node. .NET reports FIFOs and devices as ordinary files
/// (<see cref="FileSystemInfo.Attributes"/> is <c>Normal</c> for both), so on Linux and macOS this asks <c>stat(2)</c>;
/// the identity lets a folder walk recognise a directory it has already entered through another path (symbolic-link
/// loops). On other platforms the kind comes from .NET and the identity from the full path.
/// </summary>
internal readonly partial record struct FileNode(FileNodeKind Kind, ulong Device, ulong Inode)
{
    /// <summary>Reads the node <paramref name="path"/> names, following symbolic links.</summary>
    public static unsafe FileNode Of(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return Portable(path);
        }

        // struct stat is at most 144 bytes on the 64-bit Linux and macOS ABIs read below.
        byte* buffer = stackalloc byte[256];
        if (Native.Stat(path, buffer) != 0)
        {
            return new FileNode(FileNodeKind.Missing, 0, 0);
        }

        uint mode;
        ulong device, inode;
        if (OperatingSystem.IsMacOS())
        {
            // Darwin's 64-bit-inode struct stat: dev_t (4 bytes), mode_t (2), nlink_t (2), ino_t (8).
            device = *(uint*)buffer;
            mode = *(ushort*)(buffer + 4);
            inode = *(ulong*)(buffer + 8);
        }
        else
        {
            // Linux: st_dev (8), st_ino (8), then st_nlink (8) and st_mode (4) on x86-64; st_mode (4) first on the
            // generic layout of arm64 and the other 64-bit architectures (asm-generic/stat.h).
            device = *(ulong*)buffer;
            inode = *(ulong*)(buffer + 8);
            mode = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? *(uint*)(buffer + 24) : *(uint*)(buffer + 16);
        }

        // S_IFMT and the type bits (POSIX, <sys/stat.h>).
        FileNodeKind kind = (mode & 0xF000) switch
        {
            0x8000 => FileNodeKind.RegularFile,
            0x4000 => FileNodeKind.Directory,
            0x1000 => FileNodeKind.NamedPipe,
            0x2000 => FileNodeKind.CharacterDevice,
            0x6000 => FileNodeKind.BlockDevice,
            0xC000 => FileNodeKind.Socket,
            _ => FileNodeKind.Other,
        };
        return new FileNode(kind, device, inode);
    }

    /// <summary>A phrase for error messages: "a named pipe", "a character device"...</summary>
    public string Describe() => Kind switch
    {
        FileNodeKind.Missing => "missing",
        FileNodeKind.RegularFile => "a regular file",
        FileNodeKind.Directory => "a directory",
        FileNodeKind.NamedPipe => "a named pipe (FIFO)",
        FileNodeKind.CharacterDevice => "a character device",
        FileNodeKind.BlockDevice => "a block device",
        FileNodeKind.Socket => "a socket",
        _ => "not a regular file",
    };

    private static FileNode Portable(string path)
    {
        ulong identity = (ulong)StringComparer.OrdinalIgnoreCase.GetHashCode(Path.GetFullPath(path));
        if (Directory.Exists(path))
        {
            return new FileNode(FileNodeKind.Directory, 0, identity);
        }

        return new FileNode(File.Exists(path) ? FileNodeKind.RegularFile : FileNodeKind.Missing, 0, identity);
    }

    private static unsafe partial class Native
    {
        [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        public static partial int Stat(string path, byte* buffer);
    }
}
