namespace HashMatch.Matching;

/// <summary>
/// The columns of an entry table as they are written to an index file: each as a sequence of pieces — one piece for a
/// table in memory (<see cref="Of"/>), the builder's chunks for a table being built
/// (<see cref="EntryTableBuilder.Seal"/>), so a file is written straight from the chunks with no contiguous copy.
/// The columns only written (ids, qualities, metadata and list indexes, the PDQ ids) are sequences read once: a
/// builder's may come back from its spill file, and its PDQ ids are generated from the flags.
/// </summary>
internal sealed class EntrySegments
{
    public required int Count { get; init; }

    public required IEnumerable<ReadOnlyMemory<long>> IdStarts { get; init; }

    public required IEnumerable<ReadOnlyMemory<byte>> IdBytes { get; init; }

    public required IEnumerable<ReadOnlyMemory<byte>> Quality { get; init; }

    public required IReadOnlyList<ReadOnlyMemory<byte>> Flags { get; init; }

    public required IEnumerable<ReadOnlyMemory<int>> Metadata { get; init; }

    public required IReadOnlyList<ReadOnlyMemory<long>> MetadataStarts { get; init; }

    public required IReadOnlyList<ReadOnlyMemory<byte>> MetadataBytes { get; init; }

    public required IEnumerable<ReadOnlyMemory<ushort>> Source { get; init; }

    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Per algorithm (MD5, SHA-1, SHA-256): the digests, empty when no entry has one.</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>>[] Digests { get; init; }

    /// <summary>Per algorithm: the ordinals of the entries with a digest, sorted by digest then ordinal.</summary>
    public required ReadOnlyMemory<int>[] Sorted { get; init; }

    public required IReadOnlyList<ReadOnlyMemory<int>> PhotoDnaEntries { get; init; }

    public required IReadOnlyList<ReadOnlyMemory<long>> PhotoDnaStarts { get; init; }

    public required IReadOnlyList<ReadOnlyMemory<byte>> PhotoDnaBytes { get; init; }

    public IReadOnlyList<ReadOnlyMemory<int>> LocalEntries { get; init; } = [];

    public IReadOnlyList<ReadOnlyMemory<long>> LocalStarts { get; init; } = [new long[1]];

    public IReadOnlyList<ReadOnlyMemory<byte>> LocalBytes { get; init; } = [];

    /// <summary>PDQ rows, each piece holding whole rows.</summary>
    public required IReadOnlyList<ReadOnlyMemory<ulong>> PdqRows { get; init; }

    /// <summary>The entry ordinal of each PDQ row, ascending.</summary>
    public required IEnumerable<ReadOnlyMemory<long>> PdqIds { get; init; }

    public required int PdqCount { get; init; }

    /// <summary>A table's columns, one piece each.</summary>
    public static EntrySegments Of(EntryTable table)
    {
        EntryColumns c = table.Columns;
        return new EntrySegments
        {
            Count = c.Count,
            IdStarts = [c.IdStarts],
            IdBytes = [c.IdBytes],
            Quality = [c.Quality],
            Flags = [c.Flags],
            Metadata = [c.Metadata],
            MetadataStarts = [c.MetadataStarts],
            MetadataBytes = [c.MetadataBytes],
            Source = [c.Source],
            Sources = c.Sources,
            Digests = [.. c.Exact.Select(e => (IReadOnlyList<ReadOnlyMemory<byte>>)[e.Digests])],
            Sorted = [.. c.Exact.Select(e => e.Sorted)],
            PhotoDnaEntries = [c.PhotoDnaEntries],
            PhotoDnaStarts = [c.PhotoDnaStarts],
            PhotoDnaBytes = [c.PhotoDnaBytes],
            LocalEntries = [c.LocalEntries],
            LocalStarts = [c.LocalStarts],
            LocalBytes = [c.LocalBytes],
            PdqRows = [c.Pdq.RowMemory],
            PdqIds = [c.Pdq.IdMemory],
            PdqCount = c.Pdq.Count,
        };
    }
}
