using System.Runtime.CompilerServices;
using System.Text;
using HashMatch.Indexing;
using HashMatch.Lists;
using HashMatch.Local;

namespace HashMatch.Matching;

/// <summary>
/// A known list's entries stored by column, so ten million of them fit in a few hundred megabytes: ids as one UTF-8
/// blob with offsets, qualities and flags as bytes, metadata and source names dictionary-encoded (lists repeat a few
/// categories), exact hashes as fixed-width columns with a sorted permutation per algorithm for lookups, PDQ hashes
/// as the rows of a <see cref="HashStore"/> whose ids are entry ordinals (the same rows the list's index searches).
/// Immutable; built by <see cref="EntryTableBuilder"/> or mapped from an index file (<see cref="KnownListFile"/>):
/// every column is <see cref="ReadOnlyMemory{T}"/> over managed arrays or the mapped file, one code path for both.
/// </summary>
internal sealed class EntryTable
{
    /// <summary>Quality byte meaning "the list does not say".</summary>
    internal const byte UnknownQuality = 255;

    /// <summary>The exact-hash algorithms, in column order.</summary>
    internal static readonly ExactHashAlgorithm[] Algorithms = [ExactHashAlgorithm.Md5, ExactHashAlgorithm.Sha1, ExactHashAlgorithm.Sha256];

    private readonly EntryColumns _c;

    /// <summary>A table over <paramref name="columns"/> (checked by <see cref="Validate"/> when they come from a file).</summary>
    public EntryTable(EntryColumns columns)
    {
        _c = columns;
    }

    /// <summary>Flag bits per entry.</summary>
    [Flags]
    internal enum EntryFlags : byte
    {
        None = 0,
        Augmented = 1,
        HasPdq = 2,
        HasMd5 = 4,
        HasSha1 = 8,
        HasSha256 = 16,

        /// <summary>The entry has a local-feature signal (<see cref="EntryColumns.LocalEntries"/>).</summary>
        HasLocal = 32,
        All = Augmented | HasPdq | HasMd5 | HasSha1 | HasSha256 | HasLocal,
    }

    /// <summary>The columns (for writing them to a file).</summary>
    public EntryColumns Columns => _c;

    /// <summary>Number of entries.</summary>
    public int Count => _c.Count;

    /// <summary>Names of the lists the entries came from (one, unless several lists were merged).</summary>
    public IReadOnlyList<string> Sources => _c.Sources;

    /// <summary>The entries' PDQ hashes: rows whose ids are the ordinals of the entries with one, ascending.</summary>
    public HashStore Pdq => _c.Pdq;

    /// <summary>Bytes the columns hold, managed or mapped (PDQ rows excluded: the index counts them).</summary>
    public long MemoryBytes =>
        _c.IdBytes.Length + (8L * _c.IdStarts.Length) + _c.Quality.Length + _c.Flags.Length + (4L * _c.Metadata.Length) +
        (8L * _c.MetadataStarts.Length) + _c.MetadataBytes.Length + (2L * _c.Source.Length) + _c.Exact.Sum(e => e.MemoryBytes) +
        (4L * _c.PhotoDnaEntries.Length) + (8L * _c.PhotoDnaStarts.Length) + _c.PhotoDnaBytes.Length +
        (4L * _c.LocalEntries.Length) + (8L * _c.LocalStarts.Length) + _c.LocalBytes.Length;

    /// <summary>The id bytes of an entry (UTF-8).</summary>
    public ReadOnlySpan<byte> IdBytes(int entry)
    {
        ReadOnlySpan<long> starts = _c.IdStarts.Span;
        return _c.IdBytes.Span[(int)starts[entry]..(int)starts[entry + 1]];
    }

    public string Id(int entry)
    {
        string id = Encoding.UTF8.GetString(IdBytes(entry));
        GC.KeepAlive(this); // the bytes may be mapped: keep the mapping until they are copied
        return id;
    }

    public int? Quality(int entry) => _c.Quality.Span[entry] is var q && q == UnknownQuality ? null : q;

    public EntryFlags Flags(int entry) => (EntryFlags)_c.Flags.Span[entry];

    public bool Augmented(int entry) => (Flags(entry) & EntryFlags.Augmented) != 0;

    public int MetadataIndex(int entry) => _c.Metadata.Span[entry];

    public EntryMetadata Metadata(int entry)
    {
        int index = MetadataIndex(entry);
        if (index == 0)
        {
            return EntryMetadata.None;
        }

        ReadOnlySpan<long> starts = _c.MetadataStarts.Span;
        EntryMetadata metadata = MetadataEncoding.Decode(_c.MetadataBytes.Span[(int)starts[index]..(int)starts[index + 1]]) ?? EntryMetadata.None;
        GC.KeepAlive(this);
        return metadata;
    }

