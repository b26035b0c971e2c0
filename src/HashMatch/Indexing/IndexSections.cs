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

    /// <summary>Most sections these take: header, rows, ids, then 16 offset and 16 row tables (or 8 of each and 8 key tables).</summary>
    public const int MaxSectionCount = 35;

    private const int HeaderBytes = 16;

    /// <summary>Writes the index's entries and structure (the published main segment when the index is compact).</summary>
    public static void Write(HashIndex index, SectionFileWriter writer)
    {
        IndexSegment main = index.CompactMain();
        if (main is MultiIndexSegment multi)
        {
            WriteHeader(writer, index.Kind, multi.ChunkBits, main.Store.Count);
            WriteStore(writer, main.Store);
            for (int c = 0; c < PdqHash.BitLength / multi.ChunkBits; c++)
            {
                WriteTable(writer, c, multi.Offsets(c).Span, multi.SortedRows(c).Span, multi.SortedKeys(c).Span, multi.ChunkBits == 32);
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
    public static void Write(IReadOnlyList<ReadOnlyMemory<ulong>> rowSegments, IReadOnlyList<ReadOnlyMemory<long>> idSegments, int count, IndexKind kind, SectionFileWriter writer)
    {
        int chunkBits = kind switch { IndexKind.MultiIndex16 => 16, IndexKind.MultiIndex32 => 32, _ => 0 };
        WriteHeader(writer, kind, chunkBits, count);
        writer.WriteSection(Rows, rowSegments);
        writer.WriteSection(Ids, idSegments);
        if (chunkBits == 0)
        {
            return;
        }

        // Two tables in flight: while one is written, the next is built on another core (two buffers: 80 MB at
        // 10 million rows, instead of 640 MB for all sixteen).
        int chunks = PdqHash.BitLength / chunkBits;
        TableBuffer[] buffers = [new(count, chunkBits), new(count, chunkBits)];
        Task Build(int chunk) => Task.Run(() => buffers[chunk % 2].Build(rowSegments, chunkBits, chunk));
        Task building = Build(0);
        for (int c = 0; c < chunks; c++)
        {
            building.GetAwaiter().GetResult();
            building = c + 1 < chunks ? Build(c + 1) : Task.CompletedTask;
            TableBuffer table = buffers[c % 2];
            WriteTable(writer, c, table.Offsets, table.Rows, table.Keys, chunkBits == 32);
        }

        building.GetAwaiter().GetResult();
    }

    /// <summary>One multi-index table being built for writing.</summary>
    private sealed class TableBuffer(int count, int chunkBits)
    {
        private readonly int[] _cursors = new int[MultiIndexSegment.OffsetCount];

        public int[] Offsets { get; } = new int[MultiIndexSegment.OffsetCount];

        public int[] Rows { get; } = GC.AllocateUninitializedArray<int>(count);

        public uint[] Keys { get; } = chunkBits == 32 ? GC.AllocateUninitializedArray<uint>(count) : [];

        public void Build(IReadOnlyList<ReadOnlyMemory<ulong>> rowSegments, int bits, int chunk) =>
            MultiIndexSegment.BuildTable(rowSegments, bits, chunk, Offsets, Rows, Keys, _cursors);
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
        int expectedBits = kind switch { IndexKind.MultiIndex16 => 16, IndexKind.MultiIndex32 => 32, _ => 0 };
        if (!InternalIndexKinds.IsKnown(kind) || chunkBits != expectedBits)
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
        (IndexKind stored, int chunkBits, int n) = ReadHeader(file);
        HashStore store = ReadStore(file);
        IndexKind wanted = kind ?? stored;
        if (wanted != stored || chunkBits == 0)
        {
            return HashIndex.FromStore(wanted, store);
        }

        int chunks = PdqHash.BitLength / chunkBits;
        var offsets = new ReadOnlyMemory<int>[chunks];
        var rowTables = new ReadOnlyMemory<int>[chunks];
        ReadOnlyMemory<uint>[]? keyTables = chunkBits == 32 ? new ReadOnlyMemory<uint>[chunks] : null;
        for (int c = 0; c < chunks; c++)
        {
            offsets[c] = file.Read<int>(OffsetTable(c), MultiIndexSegment.OffsetCount);
            rowTables[c] = file.Read<int>(RowTable(c), n);
            if (keyTables is not null)
            {
                keyTables[c] = file.Read<uint>(KeyTable(c), n);
            }
        }

        var segment = new MultiIndexSegment(store, chunkBits, offsets, rowTables, keyTables, message => Corrupt(file, message));
        return HashIndex.FromSegment(stored, segment);
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
