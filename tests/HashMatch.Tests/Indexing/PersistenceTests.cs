using HashMatch.Indexing;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Indexing;

/// <summary>The index file: round trips, atomic replacement, and rejection of every kind of damage.</summary>
[Trait("Cost", "Slow")]
public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hashmatch-index-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    public static TheoryData<IndexKind> Kinds() => new(InternalIndexKinds.All);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Save_then_load_gives_the_same_entries_kind_and_answers(IndexKind kind)
    {
        IndexEntry[] entries = IndexData.Entries(21, 2500);
        HashIndex index = HashIndex.Create(kind, entries);
        index.AddRange([new IndexEntry(IndexData.RandomHash(new Random(1)), 99_999)]);
        string path = PathOf("a.hmidx");

        HashIndexFile.Save(index, path);
        HashIndex loaded = HashIndexFile.Load(path);

        Assert.Equal(kind, loaded.Kind);
        Assert.Equal(index.GetEntries(), loaded.GetEntries());
        Assert.Equal(32 + (40L * index.Count) + 8, new FileInfo(path).Length);
        var expected = new List<IndexMatch>();
        var actual = new List<IndexMatch>();
        foreach (PdqHash query in IndexData.Queries(entries, 4, 10))
        {
            expected.Clear();
            actual.Clear();
            index.Query(query, 40, expected);
            loaded.Query(query, 40, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Empty_index_round_trips_and_kind_can_be_overridden()
    {
        string path = PathOf("empty.hmidx");
        HashIndexFile.Save(HashIndex.Create(InternalIndexKinds.BkTree, []), path);
        HashIndex loaded = HashIndexFile.Load(path, IndexKind.LinearScan);
        Assert.Equal(0, loaded.Count);
        Assert.Equal(IndexKind.LinearScan, loaded.Kind);
    }

    [Fact]
    public void Saving_replaces_the_old_file_and_leaves_no_temporary_files()
    {
        string path = PathOf("b.hmidx");
        HashIndexFile.Save(HashIndex.Create(IndexKind.LinearScan, IndexData.Entries(1, 10)), path);
        HashIndexFile.Save(HashIndex.Create(IndexKind.LinearScan, IndexData.Entries(2, 20)), path);
        Assert.Equal(20, HashIndexFile.Load(path).Count);
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void A_stale_temporary_file_from_a_crashed_save_does_not_affect_the_index()
    {
        string path = PathOf("c.hmidx");
        HashIndexFile.Save(HashIndex.Create(IndexKind.LinearScan, IndexData.Entries(1, 10)), path);
        File.WriteAllBytes(PathOf(".c.hmidx.0123.tmp"), new byte[100]); // what a save killed mid-write leaves
        Assert.Equal(10, HashIndexFile.Load(path).Count);
    }

    [Fact]
    public void Every_single_byte_flip_is_detected()
    {
        string path = PathOf("d.hmidx");
        HashIndexFile.Save(HashIndex.Create(IndexKind.MultiIndex16, IndexData.Entries(5, 40)), path);
        byte[] original = File.ReadAllBytes(path);
        for (int offset = 0; offset < original.Length; offset++)
        {
            if (offset is >= 24 and < 32)
            {
                continue; // reserved header bytes are covered by the checksum too; flipping them must also fail
            }

            byte[] damaged = (byte[])original.Clone();
            damaged[offset] ^= 0x10;
            File.WriteAllBytes(path, damaged);
            var error = Assert.Throws<HashMatchException>(() => HashIndexFile.Load(path));
            Assert.Equal(path, error.Input);
        }
    }

    [Fact]
    public void Flipped_reserved_byte_is_a_checksum_mismatch()
    {
        string path = PathOf("e.hmidx");
        HashIndexFile.Save(HashIndex.Create(IndexKind.LinearScan, IndexData.Entries(5, 40)), path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[25] ^= 1;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<HashMatchException>(() => HashIndexFile.Load(path));
        Assert.Equal(HashMatchErrorReason.Corrupt, error.Reason);
        Assert.Contains("checksum mismatch", error.Message);
    }

    [Theory]
    [InlineData(0, HashMatchErrorReason.Empty)]
    [InlineData(5, HashMatchErrorReason.UnsupportedFormat)]
    [InlineData(20, HashMatchErrorReason.Truncated)]
    [InlineData(100, HashMatchErrorReason.Truncated)]
    [InlineData(-1, HashMatchErrorReason.Truncated)]
    public void Truncated_files_are_rejected(int keep, HashMatchErrorReason reason)
    {
        string path = PathOf("f.hmidx");
        HashIndexFile.Save(HashIndex.Create(IndexKind.LinearScan, IndexData.Entries(5, 40)), path);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep >= 0 ? keep : bytes.Length + keep)]);
        Assert.Equal(reason, Assert.Throws<HashMatchException>(() => HashIndexFile.Load(path)).Reason);
    }

    [Theory]
    [InlineData(100_000_000L, HashMatchErrorReason.Truncated)] // plausible count, but the file does not hold it
    [InlineData(3_000_000_000L, HashMatchErrorReason.Corrupt)] // more rows than an array can hold
    [InlineData(-5L, HashMatchErrorReason.Corrupt)]
    public void A_header_claiming_a_wrong_entry_count_is_rejected_without_allocating(long count, HashMatchErrorReason reason)
    {
        string path = PathOf("g.hmidx");
        HashIndexFile.Save(HashIndex.Create(IndexKind.LinearScan, IndexData.Entries(5, 4)), path);
        byte[] bytes = File.ReadAllBytes(path);
        BitConverter.TryWriteBytes(bytes.AsSpan(16), count);
        File.WriteAllBytes(path, bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(reason, Assert.Throws<HashMatchException>(() => HashIndexFile.Load(path)).Reason);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Other_files_are_not_index_files()
    {
        string path = TestData.Path(Path.Combine("pdq-reference", "images", "misc-images", "wee.jpg"));
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, Assert.Throws<HashMatchException>(() => HashIndexFile.Load(path)).Reason);
        Assert.Equal(HashMatchErrorReason.Unreadable, Assert.Throws<HashMatchException>(() => HashIndexFile.Load(PathOf("missing"))).Reason);
    }
}
