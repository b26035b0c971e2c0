using System.Text;
using HashMatch.Indexing;
using HashMatch.Lists;

namespace HashMatch.Matching;

/// <summary>
/// Collects entries one at a time into the columns of an <see cref="EntryTable"/>: a list streams through it and
/// nothing else is kept per entry (no <see cref="ListEntry"/> objects). Columns grow in chunks
/// (<see cref="ColumnBuilder{T}"/>), an exact-hash column takes memory only from its first digest on, and
/// <see cref="Build"/> moves each column into its final array chunk by chunk — so building ten million entries needs
/// about the table's own size, not a multiple of it. A builder that writes an index file takes a
/// <see cref="ColumnSpill"/>: past a few million entries the columns only written (ids, id offsets, qualities, metadata
/// and list indexes) go to a temporary file chunk by chunk, and only the PDQ rows, digests and flags, which the build
/// computes on, stay in memory. The PDQ rows' entry ordinals are not kept at all: they are the entries flagged
/// <see cref="EntryTable.EntryFlags.HasPdq"/>, in order.
/// </summary>
internal sealed class EntryTableBuilder
{
    /// <summary>
    /// Distinct metadata values remembered for deduplication. Lists repeat a few categories; a list whose every entry
    /// has its own note or path would otherwise grow a dictionary as large as the list, so beyond this many values
    /// new ones are stored without being looked up (correct, only less compact).
    /// </summary>
    private const int MetadataDictionaryLimit = 1 << 16;

    private readonly ColumnSpill? _spill;
    private readonly ColumnBuilder<byte> _idBytes;
    private readonly ColumnBuilder<long> _idStarts;
    private readonly ColumnBuilder<byte> _quality;
    private readonly ColumnBuilder<byte> _flags = new();
    private readonly ColumnBuilder<int> _metadata;
    private readonly ColumnBuilder<long> _metadataStarts = new();
    private readonly ColumnBuilder<byte> _metadataBytes = new();
    private readonly Dictionary<EntryMetadata, int> _metadataIndex = [];
    private readonly Dictionary<(EntryTable Table, int Index), int> _copiedMetadata = [];
    private readonly ColumnBuilder<ushort> _source;
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
    private int _pdqCount;
    private byte[] _utf8 = new byte[256];

    // The metadata and list name of the previous entry: a list reader hands the same objects to entry after entry, so
    // most entries skip the dictionary lookups (hashing and comparing the strings).
    private EntryMetadata? _lastMetadata;
    private int _lastMetadataIndex;
    private string? _lastSource;
    private ushort _lastSourceIndex;

    /// <summary>A builder; with <paramref name="spill"/>, its write-only columns move to that file once it is active (see the class summary).</summary>
    public EntryTableBuilder(ColumnSpill? spill = null)
    {
        _spill = spill;
        _idBytes = Column<byte>(spill);
        _idStarts = Column<long>(spill);
        _quality = Column<byte>(spill);
        _metadata = Column<int>(spill);
        _source = Column<ushort>(spill);
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
            AddPdq(pdq);
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
                AddPdqRow(pdq.Rows.Slice(row * HashStore.Words, HashStore.Words));
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
            sorted[a] = ExactColumn.Sort(digests[a], _digests[a].ChunkLength / width, width, flags, (byte)EntryTable.FlagOf(EntryTable.Algorithms[a]));
        }

