using System.Buffers;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HashMatch.IO;

/// <summary>
/// A whole file mapped read-only into memory. Pages are read from the file on first touch and are the operating
/// system's page cache pages, so every process that maps the same file shares one copy of them. Or, when the file
/// may change under the process, a private copy read into native memory (<see cref="ReadIntoMemory"/>), served the
/// same way.
/// </summary>
/// <remarks>
/// <para>
/// The mapping stays valid as long as this object or any <see cref="ReadOnlyMemory{T}"/> made by <see cref="Memory{T}"/>
/// is reachable (each memory's manager references this object), and is released by the view's finalizer after the
/// last one is gone. There is deliberately no <c>Dispose</c>: unmapping while a query on another thread still reads
/// through a span would be a crash, not an exception. Code that takes a span from such memory keeps its owner
/// reachable until it is done with the span (<see cref="GC.KeepAlive"/> where the owner could otherwise die early).
/// </para>
/// <para>Mapped memory is read-only; writing through a span obtained from it faults.</para>
/// </remarks>
internal sealed unsafe class MappedFile
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _pointer;

    private readonly bool _ownsMemory;

    private MappedFile(string path, MemoryMappedFile? file, MemoryMappedViewAccessor? view, long length)
    {
        Path = path;
        _file = file;
        _view = view;
        Length = length;
        _pointer = view is null ? null : (byte*)view.SafeMemoryMappedViewHandle.DangerousGetHandle() + view.PointerOffset;
    }

    private MappedFile(string path, byte* copy, long length)
    {
        Path = path;
        Length = length;
        _pointer = copy;
        _ownsMemory = true;
        GC.AddMemoryPressure(length);
    }

    /// <summary>Frees a private copy (<see cref="ReadIntoMemory"/>) once nothing made from it is reachable; a mapping is the view's to release.</summary>
    ~MappedFile()
    {
        if (_ownsMemory && _pointer is not null)
        {
            NativeMemory.AlignedFree(_pointer);
            GC.RemoveMemoryPressure(Length);
        }
    }

    /// <summary>The path the file was opened as (named in errors).</summary>
    public string Path { get; }

    /// <summary>The file's length in bytes.</summary>
    public long Length { get; }

    /// <summary>Maps <paramref name="path"/> (a regular file, opened through <see cref="InputFile"/>).</summary>
    /// <exception cref="HashMatchException">The path is missing, not a regular file, or cannot be mapped.</exception>
    public static MappedFile Open(string path)
    {
        FileStream stream = InputFile.OpenRead(path, bufferSize: 1);
        try
        {
            long length = stream.Length;
            if (length == 0)
            {
                stream.Dispose();
                return new MappedFile(path, null, null, 0); // an empty file cannot be mapped; callers reject it by length
            }

            MemoryMappedFile file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            MemoryMappedViewAccessor view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            return new MappedFile(path, file, view, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            stream.Dispose();
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, $"cannot map the file: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads <paramref name="path"/> whole into memory of this process (page-aligned, outside the managed heap) and
    /// serves it exactly as a mapping would. Nothing done to the file afterwards reaches this copy: a mapped file
    /// truncated by another program faults the process at the next read of a page past the new end (SIGBUS, not an
    /// exception), and bytes overwritten in place change what is read. The price is the read and no page sharing.
    /// </summary>
    /// <exception cref="HashMatchException">The path is missing, not a regular file, or cannot be read.</exception>
    public static MappedFile ReadIntoMemory(string path)
    {
        using FileStream stream = InputFile.OpenRead(path, bufferSize: 1);
        long length = stream.Length;
        if (length == 0)
        {
            return new MappedFile(path, null, null, 0);
        }

        byte* memory = (byte*)NativeMemory.AlignedAlloc((nuint)length, 4096);
        try
        {
            for (long done = 0; done < length;)
            {
                int read = stream.Read(new Span<byte>(memory + done, (int)Math.Min(length - done, 1 << 30)));
                if (read == 0)
                {
                    throw new IOException($"the file ended after {done} of {length} bytes while being read");
                }

                done += read;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            NativeMemory.AlignedFree(memory);
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, $"cannot read the file: {e.Message}", e);
        }

        return new MappedFile(path, memory, length);
    }

    /// <summary>Bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) of the file.</summary>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        CheckRange(offset, length);
        return new ReadOnlySpan<byte>(_pointer + offset, length);
    }

    /// <summary>
    /// <paramref name="count"/> values of <typeparamref name="T"/> starting at byte <paramref name="offset"/> (which
    /// must be aligned to the size of <typeparamref name="T"/>), as memory that keeps this mapping alive.
    /// </summary>
    public ReadOnlyMemory<T> Memory<T>(long offset, int count)
        where T : unmanaged
    {
        CheckRange(offset, (long)count * sizeof(T));
        if (count == 0)
        {
            return ReadOnlyMemory<T>.Empty;
        }

        if (((nint)(_pointer + offset) & (sizeof(T) - 1)) != 0)
        {
            throw new ArgumentException($"Offset {offset} is not aligned for {typeof(T).Name}.", nameof(offset));
        }

        return new Manager<T>(this, (T*)(_pointer + offset), count).Memory;
    }

    private void CheckRange(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Bytes {offset}+{length} lie outside the {Length}-byte file.");
        }
    }

    /// <summary>Mapped memory as <see cref="Memory{T}"/>; holds the mapping so it lives as long as any memory made from it.</summary>
    private sealed class Manager<T>(MappedFile owner, T* pointer, int length) : MemoryManager<T>
        where T : unmanaged
    {
        public MappedFile Owner => owner;

        public override Span<T> GetSpan() => new(pointer, length);

        // The mapping never moves: pinning is a no-op.
        public override MemoryHandle Pin(int elementIndex = 0) => new(Unsafe.Add<T>(pointer, elementIndex), default, null);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
