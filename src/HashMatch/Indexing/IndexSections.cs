using System.Buffers.Binary;
using System.Globalization;
using HashMatch.IO;

namespace HashMatch.Indexing;

/// <summary>
/// The sections of an index file (version 2, <see cref="SectionFile"/>) that hold a <see cref="HashIndex"/>: its
/// rows and ids and its structure's tables, so loading maps them and builds nothing.
/// </summary>
/// <remarks>The sections' tags and byte layouts: <c>docs/formats.md</c>, "Index files", "Version 2".</remarks>
internal static class IndexSections
{
    /// <summary>The index header section.</summary>
    public static readonly uint Header = SectionFile.Tag("IXHD");

    /// <summary>The hash rows.</summary>
    public static readonly uint Rows = SectionFile.Tag("PDQR");

    /// <summary>The row ids.</summary>
    public static readonly uint Ids = SectionFile.Tag("PDQI");

    /// <summary>The chunk layout of <see cref="IndexKind.MultiIndexSized"/> (the other structures' layouts are fixed).</summary>
    public static readonly uint Layout = SectionFile.Tag("MIHL");

    /// <summary>Most sections these take: header, rows, ids, layout, then up to 16 offset and 16 row tables (or 8 of each and 8 key tables).</summary>
    public const int MaxSectionCount = 36;

    private const int HeaderBytes = 16;

    /// <summary>Version of the <see cref="Layout"/> section's contents: int32 version, int32 chunk count m, m int32 widths.</summary>
    private const int LayoutVersion = 1;

    /// <summary>Writes the index's entries and structure (the published main segment when the index is compact).</summary>
    public static void Write(HashIndex index, SectionFileWriter writer)
    {
        IndexSegment main = index.CompactMain();
        if (main is MultiIndexSegment multi)
        {
            WriteHeader(writer, index.Kind, HeaderChunkBits(index.Kind), main.Store.Count);
            WriteStore(writer, main.Store);
            WriteLayout(writer, index.Kind, multi.Layout);
            for (int c = 0; c < multi.Layout.Count; c++)
            {
                WriteTable(writer, c, multi.Offsets(c).Span, multi.SortedRows(c).Span, multi.SortedKeys(c).Span, multi.Layout.HasKeys(c));
            }

            GC.KeepAlive(main);
            return;
        }

        WriteHeader(writer, index.Kind, 0, main.Store.Count);
        WriteStore(writer, main.Store);
        GC.KeepAlive(main);
    }

    /// <summary>
    /// Writes <paramref name="store"/> with the tables of structure <paramref name="kind"/>, building them one chunk
    /// at a time into reused buffers — so a file for ten million rows needs 80 MB of table memory, not 640 MB.
    /// </summary>
    public static void Write(HashStore store, IndexKind kind, SectionFileWriter writer)
    {
        Write([store.RowMemory], [store.IdMemory], store.Count, kind, writer);
        GC.KeepAlive(store);
    }

    /// <summary>
    /// <see cref="Write(HashStore, IndexKind, SectionFileWriter)"/> for rows and ids held in pieces (each piece of
    /// rows holding whole rows): what a builder that collected them in chunks writes without joining them.
    /// </summary>
    public static void Write(IReadOnlyList<ReadOnlyMemory<ulong>> rowSegments, IEnumerable<ReadOnlyMemory<long>> idSegments, int count, IndexKind kind, SectionFileWriter writer)
    {
        ChunkLayout? layout = LayoutOf(kind, count);
        if (layout is null)
        {
            WriteHeader(writer, kind, HeaderChunkBits(kind), count);
            writer.WriteSection(Rows, rowSegments);
            writer.WriteSection(Ids, idSegments);
            return;
        }

        // One table built per core at a time, each into its own buffer, written in chunk order as they finish (two
        // buffers on two cores: 80 MB at 10 million rows with 16-bit chunks, instead of 640 MB for all sixteen). The
        // first ones start before the rows are written, so writing them (copies into the page cache, a core's work
        // at 100 million rows) overlaps with building.
        int chunks = layout.Count;
        int inFlight = Math.Clamp(Environment.ProcessorCount, 1, chunks);
        TableBuffer[] buffers = [.. Enumerable.Range(0, inFlight).Select(_ => new TableBuffer(count, layout))];
        Task Build(int chunk) => Task.Run(() => buffers[chunk % inFlight].Build(rowSegments, layout, chunk));
        var building = new Task[chunks];
        for (int c = 0; c < inFlight; c++)
        {
            building[c] = Build(c);
        }

        try
        {
            WriteHeader(writer, kind, HeaderChunkBits(kind), count);
            writer.WriteSection(Rows, rowSegments);
            writer.WriteSection(Ids, idSegments);
            WriteLayout(writer, kind, layout);
            for (int c = 0; c < chunks; c++)
            {
                building[c].GetAwaiter().GetResult();
                TableBuffer table = buffers[c % inFlight];
                WriteTable(writer, c, table.Offsets.AsSpan(0, layout.OffsetCount(c)), table.Rows, layout.HasKeys(c) ? table.Keys : [], layout.HasKeys(c));
                if (c + inFlight < chunks)
                {
                    building[c + inFlight] = Build(c + inFlight);
                }
            }
        }
        finally
        {
            // A failed write must not leave builds running on buffers the caller drops; the first error is the one
            // reported (a build's own error surfaces above, when its chunk is awaited).
            foreach (Task? task in building)
            {
                try
                {
                    task?.Wait();
                }
                catch (AggregateException)
                {
                }
            }
        }
    }