        return new EntrySegments
        {
            Count = n,
            IdStarts = _idStarts.Pieces(),
            IdBytes = _idBytes.Pieces(),
            Quality = _quality.Pieces(),
            Flags = flags,
            Metadata = _metadata.Pieces(),
            MetadataStarts = _metadataStarts.Segments,
            MetadataBytes = _metadataBytes.Segments,
            Source = _source.Pieces(),
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
            PdqIds = PdqIds(flags),
            PdqCount = _pdqCount,
        };
    }

    /// <summary>The PDQ rows collected so far as pieces (rows whole in each piece), and their entry ordinals, generated from the flags as they are read.</summary>
    public (IReadOnlyList<ReadOnlyMemory<ulong>> Rows, IEnumerable<ReadOnlyMemory<long>> Ids, int Count) PdqSegments() =>
        (_pdqRows.Segments, PdqIds(_flags.Segments), _pdqCount);

    /// <summary>Closes the spill file, if any (after the index file is written; the builder cannot be read afterwards).</summary>
    public void CloseSpill() => _spill?.Dispose();

    /// <summary>Moves the columns into a table in memory; the builder is empty afterwards and must not be reused.</summary>
    public EntryTable Build()
    {
        int n = Count;
        HashStore pdq = HashStore.Create(_pdqCount, out Span<ulong> rows, out Span<long> ids);
        _pdqRows.MoveTo(rows);
        byte[] flags = _flags.MoveToArray();
        int row = 0;
        foreach (ReadOnlyMemory<long> piece in PdqIds([flags]))
        {
            piece.Span.CopyTo(ids[row..]);
            row += piece.Length;
        }

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
            exact[a] = new ExactColumn(algorithm, digests, ExactColumn.Sort([digests], Math.Max(1, n), width, [flags], (byte)EntryTable.FlagOf(algorithm)));
        }

        var table = new EntryTable(new EntryColumns
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
        CloseSpill();
        return table;
    }

    /// <summary>Files the stored form of entry <paramref name="ordinal"/>'s local signal.</summary>
    private void AddLocal(int ordinal, ReadOnlySpan<byte> stored)
    {
        _localEntries.Add(ordinal);
        _localBytes.Add(stored);
        _localStarts.Add(_localBytes.Count);
    }

    /// <summary>
    /// The ordinals of the entries flagged <see cref="EntryTable.EntryFlags.HasPdq"/>, ascending, in pieces of up to
    /// 128K (one buffer reused: each piece is valid until the next is asked for) — the PDQ rows' ids.
    /// </summary>
    private static IEnumerable<ReadOnlyMemory<long>> PdqIds(IReadOnlyList<ReadOnlyMemory<byte>> flags)
    {
        long[] buffer = new long[1 << 17];
        int used = 0;
        long ordinal = 0;
        foreach (ReadOnlyMemory<byte> segment in flags)
        {
            for (int at = 0; at < segment.Length;)
            {
                int take = Math.Min(segment.Length - at, buffer.Length - used);
                used += Collect(segment.Span.Slice(at, take), ordinal, buffer.AsSpan(used));
                ordinal += take;
                at += take;
                if (used == buffer.Length)
                {
                    yield return buffer;
                    used = 0;
                }
            }
        }

        if (used > 0)
        {
            yield return new ReadOnlyMemory<long>(buffer, 0, used);
        }

        static int Collect(ReadOnlySpan<byte> flags, long first, Span<long> ids)
        {
            int count = 0;
            for (int i = 0; i < flags.Length; i++)
            {
                ids[count] = first + i;
                count += (flags[i] & (byte)EntryTable.EntryFlags.HasPdq) != 0 ? 1 : 0; // branch-free: most entries have one
            }

            return count;
        }
    }

    private static ColumnBuilder<T> Column<T>(ColumnSpill? spill)
        where T : unmanaged => spill is null ? new ColumnBuilder<T>() : new ColumnBuilder<T>(spill);

    private int StartEntry()
    {
        if (Count == int.MaxValue)
        {
            throw new InvalidOperationException($"A table holds at most {int.MaxValue:N0} entries.");
        }

        if (Count == _spill?.AfterEntries)
        {
            _spill.Active = true;
        }

        return Count++;
    }

    private void AddPdq(PdqHash hash)
    {
        Span<ulong> row = stackalloc ulong[HashStore.Words];
        HashStore.Write(row, hash);
        AddPdqRow(row);
    }

    private void AddPdqRow(ReadOnlySpan<ulong> row)
    {
        if (_pdqCount == HashStore.MaxCount)
        {
            throw new InvalidOperationException($"A table holds at most {HashStore.MaxCount:N0} PDQ hashes.");
        }

        _pdqRows.Add(row);
        _pdqCount++;
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
        if (ReferenceEquals(metadata, _lastMetadata))
        {
            return _lastMetadataIndex;
        }

        if (!_metadataIndex.TryGetValue(metadata, out int index))
        {
            index = checked((int)(_metadataStarts.Count - 1));
            MetadataEncoding.Encode(metadata, _metadataBytes);
            _metadataStarts.Add(_metadataBytes.Count);
            if (_metadataIndex.Count >= MetadataDictionaryLimit)
            {
                return index; // not remembered, so not reused either (the same value comes again as a new one)
            }

            _metadataIndex[metadata] = index;
        }

        (_lastMetadata, _lastMetadataIndex) = (metadata, index);
        return index;
    }

    private ushort SourceIndexOf(string source)
    {
        if (ReferenceEquals(source, _lastSource))
        {
            return _lastSourceIndex;
        }

        if (!_sourceIndex.TryGetValue(source, out ushort index))
        {
            if (_sources.Count > ushort.MaxValue)
            {
                throw new InvalidOperationException($"At most {ushort.MaxValue + 1} lists can be combined.");
            }

            _sourceIndex[source] = index = (ushort)_sources.Count;
            _sources.Add(source);
        }

        (_lastSource, _lastSourceIndex) = (source, index);
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
