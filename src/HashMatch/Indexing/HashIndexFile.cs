using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using HashMatch.IO;

namespace HashMatch.Indexing;

/// <summary>
/// Saves and loads a <see cref="HashIndex"/> in HashMatch's binary index format version 1 (PDQ rows and numeric ids),
/// atomically and checksummed. Index files of version 2 keep whole lists — ids, exact hashes, qualities, metadata and
/// the structure's tables, memory-mapped when loaded — and are read and written by <c>KnownListFile</c> (which also
/// loads version 1).
/// </summary>
/// <remarks>Byte layout, saving and loading: <c>docs/formats.md</c>, "Index files", "Version 1".</remarks>
public static class HashIndexFile
{
    /// <summary>The current format version.</summary>
    internal const int FormatVersion = 1;

    private const int HeaderSize = 32;
    private const int ChecksumSize = 8;
    private const int BytesPerEntry = (HashStore.Words * sizeof(ulong)) + sizeof(long);
    private static ReadOnlySpan<byte> Magic => "HMINDEX\0"u8;

    /// <summary>Writes the index's current entries to <paramref name="path"/>, replacing any file there atomically.</summary>
    /// <exception cref="HashMatchException">The file cannot be written (reason <see cref="HashMatchErrorReason.WriteFailed"/>).</exception>
    public static void Save(HashIndex index, string path)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(path);
        IndexEntry[] entries = index.GetEntries();
        AtomicFile.Write(path, file =>
        {
            var checksum = new XxHash3();
            void Write(ReadOnlySpan<byte> bytes)
            {
                checksum.Append(bytes);
                file.Write(bytes);
            }

            Span<byte> header = stackalloc byte[HeaderSize];
            header.Clear();
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
            BinaryPrimitives.WriteInt32LittleEndian(header[12..], (int)index.Kind);
            BinaryPrimitives.WriteInt64LittleEndian(header[16..], entries.Length);
            Write(header);

            Span<byte> buffer = stackalloc byte[32];
            foreach (var entry in entries)
            {
                for (int w = 0; w < HashStore.Words; w++)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(buffer[(w * 8)..], entry.Hash.GetWord(w));
                }

                Write(buffer);
            }

            foreach (var entry in entries)
            {
                BinaryPrimitives.WriteInt64LittleEndian(buffer, entry.Id);
                Write(buffer[..8]);
            }

            BinaryPrimitives.WriteUInt64LittleEndian(buffer, checksum.GetCurrentHashAsUInt64());
            file.Write(buffer[..ChecksumSize]);
        });
    }

    /// <summary>Reads an index file, verifying its size and checksum, and builds the index it names.</summary>
    /// <param name="path">The file.</param>
    /// <param name="kind">Build this structure instead of the one recorded in the file.</param>
    /// <exception cref="HashMatchException">The file is missing, not an index file, truncated or corrupt.</exception>
    public static HashIndex Load(string path, IndexKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using FileStream file = InputFile.OpenRead(path);
            return Read(file, path, kind);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, e.Message, e);
        }
        catch (EndOfStreamException e)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Truncated, "the file ends before its data does", e);
        }
        catch (IOException e)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, e.Message, e);
        }
    }

    private static HashIndex Read(FileStream file, string path, IndexKind? kindOverride)
    {
        long length = file.Length;
        if (length == 0)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Empty, "the index file is empty");
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        int headerBytes = file.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false);
        if (headerBytes < Magic.Length || !header[..Magic.Length].SequenceEqual(Magic))
        {
            throw new HashMatchException(path, HashMatchErrorReason.UnsupportedFormat, "not a HashMatch index file (wrong magic bytes)");
        }

        if (headerBytes < HeaderSize)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Truncated, $"the file ends inside its {HeaderSize}-byte header");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version != FormatVersion)
        {
            throw new HashMatchException(path, HashMatchErrorReason.UnsupportedFormat, version == 2
                ? "format version 2 (a whole list with its index): load it with KnownListFile.Load or 'hashmatch match --index'"
                : $"format version {version}; this reader takes version {FormatVersion}");
        }

        var kind = (IndexKind)BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (!InternalIndexKinds.IsKnown(kind))
        {
            throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"unknown index kind {(int)kind} in the header");
        }

        long count = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        long maxCount = (long)Array.MaxLength / HashStore.Words;
        if (count < 0 || count > maxCount)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"the header gives an impossible entry count {count}");
        }

        // Checked before allocating anything: a damaged count cannot make us reserve memory the file does not back.
        long expected = HeaderSize + (count * BytesPerEntry) + ChecksumSize;
        if (length != expected)
        {
            throw new HashMatchException(
                path,
                length < expected ? HashMatchErrorReason.Truncated : HashMatchErrorReason.Corrupt,
                $"the header gives {count:N0} entries, which need {expected:N0} bytes; the file has {length:N0}");
        }

        var checksum = new XxHash3();
        checksum.Append(header);
        HashStore store = HashStore.Create((int)count, out Span<ulong> rows, out Span<long> ids);
        ReadBlock(file, MemoryMarshal.AsBytes(rows), checksum);
        ReadBlock(file, MemoryMarshal.AsBytes(ids), checksum);
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i] = BinaryPrimitives.ReverseEndianness(rows[i]);
            }

            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = BinaryPrimitives.ReverseEndianness(ids[i]);
            }
        }

        Span<byte> stored = stackalloc byte[ChecksumSize];
        file.ReadExactly(stored);
        ulong expectedSum = BinaryPrimitives.ReadUInt64LittleEndian(stored), actualSum = checksum.GetCurrentHashAsUInt64();
        if (expectedSum != actualSum)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"checksum mismatch: the file says {expectedSum:x16}, its contents give {actualSum:x16}");
        }

        return HashIndex.FromStore(kindOverride ?? kind, store);
    }

    private static void ReadBlock(FileStream file, Span<byte> destination, XxHash3 checksum)
    {
        const int Chunk = 1 << 20;
        for (int offset = 0; offset < destination.Length; offset += Chunk)
        {
            Span<byte> part = destination.Slice(offset, Math.Min(Chunk, destination.Length - offset));
            file.ReadExactly(part);
            checksum.Append(part);
        }
    }
}
