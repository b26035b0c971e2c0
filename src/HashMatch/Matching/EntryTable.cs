using System.Text;
using HashMatch.Lists;

namespace HashMatch.Matching;

/// <summary>
/// A known list's entries stored by column, so ten million of them fit in a few hundred megabytes: ids as one UTF-8
/// blob with offsets, qualities and flags as bytes, metadata and source names dictionary-encoded (lists repeat a few
/// categories), exact hashes as fixed-width columns with a sorted permutation per algorithm for lookups, PDQ hashes
/// in the list's <c>HashIndex</c> under the entry's ordinal. Immutable; built once by <see cref="Builder"/>.
/// </summary>
internal sealed class EntryTable
{
    /// <summary>Quality byte meaning "the list does not say".</summary>
    internal const byte UnknownQuality = 255;

    /// <summary>Flag bits per entry.</summary>
    [Flags]
    internal enum EntryFlags : byte
    {
        None = 0,
        Augmented = 1,
        HasPdq = 2,
    }

    private static readonly ExactHashAlgorithm[] Algorithms = [ExactHashAlgorithm.Md5, ExactHashAlgorithm.Sha1, ExactHashAlgorithm.Sha256];

    private readonly byte[] _idBytes;
    private readonly long[] _idStarts;      // Count + 1 offsets into _idBytes
    private readonly byte[] _quality;
    private readonly EntryFlags[] _flags;
    private readonly PdqHash[] _pdq;        // default where the entry has none (HasPdq unset)
    private readonly int[] _metadata;       // index into _metadataTable
    private readonly EntryMetadata[] _metadataTable;
    private readonly ushort[] _source;      // index into Sources
    private readonly ExactColumn[] _exact;  // by algorithm − 1
    private readonly Dictionary<int, string> _photoDna;

    private EntryTable(Builder b)
    {
        _idBytes = [.. b.IdBytes];
        _idStarts = [.. b.IdStarts];
        _quality = [.. b.Quality];
        _flags = [.. b.Flags];
        _pdq = [.. b.Pdq];
        _metadata = [.. b.Metadata];
        _metadataTable = [.. b.MetadataTable];
        _source = [.. b.Source];
        Sources = [.. b.Sources];
        _exact = [.. b.Exact.Select(c => c.Seal())];
        _photoDna = b.PhotoDna;
    }

    /// <summary>Number of entries.</summary>
    public int Count => _quality.Length;

    /// <summary>Names of the lists the entries came from (one, unless several lists were merged).</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Bytes the columns hold.</summary>
    public long MemoryBytes =>
        _idBytes.LongLength + (8L * _idStarts.Length) + _quality.Length + _flags.Length + (32L * _pdq.Length) + (4L * _metadata.Length) + (2L * _source.Length) +
        _exact.Sum(c => c.MemoryBytes);

    public string Id(int entry) => Encoding.UTF8.GetString(_idBytes.AsSpan((int)_idStarts[entry], (int)(_idStarts[entry + 1] - _idStarts[entry])));

    public int? Quality(int entry) => _quality[entry] == UnknownQuality ? null : _quality[entry];

    public bool Augmented(int entry) => (_flags[entry] & EntryFlags.Augmented) != 0;

    public EntryMetadata Metadata(int entry) => _metadataTable[_metadata[entry]];

    public string Source(int entry) => Sources[_source[entry]];

    /// <summary>The entries with a PDQ hash, as index entries keyed by ordinal.</summary>
    public IEnumerable<IndexEntryRow> PdqRows()
    {
        for (int i = 0; i < Count; i++)
        {
            if ((_flags[i] & EntryFlags.HasPdq) != 0)
            {
                yield return new IndexEntryRow(_pdq[i], i);
            }
        }
    }

    /// <summary>The entries whose exact hash equals <paramref name="hash"/>, in ordinal order.</summary>
    public ReadOnlySpan<int> FindExact(in ExactHash hash) => _exact[(int)hash.Algorithm - 1].Find(hash);

    /// <summary>Entry <paramref name="entry"/> as a list entry again (for export and reports).</summary>
    public ListEntry Entry(int entry) => new()
    {
        Id = Id(entry),
        Pdq = (_flags[entry] & EntryFlags.HasPdq) != 0 ? _pdq[entry] : null,
        Quality = Quality(entry),
        Md5 = _exact[0].At(entry),
        Sha1 = _exact[1].At(entry),
        Sha256 = _exact[2].At(entry),
        PhotoDna = _photoDna.GetValueOrDefault(entry),
        Metadata = Metadata(entry),
        Augmented = Augmented(entry),
    };

    /// <summary>A PDQ hash and the ordinal of its entry.</summary>
    internal readonly record struct IndexEntryRow(PdqHash Hash, int Entry);

    /// <summary>Collects entries one at a time (a list streams through it; nothing else is kept per entry).</summary>
    internal sealed class Builder
    {
        private readonly Dictionary<EntryMetadata, int> _metadataIndex = new() { [EntryMetadata.None] = 0 };
        private readonly Dictionary<string, ushort> _sourceIndex = new(StringComparer.Ordinal);

        public List<byte> IdBytes { get; } = [];

        public List<long> IdStarts { get; } = [0];

        public List<byte> Quality { get; } = [];

        public List<EntryFlags> Flags { get; } = [];