    /// <summary>The chunk layout of multi-index structure <paramref name="kind"/> over <paramref name="rows"/> rows; null for the others.</summary>
    internal static ChunkLayout? LayoutOf(IndexKind kind, long rows) => kind switch
    {
        IndexKind.MultiIndex16 => ChunkLayout.Sixteen,
        IndexKind.MultiIndex32 => ChunkLayout.ThirtyTwo,
        IndexKind.MultiIndexSized => ChunkLayout.Sized(rows),
        _ => null,
    };

    /// <summary>The chunk bits the header records: 16 or 32 for the fixed layouts, 0 for the others (the sized layout is in its own section).</summary>
    private static int HeaderChunkBits(IndexKind kind) => kind switch { IndexKind.MultiIndex16 => 16, IndexKind.MultiIndex32 => 32, _ => 0 };

    /// <summary>One multi-index table being built for writing, sized for the layout's largest chunk table.</summary>
    private sealed class TableBuffer(int count, ChunkLayout layout)
    {
        private readonly int[] _cursors = GC.AllocateUninitializedArray<int>(MaxOffsetCount(layout));

        public int[] Offsets { get; } = new int[MaxOffsetCount(layout)];

        public int[] Rows { get; } = GC.AllocateUninitializedArray<int>(count);

        public uint[] Keys { get; } = Enumerable.Range(0, layout.Count).Any(layout.HasKeys) ? GC.AllocateUninitializedArray<uint>(count) : [];

        // The low 16 bits of each row's chunk value, for the partitioned counting sort of chunks wider than 16 bits
        // (2 bytes per row per table in flight; it saves most of the build's cache misses).
        private readonly ushort[] _lowBits = Enumerable.Range(0, layout.Count).Any(c => !layout.HasKeys(c) && layout.Width(c) > 16) ? GC.AllocateUninitializedArray<ushort>(count) : [];

        public void Build(IReadOnlyList<ReadOnlyMemory<ulong>> rowSegments, ChunkLayout chunks, int chunk) =>
            MultiIndexSegment.BuildTable(rowSegments, chunks, chunk, Offsets, Rows, layout.HasKeys(chunk) ? Keys : [], _cursors, _lowBits);

        private static int MaxOffsetCount(ChunkLayout layout) => Enumerable.Range(0, layout.Count).Max(layout.OffsetCount);
    }

    /// <summary>Whether <paramref name="file"/> holds an index.</summary>
    public static bool IsPresent(SectionFile file) => file.Has(Header);

    /// <summary>The structure and row count the file's index header records, checked.</summary>
    public static (IndexKind Kind, int ChunkBits, int Rows) ReadHeader(SectionFile file)
    {
        ReadOnlySpan<byte> header = file.Bytes(Header);
        if (header.Length != HeaderBytes)
        {
            throw Corrupt(file, $"the index header is {header.Length} bytes, not {HeaderBytes}");
        }

        var kind = (IndexKind)BinaryPrimitives.ReadInt32LittleEndian(header);
        int chunkBits = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        long rows = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        if (!InternalIndexKinds.IsKnown(kind) || chunkBits != HeaderChunkBits(kind))
        {
            throw Corrupt(file, $"unknown index structure {(int)kind} with {chunkBits}-bit chunks");
        }

        if (rows is < 0 or > HashStore.MaxCount)
        {
            throw Corrupt(file, $"the index header gives an impossible row count {rows}");
        }

        return (kind, chunkBits, (int)rows);
    }

    /// <summary>The rows and ids, as mapped memory.</summary>
    public static HashStore ReadStore(SectionFile file)
    {
        (_, _, int rows) = ReadHeader(file);
        return new HashStore(file.Read<ulong>(Rows, (long)rows * HashStore.Words), file.Read<long>(Ids, rows));
    }