    public int SourceIndex(int entry) => _c.Source.Span[entry];

    public string Source(int entry) => Sources[SourceIndex(entry)];

    /// <summary>The exact-hash column of <paramref name="algorithm"/>.</summary>
    public ExactColumn Exact(ExactHashAlgorithm algorithm) => _c.Exact[(int)algorithm - 1];

    /// <summary>The entries whose exact hash equals <paramref name="hash"/>, in ordinal order (the caller keeps the table reachable while reading them).</summary>
    public ReadOnlySpan<int> FindExact(in ExactHash hash) => Exact(hash.Algorithm).Find(hash);

    /// <summary>The exact hash of <paramref name="algorithm"/> of an entry, if it has one.</summary>
    public ExactHash? ExactOf(int entry, ExactHashAlgorithm algorithm) =>
        (Flags(entry) & FlagOf(algorithm)) != 0 ? Exact(algorithm).At(entry) : null;

    /// <summary>The PhotoDNA value of an entry, if the list carried one.</summary>
    public string? PhotoDna(int entry)
    {
        int at = _c.PhotoDnaEntries.Span.BinarySearch(entry);
        if (at < 0)
        {
            return null;
        }

        ReadOnlySpan<long> starts = _c.PhotoDnaStarts.Span;
        string value = Encoding.UTF8.GetString(_c.PhotoDnaBytes.Span[(int)starts[at]..(int)starts[at + 1]]);
        GC.KeepAlive(this);
        return value;
    }

    /// <summary>Ordinals of the entries with a local-feature signal, ascending.</summary>
    public ReadOnlySpan<int> LocalEntries => _c.LocalEntries.Span;

    /// <summary>The stored form of the <paramref name="k"/>th local signal (of entry <c>LocalEntries[k]</c>); the caller keeps the table reachable while reading it.</summary>
    public ReadOnlySpan<byte> LocalBytes(int k)
    {
        ReadOnlySpan<long> starts = _c.LocalStarts.Span;
        return _c.LocalBytes.Span[(int)starts[k]..(int)starts[k + 1]];
    }

    /// <summary>The local-feature signal of an entry, if it has one (parsed from its stored form: checked when the table was validated).</summary>
    public LocalSignal? Local(int entry)
    {
        int at = (Flags(entry) & EntryFlags.HasLocal) == 0 ? -1 : _c.LocalEntries.Span.BinarySearch(entry);
        if (at < 0)
        {
            return null;
        }

        LocalSignal signal = LocalSignal.Parse(LocalBytes(at), Id(entry));
        GC.KeepAlive(this);
        return signal;
    }

    /// <summary>The PDQ row of an entry (binary search of the ascending row ids), or −1 when it has none.</summary>
    public int PdqRow(int entry) => (Flags(entry) & EntryFlags.HasPdq) == 0 ? -1 : Math.Max(-1, Pdq.Ids.BinarySearch((long)entry));

    /// <summary>Entry <paramref name="entry"/> as a list entry again (for export and reports).</summary>
    public ListEntry Entry(int entry)
    {
        int row = PdqRow(entry);
        return new ListEntry
        {
            Id = Id(entry),
            Pdq = row >= 0 ? Pdq[row] : null,
            Quality = Quality(entry),
            Md5 = ExactOf(entry, ExactHashAlgorithm.Md5),
            Sha1 = ExactOf(entry, ExactHashAlgorithm.Sha1),
            Sha256 = ExactOf(entry, ExactHashAlgorithm.Sha256),
            PhotoDna = PhotoDna(entry),
            Metadata = Metadata(entry),
            Augmented = Augmented(entry),
            Local = Local(entry),
        };
    }

    /// <summary>The flag that says an entry has an <paramref name="algorithm"/> digest.</summary>
    public static EntryFlags FlagOf(ExactHashAlgorithm algorithm) => algorithm switch
    {
        ExactHashAlgorithm.Md5 => EntryFlags.HasMd5,
        ExactHashAlgorithm.Sha1 => EntryFlags.HasSha1,
        _ => EntryFlags.HasSha256,
    };

