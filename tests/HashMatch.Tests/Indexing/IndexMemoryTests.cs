using HashMatch.Indexing;

namespace HashMatch.Tests.Indexing;

/// <summary>Memory per entry at one million entries, against the targets of the index issue.</summary>
[Trait("Cost", "Slow")]
public sealed class IndexMemoryTests
{
    [Theory]
    [InlineData(IndexKind.LinearScan, 40.0)]          // ≤ 40 bytes per entry
    [InlineData(IndexKind.MultiIndex16, (4 * 16) + 40 + 4.2)] // ≤ 4·m + 40, plus 16 tables of 65,537 offsets (4.2 B/entry at 1M)
    [InlineData(IndexKind.MultiIndex32, (8 * 8) + 40 + 2.1)]  // 8 tables of row ids and 32-bit keys, plus directories
    [InlineData(IndexKind.MultiIndexSized, (4 * 14) + 40 + 18.9)] // 14 chunks at 1M: 4 tables of 2^19 + 1 offsets and 10 of 2^18 + 1 (18.9 B/entry at 1M)
    [InlineData(InternalIndexKinds.BkTree, 40 + 22 + 32.0)] // entries, node arrays, node hashes in traversal order
    public void Bytes_per_entry_at_one_million(IndexKind kind, double maxBytesPerEntry)
    {
        var random = new Random(3);
        IndexEntry[] entries = [.. Enumerable.Range(0, 1_000_000).Select(i => new IndexEntry(IndexData.RandomHash(random), i))];
        HashIndex index = HashIndex.Create(kind, entries);
        double perEntry = (double)index.MemoryBytes / entries.Length;
        Assert.True(perEntry <= maxBytesPerEntry, $"{kind}: {perEntry:F1} bytes per entry");
    }
}
