using System.Text;
using HashMatch.Indexing;
using HashMatch.Lists;

namespace HashMatch.Matching;

/// <summary>
/// Collects entries one at a time into the columns of an <see cref="EntryTable"/>: a list streams through it and
/// nothing else is kept per entry (no <see cref="ListEntry"/> objects). Columns grow in chunks
/// (<see cref="ColumnBuilder{T}"/>), an exact-hash column takes memory only from its first digest on, and
/// <see cref="Build"/> moves each column into its final array chunk by chunk — so building ten million entries needs
/// about the table's own size, not a multiple of it.
/// </summary>
internal sealed class EntryTableBuilder
{
    /// <summary>
    /// Distinct metadata values remembered for deduplication. Lists repeat a few categories; a list whose every entry
    /// has its own note or path would otherwise grow a dictionary as large as the list, so beyond this many values
    /// new ones are stored without being looked up (correct, only less compact).
    /// </summary>
    private const int MetadataDictionaryLimit = 1 << 16;

    private readonly ColumnBuilder<byte> _idBytes = new();
    private readonly ColumnBuilder<long> _idStarts = new();
    private readonly ColumnBuilder<byte> _quality = new();
    private readonly ColumnBuilder<byte> _flags = new();
    private readonly ColumnBuilder<int> _metadata = new();
    private readonly ColumnBuilder<long> _metadataStarts = new();
    private readonly ColumnBuilder<byte> _metadataBytes = new();
    private readonly Dictionary<EntryMetadata, int> _metadataIndex = [];
    private readonly Dictionary<(EntryTable Table, int Index), int> _copiedMetadata = [];
    private readonly ColumnBuilder<ushort> _source = new();
    private readonly List<string> _sources = [];
    private readonly Dictionary<string, ushort> _sourceIndex = new(StringComparer.Ordinal);
    private readonly ColumnBuilder<byte>[] _digests = [.. EntryTable.Algorithms.Select(a => new ColumnBuilder<byte>(ExactHash.ByteLengthOf(a)))];
    private readonly long[] _digestEntries = new long[3]; // entries each digest column covers so far
    private readonly ColumnBuilder<int> _photoDnaEntries = new();
    private readonly ColumnBuilder<long> _photoDnaStarts = new();
    private readonly ColumnBuilder<byte> _photoDnaBytes = new();
    private readonly ColumnBuilder<int> _localEntries = new();
    private readonly ColumnBuilder<long> _localStarts = new();
    private readonly ColumnBuilder<byte> _localBytes = new();
    private readonly ColumnBuilder<ulong> _pdqRows = new(HashStore.Words);
    private readonly ColumnBuilder<long> _pdqIds = new();
    private byte[] _utf8 = new byte[256];

    public EntryTableBuilder()
    {
        _idStarts.Add(0);
        _metadataStarts.Add(0);
        MetadataEncoding.Encode(EntryMetadata.None, _metadataBytes);
        _metadataStarts.Add(_metadataBytes.Count);
        _metadataIndex[EntryMetadata.None] = 0;
        _photoDnaStarts.Add(0);
        _localStarts.Add(0);
    }

