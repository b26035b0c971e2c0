using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace HashMatch.IO;

/// <summary>
/// A verified, memory-mapped file of checksummed sections (the container of index files from version 2 on; the
/// layers above decide what the sections hold). <see cref="SectionFileWriter"/> writes one.
/// </summary>
/// <remarks>Header and directory layout, and what opening checks: <c>docs/formats.md</c>, "Index files", "Version 2".</remarks>
internal sealed class SectionFile
{
    /// <summary>The version this container is.</summary>
    public const int Version = 2;

    /// <summary>Bytes of the fixed header.</summary>
    public const int HeaderSize = 64;

    /// <summary>Bytes of one directory entry.</summary>
    public const int EntrySize = 32;

    /// <summary>Sections start at multiples of this (a cache line; mapped files start page-aligned).</summary>
    public const int Alignment = 64;

    /// <summary>Largest directory a file may declare.</summary>
    public const int MaxSections = 1024;

    private const int ChecksumOffset = 56;

    /// <summary>Files at least this large verify their sections on all cores (XXH3 does 64 MiB in a few milliseconds).</summary>
    private const long ParallelVerifyBytes = 64L << 20;

    private readonly Dictionary<uint, SectionInfo> _byTag;

    private SectionFile(MappedFile file, IReadOnlyList<SectionInfo> sections)
    {
        File = file;
        Sections = sections;
        _byTag = sections.ToDictionary(s => s.Tag);
    }

    /// <summary>The magic bytes every HashMatch index file starts with (version 1 too).</summary>
    public static ReadOnlySpan<byte> Magic => "HMINDEX\0"u8;

    /// <summary>The mapped file.</summary>
    public MappedFile File { get; }

    /// <summary>The file's path.</summary>
    public string Path => File.Path;

    /// <summary>The sections, in file order.</summary>
    public IReadOnlyList<SectionInfo> Sections { get; }

    /// <summary>
    /// The format version of a HashMatch index file (its magic and the int32 after it), or null when the file does
    /// not start with the magic bytes.
    /// </summary>
    public static int? PeekVersion(MappedFile file)
    {
        if (file.Length < Magic.Length || !file.Span(0, Magic.Length).SequenceEqual(Magic))
        {
            return null;
        }

        return file.Length < 12 ? 0 : BinaryPrimitives.ReadInt32LittleEndian(file.Span(8, 4));
    }