    /// <summary>
    /// Checks every invariant the accessors rely on to stay inside the columns — lengths, offsets ascending and
    /// ending at their blob's length, dictionary and permutation indexes in range, PDQ row ids ascending ordinals of
    /// exactly the entries flagged as having PDQ — so a file that passes its checksums but was written wrongly (or
    /// crafted) is refused with an error rather than failing inside a query. One pass over each column.
    /// </summary>
    /// <returns>The first violation, or null.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per load over every entry: skip tier 0
    public static string? Validate(EntryColumns c)
    {
        int n = c.Count;
        if (c.Quality.Length != n || c.Flags.Length != n || c.Metadata.Length != n || c.Source.Length != n)
        {
            return "the per-entry columns disagree on the entry count";
        }

        if (Offsets(c.IdStarts.Span, n, c.IdBytes.Length) is { } ids)
        {
            return "ids: " + ids;
        }

        int metadataCount = c.MetadataStarts.Length - 1;
        if (metadataCount < 1 || Offsets(c.MetadataStarts.Span, metadataCount, c.MetadataBytes.Length) is not null ||
            (n > 0 && c.Metadata.Span.ContainsAnyExceptInRange(0, metadataCount - 1)))
        {
            return "the metadata dictionary is inconsistent";
        }

        ReadOnlySpan<long> metadataStarts = c.MetadataStarts.Span;
        for (int m = 0; m < metadataCount; m++)
        {
            if (!MetadataEncoding.IsValid(c.MetadataBytes.Span[(int)metadataStarts[m]..(int)metadataStarts[m + 1]]))
            {
                return $"metadata record {m} is malformed";
            }
        }

        if ((c.Sources.Count == 0 && n > 0) || c.Sources.Count > ushort.MaxValue + 1 || (n > 0 && c.Source.Span.ContainsAnyExceptInRange((ushort)0, (ushort)(c.Sources.Count - 1))))
        {
            return "the list-name column is inconsistent";
        }

        ReadOnlySpan<byte> flags = c.Flags.Span;
        if (c.Quality.Span.ContainsAnyInRange((byte)101, (byte)(UnknownQuality - 1)))
        {
            return "a quality is out of range";
        }

        // A histogram of the flag bytes gives every count in one tight pass; the 256 values are then judged once each.
        Span<int> histogram = stackalloc int[256];
        histogram.Clear();
        foreach (byte f in flags)
        {
            histogram[f]++;
        }

        Span<int> present = stackalloc int[Algorithms.Length];
        present.Clear();
        int pdq = 0;
        const EntryFlags AnyHash = EntryFlags.HasPdq | EntryFlags.HasMd5 | EntryFlags.HasSha1 | EntryFlags.HasSha256 | EntryFlags.HasLocal;
        int local = 0;
        for (int value = 0; value < histogram.Length; value++)
        {
            var f = (EntryFlags)value;
            if (histogram[value] == 0)
            {
                continue;
            }

            if ((f & ~EntryFlags.All) != 0 || (f & AnyHash) == 0)
            {
                return $"{histogram[value]:N0} entries have invalid flags {value:x2}";
            }

            pdq += (f & EntryFlags.HasPdq) != 0 ? histogram[value] : 0;
            local += (f & EntryFlags.HasLocal) != 0 ? histogram[value] : 0;
            for (int a = 0; a < Algorithms.Length; a++)
            {
                present[a] += (f & FlagOf(Algorithms[a])) != 0 ? histogram[value] : 0;
            }
        }

        for (int a = 0; a < Algorithms.Length; a++)
        {
            ExactColumn column = c.Exact[a];
            if (column.Algorithm != Algorithms[a] || column.Sorted.Length != present[a] ||
                column.Digests.Length != (present[a] == 0 ? 0 : (long)n * column.Width) ||
                (present[a] > 0 && column.Sorted.Span.ContainsAnyExceptInRange(0, n - 1)))
            {
                return $"the {ExactHash.NameOf(Algorithms[a])} column is inconsistent";
            }
        }

        ReadOnlySpan<long> pdqIds = c.Pdq.Ids;
        if (pdqIds.Length != pdq)
        {
            return $"{pdq:N0} entries are flagged as having PDQ but {pdqIds.Length:N0} rows are stored";
        }

        for (int r = 0; r < pdqIds.Length; r++)
        {
            if (pdqIds[r] < 0 || pdqIds[r] >= n || (r > 0 && pdqIds[r] <= pdqIds[r - 1]) || (flags[(int)pdqIds[r]] & (byte)EntryFlags.HasPdq) == 0)
            {
                return $"PDQ row {r} names entry {pdqIds[r]}, which is out of order or has no PDQ";
            }
        }

        ReadOnlySpan<int> photo = c.PhotoDnaEntries.Span;
        for (int k = 0; k < photo.Length; k++)
        {
            if (photo[k] < 0 || photo[k] >= n || (k > 0 && photo[k] <= photo[k - 1]))
            {
                return "the PhotoDNA entries are out of order";
            }
        }

        if (Offsets(c.PhotoDnaStarts.Span, photo.Length, c.PhotoDnaBytes.Length) is { } photoOffsets)
        {
            return "PhotoDNA: " + photoOffsets;
        }

        return LocalProblem(c, local);
    }