    /// <summary>Entries added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="entry"/> from the list named <paramref name="source"/>; returns its ordinal.</summary>
    /// <exception cref="InvalidOperationException">More than <see cref="int.MaxValue"/> entries, or 65,536 list names.</exception>
    /// <exception cref="HashMatchException">The entry's quality is off the 0..100 scale (<see cref="HashMatchErrorReason.OutOfRange"/>).</exception>
    public int Add(ListEntry entry, string source)
    {
        int ordinal = StartEntry();
        AppendUtf8(_idBytes, entry.Id);
        _idStarts.Add(_idBytes.Count);
        _quality.Add(entry.Quality is { } q ? (byte)PdqQualityScale.Check(q, entry.Id, "quality") : EntryTable.UnknownQuality);
        var flags = entry.Augmented ? EntryTable.EntryFlags.Augmented : EntryTable.EntryFlags.None;
        if (entry.Pdq is { } pdq)
        {
            flags |= EntryTable.EntryFlags.HasPdq;
            AddPdq(pdq, ordinal);
        }

        Span<byte> digest = stackalloc byte[32];
        for (int a = 0; a < EntryTable.Algorithms.Length; a++)
        {
            if (entry.Exact(EntryTable.Algorithms[a]) is { } hash)
            {
                flags |= EntryTable.FlagOf(hash.Algorithm);
                hash.WriteBytes(digest);
                AddDigest(a, ordinal, digest[..hash.ByteLength]);
            }
        }

        flags |= entry.Local is not null ? EntryTable.EntryFlags.HasLocal : EntryTable.EntryFlags.None;
        _flags.Add((byte)flags);
        _metadata.Add(MetadataIndexOf(entry.Metadata));
        _source.Add(SourceIndexOf(source));
        if (entry.PhotoDna is { } photoDna)
        {
            _photoDnaEntries.Add(ordinal);
            AppendUtf8(_photoDnaBytes, photoDna);
            _photoDnaStarts.Add(_photoDnaBytes.Count);
        }

        if (entry.Local is { } local)
        {
            AddLocal(ordinal, local.ToBytes());
        }

        return ordinal;
    }

    /// <summary>
    /// Copies the entries of <paramref name="table"/> for which <paramref name="keep"/> holds (all when null), in
    /// order, column by column — no list entries are created (for <c>index add</c>, <c>remove</c> and <c>merge</c>).
    /// </summary>
    public void CopyFrom(EntryTable table, Func<int, bool>? keep = null)
    {
        HashStore pdq = table.Pdq;
        int row = 0;
        for (int entry = 0; entry < table.Count; entry++)
        {
            // PDQ rows are in ordinal order: walk them alongside the entries instead of searching each.
            bool hasPdq = (table.Flags(entry) & EntryTable.EntryFlags.HasPdq) != 0;
            if (keep is not null && !keep(entry))
            {
                row += hasPdq ? 1 : 0;
                continue;
            }

            int ordinal = StartEntry();
            _idBytes.Add(table.IdBytes(entry));
            _idStarts.Add(_idBytes.Count);
            _quality.Add(table.Quality(entry) is { } q ? (byte)q : EntryTable.UnknownQuality);
            EntryTable.EntryFlags flags = table.Flags(entry);
            _flags.Add((byte)flags);
            if (hasPdq)
            {
                _pdqRows.Add(pdq.Rows.Slice(row * HashStore.Words, HashStore.Words));
                _pdqIds.Add(ordinal);
                row++;
            }

            for (int a = 0; a < EntryTable.Algorithms.Length; a++)
            {
                if ((flags & EntryTable.FlagOf(EntryTable.Algorithms[a])) != 0)
                {
                    ExactColumn column = table.Exact(EntryTable.Algorithms[a]);
                    AddDigest(a, ordinal, column.Digests.Span.Slice(entry * column.Width, column.Width));
                }
            }

            int metadata = table.MetadataIndex(entry);
            if (!_copiedMetadata.TryGetValue((table, metadata), out int index))
            {
                index = MetadataIndexOf(table.Metadata(entry));
                if (_copiedMetadata.Count < MetadataDictionaryLimit)
                {
                    _copiedMetadata[(table, metadata)] = index;
                }
            }

            _metadata.Add(index);
            _source.Add(SourceIndexOf(table.Source(entry)));
            if (table.PhotoDna(entry) is { } photoDna)
            {
                _photoDnaEntries.Add(ordinal);
                AppendUtf8(_photoDnaBytes, photoDna);
                _photoDnaStarts.Add(_photoDnaBytes.Count);
            }

            if ((flags & EntryTable.EntryFlags.HasLocal) != 0)
            {
                AddLocal(ordinal, table.LocalBytes(table.LocalEntries.BinarySearch(entry)));
            }
        }

        GC.KeepAlive(table);
    }

