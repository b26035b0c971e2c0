using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace HashMatch.Matching;

/// <summary>
/// A temporary file that the write-only columns of a large <see cref="EntryTableBuilder"/> move their full chunks to
/// (ids, id offsets, qualities, metadata and list indexes: columns nothing computes on before the file is written),
/// so that building an index file of 100 million entries holds in memory only what the build computes on — the PDQ
/// rows, the exact-hash digests and the flags — and the chunks' pages sit in the page cache (the kernel's to keep or
/// write out), not in the process. The file is unlinked as soon as it is created on Unix (deleted on close on
/// Windows), so a killed process leaves nothing behind.
/// </summary>
internal sealed class ColumnSpill : IDisposable
{
    /// <summary>Entries a file-writing builder keeps wholly in memory before it starts spilling (about 120 MB of those columns).</summary>
    public const int DefaultAfterEntries = 1 << 22;

    /// <summary>Chunks copied and waiting to be written at most (the adding thread waits beyond).</summary>
    private const int Pending = 8;

    private readonly string _folder;
    private readonly SemaphoreSlim _free = new(Pending);
    private readonly ConcurrentBag<byte[]> _buffers = [];
    private SafeFileHandle? _file;
    private long _length;
    private Task _writing = Task.CompletedTask;

    /// <summary>A spill in <paramref name="folder"/> (the temporary folder by default) that starts after <paramref name="afterEntries"/> entries.</summary>
    public ColumnSpill(int afterEntries = DefaultAfterEntries, int chunkBytes = 1 << 20, string? folder = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkBytes);
        AfterEntries = afterEntries;
        ChunkBytes = chunkBytes;
        _folder = folder ?? Path.GetTempPath();
    }

    /// <summary>The builder's entry count from which full chunks are moved here.</summary>
    public int AfterEntries { get; }

    /// <summary>Bytes per chunk of a spilling column (smaller in tests, so a few thousand entries spill).</summary>
    public int ChunkBytes { get; }

    /// <summary>Whether full chunks now go to the file (set by the builder once it holds <see cref="AfterEntries"/> entries).</summary>
    public bool Active { get; set; }

    /// <summary>Bytes written so far.</summary>
    public long Length => _length;

    /// <summary>
    /// Appends <paramref name="bytes"/> (at most <see cref="ChunkBytes"/>); returns where they start. The bytes are
    /// copied and written by a thread-pool thread, in order: a write into the page cache costs about as much CPU as
    /// the copy into a fresh page it is, and the adding thread is the build's bottleneck while the other core idles.
    /// </summary>
    public long Append(ReadOnlySpan<byte> bytes)
    {
        SafeFileHandle file = _file ??= Create(_folder);
        _free.Wait();
        if (!_buffers.TryTake(out byte[]? buffer))
        {
            buffer = GC.AllocateUninitializedArray<byte>(ChunkBytes);
        }

        bytes.CopyTo(buffer);
        long at = _length;
        int length = bytes.Length;
        _length += length;
        _writing = _writing.ContinueWith(
            previous =>
            {
                try
                {
                    previous.GetAwaiter().GetResult(); // a failed write fails every later one, and the read that waits
                    RandomAccess.Write(file, buffer.AsSpan(0, length), at);
                }
                finally
                {
                    _buffers.Add(buffer);
                    _free.Release();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
        return at;
    }

    /// <summary>Reads <paramref name="destination"/>'s length of bytes from <paramref name="offset"/> (after every write is done).</summary>
    public void Read(long offset, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_file is null || _file.IsClosed, this);
        try
        {
            _writing.GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw Failed(_folder, "writing", e);
        }

        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(_file, destination, offset);
            if (read == 0)
            {
                throw new EndOfStreamException("The column spill file ended early.");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    /// <summary>Closes (and so deletes) the file, once the writes under way are done.</summary>
    public void Dispose()
    {
        try
        {
            _writing.Wait();
        }
        catch (AggregateException)
        {
            // Reported by the read that needed the data; closing goes ahead.
        }

        _file?.Dispose();
        _free.Dispose();
    }

    /// <summary>A typed error naming the temporary folder: a build past a few million entries needs room there (TMPDIR).</summary>
    private static HashMatchException Failed(string folder, string what, Exception inner) =>
        new(folder, HashMatchErrorReason.WriteFailed, $"{what} the index build's temporary column file (set TMPDIR to a folder with room for about 30 bytes per entry): {inner.Message}", inner);

    private static SafeFileHandle Create(string folder)
    {
        string path = Path.Combine(folder, $".hashmatch-columns.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        bool windows = OperatingSystem.IsWindows();
        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, windows ? FileOptions.DeleteOnClose : FileOptions.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed(folder, "creating", e);
        }

        if (!windows)
        {
            File.Delete(path); // the open handle keeps the data; nothing is left if the process dies
        }

        return file;
    }
}