    /// <summary>Verifies the mapped <paramref name="file"/> as a section file (see the remarks).</summary>
    /// <exception cref="HashMatchException">The file is empty, not a section file, truncated or damaged.</exception>
    public static SectionFile Open(MappedFile file)
    {
        string path = file.Path;
        long length = file.Length;
        if (length == 0)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Empty, "the index file is empty");
        }

        int? version = PeekVersion(file);
        if (version is null)
        {
            throw new HashMatchException(path, HashMatchErrorReason.UnsupportedFormat, "not a HashMatch index file (wrong magic bytes)");
        }

        if (length < HeaderSize)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Truncated, $"the file ends inside its {HeaderSize}-byte header");
        }

        if (version != Version)
        {
            throw new HashMatchException(path, HashMatchErrorReason.UnsupportedFormat, $"format version {version}; expected {Version}");
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new HashMatchException(path, HashMatchErrorReason.UnsupportedFormat, "index files of version 2 are mapped as little-endian data; this machine is big-endian");
        }

        ReadOnlySpan<byte> header = file.Span(0, HeaderSize);
        int count = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        long recordedLength = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        int capacity = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        if (capacity is < 0 or > MaxSections || count < 0 || count > capacity)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"the header gives an impossible directory ({count} of {capacity} sections)");
        }

        long directoryEnd = HeaderSize + ((long)EntrySize * capacity);
        if (length < directoryEnd)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Truncated, $"the file ends inside its section directory ({length:N0} of {directoryEnd:N0} bytes)");
        }

        ReadOnlySpan<byte> directory = file.Span(HeaderSize, EntrySize * capacity);
        var headerHash = new XxHash3();
        headerHash.Append(header[..ChecksumOffset]);
        headerHash.Append(directory);
        ulong storedHeaderHash = BinaryPrimitives.ReadUInt64LittleEndian(header[ChecksumOffset..]), actualHeaderHash = headerHash.GetCurrentHashAsUInt64();
        if (storedHeaderHash != actualHeaderHash)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"header checksum mismatch: the file says {storedHeaderHash:x16}, its header gives {actualHeaderHash:x16}");
        }

        if (recordedLength != length)
        {
            throw new HashMatchException(
                path,
                length < recordedLength ? HashMatchErrorReason.Truncated : HashMatchErrorReason.Corrupt,
                $"the header gives a file of {recordedLength:N0} bytes; the file has {length:N0}");
        }

        if (header[28..ChecksumOffset].ContainsAnyExcept((byte)0))
        {
            throw new HashMatchException(path, HashMatchErrorReason.Corrupt, "reserved header bytes are not zero");
        }

        List<SectionInfo> sections = ReadDirectory(path, directory, count, directoryEnd, length);
        VerifyGaps(file, sections, directoryEnd);
        VerifyChecksums(file, sections);
        return new SectionFile(file, sections);
    }

    /// <summary>Whether the file has a section <paramref name="tag"/>.</summary>
    public bool Has(uint tag) => _byTag.ContainsKey(tag);

    /// <summary>The byte length of section <paramref name="tag"/>.</summary>
    /// <exception cref="HashMatchException">The file has no such section (reason <see cref="HashMatchErrorReason.Corrupt"/>).</exception>
    public long LengthOf(uint tag) => Find(tag).Length;

    /// <summary>
    /// Section <paramref name="tag"/> as <paramref name="count"/> values of <typeparamref name="T"/> starting at value
    /// <paramref name="start"/>; the section must hold exactly <paramref name="sectionCount"/> values.
    /// </summary>
    /// <exception cref="HashMatchException">The section is missing or has another size (reason <see cref="HashMatchErrorReason.Corrupt"/>).</exception>
    public unsafe ReadOnlyMemory<T> Read<T>(uint tag, long sectionCount, long start = 0, int? count = null)
        where T : unmanaged
    {
        SectionInfo section = Find(tag);
        if (sectionCount < 0 || section.Length != sectionCount * sizeof(T))
        {
            throw new HashMatchException(Path, HashMatchErrorReason.Corrupt, $"section {TagName(tag)} holds {section.Length:N0} bytes; {sectionCount:N0} values of {sizeof(T)} bytes were expected");
        }

        int take = count ?? checked((int)(sectionCount - start));
        return File.Memory<T>(section.Offset + (start * sizeof(T)), take);
    }

    /// <summary>Section <paramref name="tag"/> as bytes (it must be shorter than 2 GiB).</summary>
    public ReadOnlySpan<byte> Bytes(uint tag)
    {
        SectionInfo section = Find(tag);
        if (section.Length > Array.MaxLength)
        {
            throw new HashMatchException(Path, HashMatchErrorReason.Corrupt, $"section {TagName(tag)} is too large to read as one block");
        }

        return File.Span(section.Offset, (int)section.Length);
    }

    /// <summary>A four-character tag as the uint the directory stores.</summary>
    public static uint Tag(string fourCharacters)
    {
        if (fourCharacters.Length != 4 || !Ascii.IsValid(fourCharacters))
        {
            throw new ArgumentException("Tags are four ASCII characters.", nameof(fourCharacters));
        }

        Span<byte> bytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(fourCharacters, bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>A tag as its four characters (non-printable bytes as '?').</summary>
    public static string TagName(uint tag)
    {
        Span<char> name = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            char c = (char)((tag >> (8 * i)) & 0xFF);
            name[i] = c is >= ' ' and <= '~' ? c : '?';
        }

        return new string(name);
    }

    private SectionInfo Find(uint tag) =>
        _byTag.TryGetValue(tag, out SectionInfo section)
            ? section
            : throw new HashMatchException(Path, HashMatchErrorReason.Corrupt, $"the file has no {TagName(tag)} section");

    private static List<SectionInfo> ReadDirectory(string path, ReadOnlySpan<byte> directory, int count, long directoryEnd, long length)
    {
        var sections = new List<SectionInfo>(count);
        var tags = new HashSet<uint>();
        long end = directoryEnd;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> entry = directory.Slice(i * EntrySize, EntrySize);
            var section = new SectionInfo(
                BinaryPrimitives.ReadUInt32LittleEndian(entry),
                BinaryPrimitives.ReadInt64LittleEndian(entry[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(entry[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]));
            if (BinaryPrimitives.ReadInt32LittleEndian(entry[4..]) != 0 || section.Offset % Alignment != 0 || section.Offset < end ||
                section.Length < 0 || section.Length > length - section.Offset || !tags.Add(section.Tag))
            {
                throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"directory entry {i} ({TagName(section.Tag)}) is invalid (offset {section.Offset:N0}, length {section.Length:N0})");
            }

            end = section.Offset + section.Length;
            sections.Add(section);
        }

        if (directory[(count * EntrySize)..].ContainsAnyExcept((byte)0))
        {
            throw new HashMatchException(path, HashMatchErrorReason.Corrupt, "unused directory entries are not zero");
        }

        if (end != length)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"the sections end at byte {end:N0}; the file has {length:N0}");
        }

        return sections;
    }

    private static void VerifyGaps(MappedFile file, List<SectionInfo> sections, long directoryEnd)
    {
        long end = directoryEnd;
        foreach (SectionInfo section in sections)
        {
            if (file.Span(end, (int)(section.Offset - end)).ContainsAnyExcept((byte)0))
            {
                throw new HashMatchException(file.Path, HashMatchErrorReason.Corrupt, $"padding before section {TagName(section.Tag)} is not zero");
            }

            end = section.Offset + section.Length;
        }
    }

    private static void VerifyChecksums(MappedFile file, List<SectionInfo> sections)
    {
        // Largest first, so the cores finish together; each section is one XXH3 pass over its mapped pages. Small
        // files are checked on this thread: starting workers would cost more than hashing them.
        SectionInfo[] bySize = [.. sections.OrderByDescending(s => s.Length)];
        SectionInfo? bad = null;
        ulong badActual = 0;
        int degree = file.Length < ParallelVerifyBytes ? 1 : Environment.ProcessorCount;
        Parallel.ForEach(bySize, new ParallelOptions { MaxDegreeOfParallelism = degree }, section =>
        {
            ulong actual = Checksum(file, section.Offset, section.Length);
            if (actual != section.Checksum)
            {
                lock (sections)
                {
                    if (bad is null || bad.Value.Offset > section.Offset)
                    {
                        (bad, badActual) = (section, actual);
                    }
                }
            }
        });

        if (bad is { } damaged)
        {
            throw new HashMatchException(
                file.Path,
                HashMatchErrorReason.Corrupt,
                $"checksum mismatch in section {TagName(damaged.Tag)}: the directory says {damaged.Checksum:x16}, its bytes give {badActual:x16}");
        }
    }

    private static ulong Checksum(MappedFile file, long offset, long length)
    {
        const int Chunk = 1 << 30;
        if (length <= Chunk)
        {
            return XxHash3.HashToUInt64(file.Span(offset, (int)length));
        }

        var hash = new XxHash3();
        for (long done = 0; done < length; done += Chunk)
        {
            hash.Append(file.Span(offset + done, (int)Math.Min(Chunk, length - done)));
        }

        return hash.GetCurrentHashAsUInt64();
    }
}

/// <summary>One directory entry of a <see cref="SectionFile"/>.</summary>
/// <param name="Tag">Four ASCII characters naming what the section holds.</param>
/// <param name="Offset">Byte offset in the file (a multiple of 64).</param>
/// <param name="Length">Byte length.</param>
/// <param name="Checksum">XXH3-64 of the bytes.</param>
internal readonly record struct SectionInfo(uint Tag, long Offset, long Length, ulong Checksum);