    /// <summary>
    /// The columns as they stand, as pieces to write to a file (the exact-hash columns padded to every entry and their
    /// permutations sorted). The builder must not be changed afterwards; this is how <c>index build</c> writes ten
    /// million entries without a second copy of any column.
    /// </summary>
    public EntrySegments Seal()
    {
        int n = Count;
        var digests = new IReadOnlyList<ReadOnlyMemory<byte>>[EntryTable.Algorithms.Length];
        var sorted = new ReadOnlyMemory<int>[EntryTable.Algorithms.Length];
        IReadOnlyList<ReadOnlyMemory<byte>> flags = _flags.Segments;
        for (int a = 0; a < digests.Length; a++)
        {
            if (_digestEntries[a] == 0)
            {
                (digests[a], sorted[a]) = ([], ReadOnlyMemory<int>.Empty);
                continue;
            }

            PadDigests(a, n);
            int width = ExactHash.ByteLengthOf(EntryTable.Algorithms[a]);
            digests[a] = _digests[a].Segments;
            sorted[a] = ExactColumn.Sort(digests[a], _digests[a].ChunkLength / width, width, Having(flags, EntryTable.FlagOf(EntryTable.Algorithms[a])));
        }

        return new EntrySegments
        {
            Count = n,
            IdStarts = _idStarts.Segments,
            IdBytes = _idBytes.Segments,
            Quality = _quality.Segments,
            Flags = flags,
            Metadata = _metadata.Segments,
            MetadataStarts = _metadataStarts.Segments,
            MetadataBytes = _metadataBytes.Segments,
            Source = _source.Segments,
            Sources = [.. _sources],
            Digests = digests,
            Sorted = sorted,
            PhotoDnaEntries = _photoDnaEntries.Segments,
            PhotoDnaStarts = _photoDnaStarts.Segments,
            PhotoDnaBytes = _photoDnaBytes.Segments,
            LocalEntries = _localEntries.Segments,
            LocalStarts = _localStarts.Segments,
            LocalBytes = _localBytes.Segments,
            PdqRows = _pdqRows.Segments,
            PdqIds = _pdqIds.Segments,
            PdqCount = checked((int)_pdqIds.Count),
        };
    }

    /// <summary>The PDQ rows and their entry ordinals collected so far, as pieces (rows whole in each piece).</summary>
    public (IReadOnlyList<ReadOnlyMemory<ulong>> Rows, IReadOnlyList<ReadOnlyMemory<long>> Ids, int Count) PdqSegments() =>
        (_pdqRows.Segments, _pdqIds.Segments, checked((int)_pdqIds.Count));

    /// <summary>Moves the columns into a table in memory; the builder is empty afterwards and must not be reused.</summary>
    public EntryTable Build()
    {
        int n = Count;
        HashStore pdq = HashStore.Create(checked((int)_pdqIds.Count), out Span<ulong> rows, out Span<long> ids);
        _pdqRows.MoveTo(rows);
        _pdqIds.MoveTo(ids);
        byte[] flags = _flags.MoveToArray();
        var exact = new ExactColumn[EntryTable.Algorithms.Length];
        for (int a = 0; a < exact.Length; a++)
        {
            ExactHashAlgorithm algorithm = EntryTable.Algorithms[a];
            int width = ExactHash.ByteLengthOf(algorithm);
            if (_digestEntries[a] == 0)
            {
                exact[a] = new ExactColumn(algorithm, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<int>.Empty);
                continue;
            }

            PadDigests(a, n);
            byte[] digests = _digests[a].MoveToArray();
            int[] having = Having([flags], EntryTable.FlagOf(algorithm));
            exact[a] = new ExactColumn(algorithm, digests, ExactColumn.Sort([digests], Math.Max(1, n), width, having));
        }

        return new EntryTable(new EntryColumns
        {
            Count = n,
            IdStarts = _idStarts.MoveToArray(),
            IdBytes = _idBytes.MoveToArray(),
            Quality = _quality.MoveToArray(),
            Flags = flags,
            Metadata = _metadata.MoveToArray(),
            MetadataStarts = _metadataStarts.MoveToArray(),
            MetadataBytes = _metadataBytes.MoveToArray(),
            Source = _source.MoveToArray(),
            Sources = [.. _sources],
            Exact = exact,
            PhotoDnaEntries = _photoDnaEntries.MoveToArray(),
            PhotoDnaStarts = _photoDnaStarts.MoveToArray(),
            PhotoDnaBytes = _photoDnaBytes.MoveToArray(),
            LocalEntries = _localEntries.MoveToArray(),
            LocalStarts = _localStarts.MoveToArray(),
            LocalBytes = _localBytes.MoveToArray(),
            Pdq = pdq,
        });
    }

