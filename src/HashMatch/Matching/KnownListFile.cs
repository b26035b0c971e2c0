using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using HashMatch.Indexing;
using HashMatch.IO;

namespace HashMatch.Matching;

/// <summary>
/// Index files: a <see cref="KnownList"/> saved whole — every entry's id, list name, quality, PDQ hash, MD5 / SHA-1 /
/// SHA-256, PhotoDNA value, metadata and augmented flag, the threshold it was built for and the index structure
/// with its tables — so that loading maps the file and builds nothing (format version 2). Version 1 files (PDQ
/// rows and numeric ids only, <see cref="HashIndexFile"/>) still load.
/// </summary>
/// <remarks>Byte layout of every section, and what loading verifies: <c>docs/formats.md</c>, "Index files", "Version 2".</remarks>
public static class KnownListFile
{
    private static readonly uint ListHeader = SectionFile.Tag("LSTH");
    private static readonly uint IdStarts = SectionFile.Tag("IDSO");
    private static readonly uint IdBytes = SectionFile.Tag("IDSB");
    private static readonly uint Quality = SectionFile.Tag("QUAL");
    private static readonly uint Flags = SectionFile.Tag("FLAG");
    private static readonly uint MetadataIndex = SectionFile.Tag("MDTI");
    private static readonly uint MetadataStarts = SectionFile.Tag("MDTO");
    private static readonly uint MetadataBytes = SectionFile.Tag("MDTB");
    private static readonly uint SourceIndex = SectionFile.Tag("SRCI");
    private static readonly uint SourceStarts = SectionFile.Tag("SRCO");
    private static readonly uint SourceBytes = SectionFile.Tag("SRCB");
    private static readonly uint[] Digests = [SectionFile.Tag("MD5D"), SectionFile.Tag("SH1D"), SectionFile.Tag("S25D")];
    private static readonly uint[] SortedDigests = [SectionFile.Tag("MD5S"), SectionFile.Tag("SH1S"), SectionFile.Tag("S25S")];
    private static readonly uint PhotoDnaEntries = SectionFile.Tag("PDNE");
    private static readonly uint PhotoDnaStarts = SectionFile.Tag("PDNO");
    private static readonly uint PhotoDnaBytes = SectionFile.Tag("PDNB");

    // Written only when some entry has a local-feature signal, so a file without any is byte for byte what it was
    // before the signal existed; a reader without them refuses such a file (the entries' HasLocal flag is unknown to it).
    private static readonly uint LocalEntries = SectionFile.Tag("LOCE");
    private static readonly uint LocalStarts = SectionFile.Tag("LOCO");
    private static readonly uint LocalBytes = SectionFile.Tag("LOCB");

    private const int ListHeaderBytes = 16;
    private const int DirectoryCapacity = 64;