    /// <summary>
    /// The index the file holds, over its mapped sections; with <paramref name="kind"/> other than the stored one,
    /// that structure is built over the mapped rows instead.
    /// </summary>
    public static HashIndex Read(SectionFile file, IndexKind? kind = null)
    {
        (IndexKind stored, _, int n) = ReadHeader(file);
        HashStore store = ReadStore(file);
        IndexKind wanted = kind ?? stored;
        if (wanted != stored || LayoutOf(stored, n) is null)
        {
            return HashIndex.FromStore(wanted, store);
        }

        ChunkLayout layout = stored == IndexKind.MultiIndexSized ? ReadLayout(file) : LayoutOf(stored, n)!;
        int chunks = layout.Count;
        var offsets = new ReadOnlyMemory<int>[chunks];
        var rowTables = new ReadOnlyMemory<int>[chunks];
        var keyTables = new ReadOnlyMemory<uint>[chunks];
        for (int c = 0; c < chunks; c++)
        {
            offsets[c] = file.Read<int>(OffsetTable(c), layout.OffsetCount(c));
            rowTables[c] = file.Read<int>(RowTable(c), n);
            if (layout.HasKeys(c))
            {
                keyTables[c] = file.Read<uint>(KeyTable(c), n);
            }
        }

        var segment = new MultiIndexSegment(store, layout, offsets, rowTables, keyTables, message => Corrupt(file, message));
        return HashIndex.FromSegment(stored, segment);
    }

    /// <summary>The chunk layout a <see cref="IndexKind.MultiIndexSized"/> file records, checked: version, count and widths (1–16 chunks of 1–32 bits summing to 256).</summary>
    private static ChunkLayout ReadLayout(SectionFile file)
    {
        ReadOnlySpan<byte> bytes = file.Bytes(Layout);
        if (bytes.Length < 8 || BinaryPrimitives.ReadInt32LittleEndian(bytes) != LayoutVersion)
        {
            throw Corrupt(file, $"the multi-index layout section is not of version {LayoutVersion}");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        if (count is < 1 or > ChunkLayout.MaxChunks || bytes.Length != 8 + (4 * count))
        {
            throw Corrupt(file, $"the multi-index layout gives {count} chunks in {bytes.Length} bytes");
        }

        Span<int> widths = stackalloc int[count];
        for (int c = 0; c < count; c++)
        {
            widths[c] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(8 + (4 * c))..]);
        }

        return ChunkLayout.Of(widths) ?? throw Corrupt(file, $"the multi-index layout's chunk widths ({string.Join("+", widths.ToArray())}) are not 1–32 bits summing to 256");
    }

    /// <summary>Writes the layout section for <see cref="IndexKind.MultiIndexSized"/> (the fixed layouts need none, so their files are as before).</summary>
    private static void WriteLayout(SectionFileWriter writer, IndexKind kind, ChunkLayout layout)
    {
        if (kind != IndexKind.MultiIndexSized)
        {
            return;
        }

        Span<byte> bytes = stackalloc byte[8 + (4 * layout.Count)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, LayoutVersion);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], layout.Count);
        for (int c = 0; c < layout.Count; c++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes[(8 + (4 * c))..], layout.Width(c));
        }

        writer.Begin(Layout);
        writer.Write(bytes);
        writer.End();
    }

    private static void WriteTable(SectionFileWriter writer, int chunk, ReadOnlySpan<int> offsets, ReadOnlySpan<int> rows, ReadOnlySpan<uint> keys, bool withKeys)
    {
        writer.WriteSection(OffsetTable(chunk), offsets);
        writer.WriteSection(RowTable(chunk), rows);
        if (withKeys)
        {
            writer.WriteSection(KeyTable(chunk), keys);
        }
    }

    private static uint OffsetTable(int chunk) => SectionFile.Tag(string.Create(CultureInfo.InvariantCulture, $"MO{chunk:D2}"));

    private static uint RowTable(int chunk) => SectionFile.Tag(string.Create(CultureInfo.InvariantCulture, $"MR{chunk:D2}"));

    private static uint KeyTable(int chunk) => SectionFile.Tag(string.Create(CultureInfo.InvariantCulture, $"MK{chunk:D2}"));

    private static void WriteHeader(SectionFileWriter writer, IndexKind kind, int chunkBits, int rows)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(header, (int)kind);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], chunkBits);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], rows);
        writer.Begin(Header);
        writer.Write(header);
        writer.End();
    }

    private static void WriteStore(SectionFileWriter writer, HashStore store)
    {
        writer.WriteSection(Rows, store.Rows);
        writer.WriteSection(Ids, store.Ids);
    }

    private static HashMatchException Corrupt(SectionFile file, string message) => new(file.Path, HashMatchErrorReason.Corrupt, message);
}