        public List<PdqHash> Pdq { get; } = [];

        public List<int> Metadata { get; } = [];

        public List<EntryMetadata> MetadataTable { get; } = [EntryMetadata.None];

        public List<ushort> Source { get; } = [];

        public List<string> Sources { get; } = [];

        public ExactColumn.Builder[] Exact { get; } = [.. Algorithms.Select(a => new ExactColumn.Builder(a))];

        public Dictionary<int, string> PhotoDna { get; } = [];

        public int Count => Quality.Count;

        /// <summary>Adds <paramref name="entry"/> from the list named <paramref name="source"/>; returns its ordinal.</summary>
        public int Add(ListEntry entry, string source)
        {
            int ordinal = Count;
            Span<byte> id = Encoding.UTF8.GetByteCount(entry.Id) <= 256 ? stackalloc byte[256] : new byte[Encoding.UTF8.GetByteCount(entry.Id)];
            int idLength = Encoding.UTF8.GetBytes(entry.Id, id);
            foreach (byte b in id[..idLength])
            {
                IdBytes.Add(b);
            }

            IdStarts.Add(IdBytes.Count);
            Quality.Add(entry.Quality is { } q ? (byte)Math.Clamp(q, 0, 100) : UnknownQuality);
            Flags.Add((entry.Augmented ? EntryFlags.Augmented : EntryFlags.None) | (entry.Pdq is not null ? EntryFlags.HasPdq : EntryFlags.None));
            Pdq.Add(entry.Pdq ?? default);
            if (!_metadataIndex.TryGetValue(entry.Metadata, out int metadata))
            {
                _metadataIndex[entry.Metadata] = metadata = MetadataTable.Count;
                MetadataTable.Add(entry.Metadata);
            }

            Metadata.Add(metadata);
            if (!_sourceIndex.TryGetValue(source, out ushort sourceIndex))
            {
                if (Sources.Count == ushort.MaxValue)
                {
                    throw new InvalidOperationException($"At most {ushort.MaxValue} lists can be combined.");
                }

                _sourceIndex[source] = sourceIndex = (ushort)Sources.Count;
                Sources.Add(source);
            }

            Source.Add(sourceIndex);
            foreach (ExactColumn.Builder column in Exact)
            {
                column.Add(entry.Exact(column.Algorithm));
            }

            if (entry.PhotoDna is { } photoDna)
            {
                PhotoDna[ordinal] = photoDna;
            }

            return ordinal;
        }

        public EntryTable Build() => new(this);
    }
}

/// <summary>One exact-hash algorithm's column: the digest of each entry (or none), and the entries sorted by digest.</summary>
internal sealed class ExactColumn
{
    private readonly ExactHashAlgorithm _algorithm;
    private readonly int _width;
    private readonly byte[] _digests;   // _width bytes per entry, zero where absent
    private readonly bool[] _present;
    private readonly int[] _sorted;     // ordinals of present entries, by digest then ordinal

    private ExactColumn(ExactHashAlgorithm algorithm, byte[] digests, bool[] present, int[] sorted)
    {
        _algorithm = algorithm;
        _width = ExactHash.ByteLengthOf(algorithm);
        _digests = digests;
        _present = present;
        _sorted = sorted;
    }

    public long MemoryBytes => _digests.LongLength + _present.Length + (4L * _sorted.Length);

    public ExactHash? At(int entry) => _present[entry] ? ExactHash.FromBytes(_algorithm, Digest(entry)) : null;

    /// <summary>The ordinals of the entries with this digest (binary search of the sorted permutation).</summary>
    public ReadOnlySpan<int> Find(in ExactHash hash)
    {
        Span<byte> key = stackalloc byte[_width];
        hash.WriteBytes(key);
        int low = 0, high = _sorted.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (Digest(_sorted[middle]).SequenceCompareTo(key) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        int end = low;
        while (end < _sorted.Length && Digest(_sorted[end]).SequenceEqual(key))
        {
            end++;
        }

        return _sorted.AsSpan(low, end - low);
    }

    private ReadOnlySpan<byte> Digest(int entry) => _digests.AsSpan(entry * _width, _width);

    /// <summary>Collects a column entry by entry.</summary>
    internal sealed class Builder(ExactHashAlgorithm algorithm)
    {
        private readonly List<byte> _digests = [];
        private readonly List<bool> _present = [];

        public ExactHashAlgorithm Algorithm => algorithm;

        public void Add(ExactHash? hash)
        {
            int width = ExactHash.ByteLengthOf(algorithm);
            Span<byte> digest = stackalloc byte[width];
            digest.Clear();
            hash?.WriteBytes(digest);
            foreach (byte b in digest)
            {
                _digests.Add(b);
            }

            _present.Add(hash is not null);
        }

        public ExactColumn Seal()
        {
            byte[] digests = [.. _digests];
            bool[] present = [.. _present];
            int width = ExactHash.ByteLengthOf(algorithm);
            int[] sorted = [.. Enumerable.Range(0, present.Length).Where(i => present[i])];
            Array.Sort(sorted, (a, b) =>
            {
                int byDigest = digests.AsSpan(a * width, width).SequenceCompareTo(digests.AsSpan(b * width, width));
                return byDigest != 0 ? byDigest : a.CompareTo(b);
            });
            return new ExactColumn(algorithm, digests, present, sorted);
        }
    }
}