    /// <summary>Writes <paramref name="list"/> (entries, index structure and threshold) to <paramref name="path"/>, replacing any file there atomically.</summary>
    /// <exception cref="HashMatchException">The file cannot be written (reason <see cref="HashMatchErrorReason.WriteFailed"/>).</exception>
    public static void Save(KnownList list, string path)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(path);
        list = list.Compacted(); // a list with changes is written as its entries after them
        Write(path, list.Entries, list.Options.MaxDistance, list.Index);
    }

    /// <summary>
    /// Loads an index file of version 2 (mapped, nothing built unless <paramref name="options"/> asks for a threshold
    /// that needs another structure) or version 1 (read and indexed in memory; ids are the file's numbers, qualities
    /// unknown).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Matching options; by default the threshold the file was built for and the default quality limits.</param>
    /// <param name="name">The list's name in reports; by default the file name without its extension.</param>
    /// <param name="privateCopy">
    /// Read the file into memory of this process instead of mapping it, so that nothing later done to the file —
    /// truncated, overwritten in place by another program — reaches the loaded list (a truncated mapping faults the
    /// process at the next read past the new end). Costs the read and the file's size in private memory; mapped
    /// pages are shared between processes instead. <c>hashmatch serve</c> loads its index files this way.
    /// </param>
    /// <exception cref="HashMatchException">The file is missing, not an index file, truncated or corrupt.</exception>
    public static KnownList Load(string path, KnownListOptions? options = null, string? name = null, bool privateCopy = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Open(path, options, name, keepStoredStructure: false, privateCopy).List;
    }

    /// <summary>Loads and verifies an index file and summarises what it holds (<c>hashmatch index info</c>).</summary>
    /// <exception cref="HashMatchException">The file is missing, not an index file, truncated or corrupt.</exception>
    public static KnownListFileInfo Inspect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        (KnownList list, int version, int? radius, int sections, long length) = Open(path, null, null, keepStoredStructure: true, privateCopy: false);
        EntryTable table = list.Entries;
        int[] perSource = CountPerSource(table.Columns);
        int augmented = CountFlag(table.Columns.Flags.Span, EntryTable.EntryFlags.Augmented);
        GC.KeepAlive(list);
        return new KnownListFileInfo
        {
            Path = path,
            Version = version,
            FileBytes = length,
            Entries = table.Count,
            Lists = [.. table.Sources.Select((source, i) => new ListEntryCount(source, perSource[i]))],
            Pdq = table.Pdq.Count,
            Md5 = table.Exact(ExactHashAlgorithm.Md5).Sorted.Length,
            Sha1 = table.Exact(ExactHashAlgorithm.Sha1).Sorted.Length,
            Sha256 = table.Exact(ExactHashAlgorithm.Sha256).Sorted.Length,
            PhotoDna = table.Columns.PhotoDnaEntries.Length,
            Local = table.LocalEntries.Length,
            Augmented = augmented,
            MaxDistance = radius,
            Kind = list.Index.Kind,
            Sections = sections,
            MemoryBytes = list.MemoryBytes,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one pass over ten million entries, run once: skip tier 0
    private static int[] CountPerSource(EntryColumns columns)
    {
        var counts = new int[columns.Sources.Count];
        foreach (ushort source in columns.Source.Span)
        {
            counts[source]++;
        }

        return counts;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountFlag(ReadOnlySpan<byte> flags, EntryTable.EntryFlags flag)
    {
        int count = 0;
        foreach (byte f in flags)
        {
            count += (f & (byte)flag) != 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// Writes <paramref name="table"/> with the index structure for <paramref name="maxDistance"/>: the tables of
    /// <paramref name="index"/> when given (its main segment must be over the table's PDQ rows), else built one chunk
    /// at a time while writing (the streaming path of <c>hashmatch index build</c>: no in-memory index).
    /// </summary>
    internal static void Write(string path, EntryTable table, int maxDistance, HashIndex? index = null)
    {
        Write(path, EntrySegments.Of(table), maxDistance, index);
        GC.KeepAlive(table);
    }

    /// <summary>
    /// Writes the entries a builder collected straight from its chunks (the builder is sealed, and its spill file
    /// closed: it cannot be read afterwards). The exact-hash columns are sorted on another core while the index's
    /// sections, which come first, are written.
    /// </summary>
    internal static void Write(string path, EntryTableBuilder builder, int maxDistance, IndexKind? structure = null)
    {
        (IReadOnlyList<ReadOnlyMemory<ulong>> rows, IEnumerable<ReadOnlyMemory<long>> ids, int count) = builder.PdqSegments();
        Task<EntrySegments> sealing = Task.Run(builder.Seal);
        bool written = false;
        try
        {
            AtomicFile.Write(path, stream =>
            {
                var writer = new SectionFileWriter(stream, DirectoryCapacity);
                IndexSections.Write(rows, ids, count, structure ?? HashIndex.ChooseKind(count, maxDistance), writer);
                WriteEntries(writer, sealing.GetAwaiter().GetResult(), maxDistance);
                writer.Finish();
            });
            written = true;
        }
        finally
        {
            if (!written)
            {
                // Never leave the sort running on a builder the caller drops; the write's own error is the one to report.
                try
                {
                    sealing.Wait();
                }
                catch (AggregateException)
                {
                }
            }

            builder.CloseSpill();
        }
    }

    private static void Write(string path, EntrySegments columns, int maxDistance, HashIndex? index)
    {
        AtomicFile.Write(path, stream =>
        {
            // Index sections first (the streaming writer above sorts the exact-hash columns meanwhile); both writers
            // give the same bytes.
            var writer = new SectionFileWriter(stream, DirectoryCapacity);
            if (index is not null)
            {
                IndexSections.Write(index, writer);
            }
            else
            {
                IndexSections.Write(columns.PdqRows, columns.PdqIds, columns.PdqCount, HashIndex.ChooseKind(columns.PdqCount, maxDistance), writer);
            }

            WriteEntries(writer, columns, maxDistance);
            writer.Finish();
        });
    }

    private static void WriteEntries(SectionFileWriter writer, EntrySegments c, int maxDistance)
    {
        Span<byte> header = stackalloc byte[ListHeaderBytes];
        header.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(header, c.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], maxDistance);
        writer.WriteSection(ListHeader, (ReadOnlySpan<byte>)header);
        writer.WriteSection(IdStarts, c.IdStarts);
        writer.WriteSection(IdBytes, c.IdBytes);
        writer.WriteSection(Quality, c.Quality);
        writer.WriteSection(Flags, c.Flags);
        writer.WriteSection(MetadataIndex, c.Metadata);
        writer.WriteSection(MetadataStarts, c.MetadataStarts);
        writer.WriteSection(MetadataBytes, c.MetadataBytes);
        writer.WriteSection(SourceIndex, c.Source);
        var starts = new long[c.Sources.Count + 1];
        var names = new List<byte>();
        for (int s = 0; s < c.Sources.Count; s++)
        {
            names.AddRange(Encoding.UTF8.GetBytes(c.Sources[s]));
            starts[s + 1] = names.Count;
        }

        writer.WriteSection(SourceStarts, (ReadOnlySpan<long>)starts);
        writer.WriteSection(SourceBytes, (ReadOnlySpan<byte>)[.. names]);
        for (int a = 0; a < EntryTable.Algorithms.Length; a++)
        {
            writer.WriteSection(Digests[a], c.Digests[a]);
            writer.WriteSection(SortedDigests[a], c.Sorted[a].Span);
        }

        writer.WriteSection(PhotoDnaEntries, c.PhotoDnaEntries);
        writer.WriteSection(PhotoDnaStarts, c.PhotoDnaStarts);
        writer.WriteSection(PhotoDnaBytes, c.PhotoDnaBytes);
        if (c.LocalEntries.Sum(piece => piece.Length) > 0)
        {
            writer.WriteSection(LocalEntries, c.LocalEntries);
            writer.WriteSection(LocalStarts, c.LocalStarts);
            writer.WriteSection(LocalBytes, c.LocalBytes);
        }
    }

    private static (KnownList List, int Version, int? Radius, int Sections, long Length) Open(string path, KnownListOptions? options, string? name, bool keepStoredStructure, bool privateCopy)
    {
        name ??= Path.GetFileNameWithoutExtension(path);
        if (string.IsNullOrEmpty(name))
        {
            name = path;
        }

        MappedFile mapped = privateCopy ? MappedFile.ReadIntoMemory(path) : MappedFile.Open(path);
        if (SectionFile.PeekVersion(mapped) == HashIndexFile.FormatVersion)
        {
            HashIndex v1 = HashIndexFile.Load(path);
            return (KnownList.FromIndex(name, v1, options), HashIndexFile.FormatVersion, null, 0, mapped.Length);
        }

        SectionFile file = SectionFile.Open(mapped);
        (EntryTable table, int radius) = ReadEntries(file);
        options ??= new KnownListOptions { MaxDistance = radius };
        (IndexKind stored, _, _) = IndexSections.ReadHeader(file);

        // The stored structure (chosen for the file's threshold, or picked when it was built) is kept unless the
        // threshold asked for now would choose another.
        IndexKind wanted = keepStoredStructure || HashIndex.ChooseKind(table.Pdq.Count, options.MaxDistance) == HashIndex.ChooseKind(table.Pdq.Count, radius)
            ? stored
            : HashIndex.ChooseKind(table.Pdq.Count, options.MaxDistance);
        HashIndex index = IndexSections.Read(file, wanted);
        return (KnownList.FromTable(name, table, options, index), SectionFile.Version, radius, file.Sections.Count, mapped.Length);
    }

    private static (EntryTable Table, int Radius) ReadEntries(SectionFile file)
    {
        ReadOnlySpan<byte> header = file.Bytes(ListHeader);
        if (header.Length != ListHeaderBytes || BinaryPrimitives.ReadInt32LittleEndian(header[12..]) != 0)
        {
            throw Corrupt(file, "the list header is malformed");
        }

        long count = BinaryPrimitives.ReadInt64LittleEndian(header);
        int radius = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (count is < 0 or >= int.MaxValue || radius is < 0 or > PdqHash.BitLength)
        {
            throw Corrupt(file, $"the list header gives {count} entries at threshold {radius}");
        }

        int n = (int)count;
        long sources = Values(file, SourceStarts, sizeof(long)) - 1;
        if (sources is < 0 or > ushort.MaxValue + 1)
        {
            throw Corrupt(file, "the list-name table is malformed");
        }

        ReadOnlySpan<long> sourceStarts = file.Read<long>(SourceStarts, sources + 1).Span;
        ReadOnlySpan<byte> sourceBytes = file.Bytes(SourceBytes);
        var names = new string[(int)sources];
        for (int s = 0; s < sources; s++)
        {
            if (sourceStarts[s] < 0 || sourceStarts[s + 1] < sourceStarts[s] || sourceStarts[s + 1] > sourceBytes.Length)
            {
                throw Corrupt(file, "the list-name offsets are out of range");
            }

            names[s] = Encoding.UTF8.GetString(sourceBytes[(int)sourceStarts[s]..(int)sourceStarts[s + 1]]);
        }

        var exact = new ExactColumn[EntryTable.Algorithms.Length];
        for (int a = 0; a < exact.Length; a++)
        {
            exact[a] = new ExactColumn(EntryTable.Algorithms[a], Blob(file, Digests[a]), file.Read<int>(SortedDigests[a], Values(file, SortedDigests[a], sizeof(int))));
        }

        long photoDna = Values(file, PhotoDnaEntries, sizeof(int));
        long local = file.Has(LocalEntries) ? Values(file, LocalEntries, sizeof(int)) : 0;
        var columns = new EntryColumns
        {
            Count = n,
            IdStarts = file.Read<long>(IdStarts, (long)n + 1),
            IdBytes = Blob(file, IdBytes),
            Quality = file.Read<byte>(Quality, n),
            Flags = file.Read<byte>(Flags, n),
            Metadata = file.Read<int>(MetadataIndex, n),
            MetadataStarts = file.Read<long>(MetadataStarts, Values(file, MetadataStarts, sizeof(long))),
            MetadataBytes = Blob(file, MetadataBytes),
            Source = file.Read<ushort>(SourceIndex, n),
            Sources = names,
            Exact = exact,
            PhotoDnaEntries = file.Read<int>(PhotoDnaEntries, photoDna),
            PhotoDnaStarts = file.Read<long>(PhotoDnaStarts, photoDna + 1),
            PhotoDnaBytes = Blob(file, PhotoDnaBytes),
            LocalEntries = local > 0 ? file.Read<int>(LocalEntries, local) : ReadOnlyMemory<int>.Empty,
            LocalStarts = local > 0 ? file.Read<long>(LocalStarts, local + 1) : new long[1],
            LocalBytes = local > 0 ? Blob(file, LocalBytes) : ReadOnlyMemory<byte>.Empty,
            Pdq = IndexSections.ReadStore(file),
        };
        if (EntryTable.Validate(columns) is { } problem)
        {
            throw Corrupt(file, problem);
        }

        return (new EntryTable(columns), radius);
    }

    /// <summary>How many values of <paramref name="size"/> bytes the section holds (the read then checks it divides exactly).</summary>
    private static long Values(SectionFile file, uint tag, int size) => file.LengthOf(tag) / size + (file.LengthOf(tag) % size == 0 ? 0 : 1);

    private static ReadOnlyMemory<byte> Blob(SectionFile file, uint tag)
    {
        long length = file.LengthOf(tag);
        if (length > int.MaxValue)
        {
            throw Corrupt(file, $"section {SectionFile.TagName(tag)} is larger than 2 GiB");
        }

        return file.Read<byte>(tag, length);
    }

    private static HashMatchException Corrupt(SectionFile file, string message) => new(file.Path, HashMatchErrorReason.Corrupt, message);
}

/// <summary>What an index file holds (<see cref="KnownListFile.Inspect"/>); every checksum was verified to produce it.</summary>
public sealed class KnownListFileInfo
{
    internal KnownListFileInfo()
    {
    }

    /// <summary>The file.</summary>
    public string Path { get; internal init; } = "";

    /// <summary>Format version (1: PDQ rows and numeric ids; 2: everything a list holds).</summary>
    public int Version { get; internal init; }

    /// <summary>File size in bytes.</summary>
    public long FileBytes { get; internal init; }

    /// <summary>Number of entries.</summary>
    public int Entries { get; internal init; }

    /// <summary>The lists the entries came from, with their entry counts, in the order they were added.</summary>
    public IReadOnlyList<ListEntryCount> Lists { get; internal init; } = [];

    /// <summary>Entries with a PDQ hash.</summary>
    public int Pdq { get; internal init; }

    /// <summary>Entries with an MD5.</summary>
    public int Md5 { get; internal init; }

    /// <summary>Entries with a SHA-1.</summary>
    public int Sha1 { get; internal init; }

    /// <summary>Entries with a SHA-256.</summary>
    public int Sha256 { get; internal init; }

    /// <summary>Entries carrying a PhotoDNA value (kept, not matched).</summary>
    public int PhotoDna { get; internal init; }

    /// <summary>Entries carrying a local-feature signal (<c>hashmatch hash --signal local</c>; matched, never exported).</summary>
    [System.Diagnostics.CodeAnalysis.Experimental(global::HashMatch.Local.LocalApi.DiagnosticId)]
    public int Local { get; internal init; }

    /// <summary>Augmented entries (extra hashes of an original).</summary>
    public int Augmented { get; internal init; }

    /// <summary>The PDQ threshold the structure was chosen for (null for version 1 files, which do not record it).</summary>
    public int? MaxDistance { get; internal init; }

    /// <summary>The index structure stored (version 2) or named (version 1).</summary>
    public IndexKind Kind { get; internal init; }

    /// <summary>Number of checksummed sections (0 for version 1, which has one checksum over the whole file).</summary>
    public int Sections { get; internal init; }

    /// <summary>Bytes the loaded list holds, mapped or managed.</summary>
    public long MemoryBytes { get; internal init; }
}

/// <summary>A list's name and how many entries of an index file came from it.</summary>
public sealed class ListEntryCount
{
    internal ListEntryCount(string list, int entries)
    {
        List = list;
        Entries = entries;
    }

    /// <summary>The list's name.</summary>
    public string List { get; }

    /// <summary>Its entries.</summary>
    public int Entries { get; }
}
