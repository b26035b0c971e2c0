using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Tests.Indexing;

namespace HashMatch.Tests.Matching;

/// <summary>
/// The builder's memory-saving paths give the bytes and tables of the plain ones: columns spilled to a temporary file
/// (from the first entry or part-way, in chunks far smaller than a real one's so a few thousand entries spill), PDQ
/// ids recovered from the flags, and the exact-hash bucket sort against a plain sort by digest then ordinal.
/// </summary>
public sealed class EntryTableBuilderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hashmatch-builder-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static EntryTableBuilder Filled(IEnumerable<(ListEntry Entry, string List)> entries, ColumnSpill? spill)
    {
        var builder = new EntryTableBuilder(spill);
        foreach (var (entry, list) in entries)
        {
            builder.Add(entry, list);
        }

        return builder;
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(700, 40)]
    [InlineData(2999, 8)]
    public void A_spilling_builder_writes_the_same_file(int afterEntries, int chunkBytes)
    {
        var entries = KnownListFileTests.RichEntries(3000, 11);
        string plain = Path.Combine(_directory, "plain.hmidx"), spilled = Path.Combine(_directory, "spilled.hmidx");
        KnownListFile.Write(plain, Filled(entries, null), HashMatchDefaults.PdqMatchThreshold);
        var spill = new ColumnSpill(afterEntries, chunkBytes, _directory);
        KnownListFile.Write(spilled, Filled(entries, spill), HashMatchDefaults.PdqMatchThreshold);

        Assert.True(spill.Length > 0);
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(spilled));
        Assert.Empty(Directory.GetFiles(_directory, ".hashmatch-columns.*")); // unlinked (or deleted on close)
    }

    [Fact]
    public void A_spill_folder_that_cannot_be_written_is_a_typed_error_naming_it()
    {
        string missing = Path.Combine(_directory, "no-such-folder");
        var error = Assert.Throws<HashMatchException>(() => Filled(KnownListFileTests.RichEntries(300, 13), new ColumnSpill(100, 16, missing)));
        Assert.Equal((HashMatchErrorReason.WriteFailed, missing), (error.Reason, error.Input));
        Assert.Contains("TMPDIR", error.Message);
    }

    [Fact]
    public void A_spilling_builder_builds_the_same_table()
    {
        var entries = KnownListFileTests.RichEntries(2000, 12);
        EntryTable plain = Filled(entries, null).Build();
        EntryTable spilled = Filled(entries, new ColumnSpill(100, 16, _directory)).Build();

        Assert.Equal(plain.Count, spilled.Count);
        for (int i = 0; i < plain.Count; i++)
        {
            Assert.Equal(plain.Entry(i), spilled.Entry(i));
            Assert.Equal(plain.Source(i), spilled.Source(i));
        }

        Assert.Equal(plain.Pdq.Ids.ToArray(), spilled.Pdq.Ids.ToArray());
        Assert.Equal(plain.Exact(ExactHashAlgorithm.Md5).Sorted.ToArray(), spilled.Exact(ExactHashAlgorithm.Md5).Sorted.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5000)]
    [InlineData(70_000)]
    public void The_bucket_sort_orders_by_digest_then_ordinal(int count)
    {
        // Digests drawn from a small pool (duplicates), many sharing their first 6–12 bytes (ties past the bucket and
        // the 32-bit key), in pieces of 1,000 entries; every third entry has none.
        var random = new Random(count);
        byte[][] pool = [.. Enumerable.Range(0, 300).Select(_ => new byte[16])];
        foreach (byte[] digest in pool)
        {
            random.NextBytes(digest);
            if (random.Next(3) == 0)
            {
                pool[0].AsSpan(0, 6 + random.Next(7)).CopyTo(digest);
            }
        }

        const int PerSegment = 1000;
        var digests = new byte[count * 16];
        var flags = new byte[count];
        for (int e = 0; e < count; e++)
        {
            if (e % 3 != 0)
            {
                flags[e] = 4;
                pool[random.Next(pool.Length)].CopyTo(digests, e * 16);
            }
        }

        var segments = Enumerable.Range(0, (count + PerSegment - 1) / PerSegment)
            .Select(s => (ReadOnlyMemory<byte>)digests.AsMemory(s * PerSegment * 16, Math.Min(PerSegment, count - (s * PerSegment)) * 16)).ToList();
        var flagPieces = Enumerable.Range(0, (count + 699) / 700).Select(s => (ReadOnlyMemory<byte>)flags.AsMemory(s * 700, Math.Min(700, count - (s * 700)))).ToList();

        int[] sorted = ExactColumn.Sort(segments, PerSegment, 16, flagPieces, 4);

        int[] expected = [.. Enumerable.Range(0, count).Where(e => flags[e] != 0)
            .Order(Comparer<int>.Create((a, b) =>
            {
                int byDigest = digests.AsSpan(a * 16, 16).SequenceCompareTo(digests.AsSpan(b * 16, 16));
                return byDigest != 0 ? byDigest : a.CompareTo(b);
            }))];
        Assert.Equal(expected, sorted);
    }
}