    /// <summary>Files the stored form of entry <paramref name="ordinal"/>'s local signal.</summary>
    private void AddLocal(int ordinal, ReadOnlySpan<byte> stored)
    {
        _localEntries.Add(ordinal);
        _localBytes.Add(stored);
        _localStarts.Add(_localBytes.Count);
    }

    /// <summary>The ordinals whose flags have <paramref name="flag"/>, ascending.</summary>
    private static int[] Having(IReadOnlyList<ReadOnlyMemory<byte>> flags, EntryTable.EntryFlags flag)
    {
        var ordinals = new ColumnBuilder<int>();
        int ordinal = 0;
        foreach (ReadOnlyMemory<byte> segment in flags)
        {
            foreach (byte f in segment.Span)
            {
                if ((f & (byte)flag) != 0)
                {
                    ordinals.Add(ordinal);
                }

                ordinal++;
            }
        }

        return ordinals.MoveToArray();
    }

    private int StartEntry()
    {
        if (Count == int.MaxValue)
        {
            throw new InvalidOperationException($"A table holds at most {int.MaxValue:N0} entries.");
        }

        return Count++;
    }

    private void AddPdq(PdqHash hash, int ordinal)
    {
        if (_pdqIds.Count == HashStore.MaxCount)
        {
            throw new InvalidOperationException($"A table holds at most {HashStore.MaxCount:N0} PDQ hashes.");
        }

        Span<ulong> row = stackalloc ulong[HashStore.Words];
        HashStore.Write(row, hash);
        _pdqRows.Add(row);
        _pdqIds.Add(ordinal);
    }

    private void AddDigest(int column, int ordinal, ReadOnlySpan<byte> digest)
    {
        PadDigests(column, ordinal);
        _digests[column].Add(digest);
        _digestEntries[column] = ordinal + 1;
    }

    /// <summary>Zero digests for the entries before <paramref name="entries"/> that have none.</summary>
    private void PadDigests(int column, int entries)
    {
        int width = ExactHash.ByteLengthOf(EntryTable.Algorithms[column]);
        Span<byte> zero = stackalloc byte[32];
        zero.Clear();
        for (long e = _digestEntries[column]; e < entries; e++)
        {
            _digests[column].Add(zero[..width]);
        }

        _digestEntries[column] = entries;
    }

    private int MetadataIndexOf(EntryMetadata metadata)
    {
        if (_metadataIndex.TryGetValue(metadata, out int index))
        {
            return index;
        }

        index = checked((int)(_metadataStarts.Count - 1));
        MetadataEncoding.Encode(metadata, _metadataBytes);
        _metadataStarts.Add(_metadataBytes.Count);
        if (_metadataIndex.Count < MetadataDictionaryLimit)
        {
            _metadataIndex[metadata] = index;
        }

        return index;
    }

    private ushort SourceIndexOf(string source)
    {
        if (!_sourceIndex.TryGetValue(source, out ushort index))
        {
            if (_sources.Count > ushort.MaxValue)
            {
                throw new InvalidOperationException($"At most {ushort.MaxValue + 1} lists can be combined.");
            }

            _sourceIndex[source] = index = (ushort)_sources.Count;
            _sources.Add(source);
        }

        return index;
    }

    private void AppendUtf8(ColumnBuilder<byte> column, string text)
    {
        int length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (length > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
        }

        column.Add(_utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, _utf8)));
    }
}