    /// <summary>
    /// Whether the local-signal column names exactly the <paramref name="flagged"/> entries flagged as having one, in
    /// order, and every stored form parses (version, size, checksum): a damaged signal is refused at load, never met
    /// in a query.
    /// </summary>
    private static string? LocalProblem(EntryColumns c, int flagged)
    {
        ReadOnlySpan<int> local = c.LocalEntries.Span;
        ReadOnlySpan<byte> flags = c.Flags.Span;
        if (local.Length != flagged)
        {
            return $"{flagged:N0} entries are flagged as having a local signal but {local.Length:N0} are stored";
        }

        for (int k = 0; k < local.Length; k++)
        {
            if (local[k] < 0 || local[k] >= c.Count || (k > 0 && local[k] <= local[k - 1]) || (flags[local[k]] & (byte)EntryFlags.HasLocal) == 0)
            {
                return $"local signal {k} names entry {local[k]}, which is out of order or not flagged";
            }
        }

        if (Offsets(c.LocalStarts.Span, local.Length, c.LocalBytes.Length) is { } offsets)
        {
            return "local signals: " + offsets;
        }

        ReadOnlySpan<long> starts = c.LocalStarts.Span;
        for (int k = 0; k < local.Length; k++)
        {
            try
            {
                LocalSignal.Parse(c.LocalBytes.Span[(int)starts[k]..(int)starts[k + 1]], "local signal");
            }
            catch (HashMatchException e)
            {
                return $"the local signal of entry {local[k]}: {e.Detail}";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="starts"/> holds count + 1 ascending offsets from 0 to <paramref name="blobLength"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? Offsets(ReadOnlySpan<long> starts, int count, long blobLength)
    {
        if (starts.Length != count + 1 || starts[0] != 0 || starts[^1] != blobLength || blobLength > int.MaxValue)
        {
            return "offsets do not run from 0 to the blob's length";
        }

        for (int i = 1; i < starts.Length; i++)
        {
            if (starts[i] < starts[i - 1])
            {
                return $"offsets descend at {i}";
            }
        }

        return null;
    }
}

/// <summary>The columns of an <see cref="EntryTable"/> (see there for what each holds).</summary>
internal sealed class EntryColumns
{
    public required int Count { get; init; }

    /// <summary>Count + 1 offsets into <see cref="IdBytes"/>.</summary>
    public required ReadOnlyMemory<long> IdStarts { get; init; }

    public required ReadOnlyMemory<byte> IdBytes { get; init; }

    /// <summary>0–100, or <see cref="EntryTable.UnknownQuality"/>.</summary>
    public required ReadOnlyMemory<byte> Quality { get; init; }

    public required ReadOnlyMemory<byte> Flags { get; init; }

    /// <summary>Per entry, its record in the metadata dictionary (0 = no metadata).</summary>
    public required ReadOnlyMemory<int> Metadata { get; init; }

    /// <summary>Dictionary size + 1 offsets into <see cref="MetadataBytes"/> (<see cref="MetadataEncoding"/> records).</summary>
    public required ReadOnlyMemory<long> MetadataStarts { get; init; }

    public required ReadOnlyMemory<byte> MetadataBytes { get; init; }

    /// <summary>Per entry, its list's index in <see cref="Sources"/>.</summary>
    public required ReadOnlyMemory<ushort> Source { get; init; }

    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>MD5, SHA-1, SHA-256.</summary>
    public required ExactColumn[] Exact { get; init; }

    /// <summary>Ordinals of the entries with a PhotoDNA value, ascending.</summary>
    public required ReadOnlyMemory<int> PhotoDnaEntries { get; init; }

    /// <summary>PhotoDNA count + 1 offsets into <see cref="PhotoDnaBytes"/>.</summary>
    public required ReadOnlyMemory<long> PhotoDnaStarts { get; init; }

    public required ReadOnlyMemory<byte> PhotoDnaBytes { get; init; }

    /// <summary>Ordinals of the entries with a local-feature signal, ascending (empty in files written before the signal).</summary>
    public ReadOnlyMemory<int> LocalEntries { get; init; }

    /// <summary>Local signal count + 1 offsets into <see cref="LocalBytes"/> (<c>[0]</c> when there are none).</summary>
    public ReadOnlyMemory<long> LocalStarts { get; init; } = new long[1];

    /// <summary>The signals' stored forms (<see cref="LocalSignal.ToBytes"/>), one after another.</summary>
    public ReadOnlyMemory<byte> LocalBytes { get; init; }

    public required HashStore Pdq { get; init; }
}
