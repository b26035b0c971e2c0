using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using HashMatch.Indexing;
using HashMatch.IO;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Indexing;

/// <summary>
/// Index files of version 2: everything a list holds survives the round trip, the stored structure is mapped
/// rather than rebuilt, every flipped byte and every truncation is refused with an error naming the file, files
/// whose checksums are right but whose contents are inconsistent are refused too, and version 1 files still load.
/// </summary>
[Trait("Cost", "Slow")]
public sealed class KnownListFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hashmatch-v2-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    /// <summary>Entries with every field in use, some fields missing, from two lists.</summary>
    internal static List<(ListEntry Entry, string List)> RichEntries(int count, int seed)
    {
        var random = new Random(seed);
        var entries = new List<(ListEntry, string)>();
        string[] categories = ["A1", "B2", "Ignorable"];
        for (int i = 0; i < count; i++)
        {
            byte[] md5 = new byte[16], sha1 = new byte[20], sha256 = new byte[32];
            random.NextBytes(md5);
            random.NextBytes(sha1);
            random.NextBytes(sha256);
            bool pdq = i % 5 != 1, hasMd5 = i % 3 != 0 || !pdq;
            var entry = new ListEntry
            {
                Id = i % 7 == 0 ? $"case-{i}-Ä" : $"case-{i}-A",
                Pdq = pdq ? IndexData.RandomHash(random) : null,
                Quality = i % 4 == 0 ? null : random.Next(101),
                Md5 = hasMd5 ? ExactHash.FromBytes(ExactHashAlgorithm.Md5, i % 11 == 3 ? new byte[16] : md5) : null, // some duplicate MD5s
                Sha1 = i % 2 == 0 ? ExactHash.FromBytes(ExactHashAlgorithm.Sha1, sha1) : null,
                Sha256 = i % 6 == 0 ? ExactHash.FromBytes(ExactHashAlgorithm.Sha256, sha256) : null,
                PhotoDna = i % 9 == 0 ? Convert.ToBase64String(sha256) : null,
                Metadata = i % 3 == 0 ? EntryMetadata.None : new EntryMetadata
                {
                    Category = categories[i % categories.Length],
                    Tags = i % 2 == 0 ? ["a", "b c"] : [],
                    Source = i % 5 == 0 ? $"/cases/{i}.jpg" : null,
                    Note = i % 13 == 0 ? "reviewed" : null,
                },
                Augmented = i % 8 == 7,
            };
            entries.Add((entry, i % 10 < 7 ? "ncmec" : "partner"));
        }

        return entries;
    }

    private static EntryTable Table(IEnumerable<(ListEntry Entry, string List)> entries)
    {
        var builder = new EntryTableBuilder();
        foreach (var (entry, list) in entries)
        {
            builder.Add(entry, list);
        }

        return builder.Build();
    }

    private static KnownList ListOf(IEnumerable<(ListEntry Entry, string List)> entries, KnownListOptions? options = null) =>
        KnownList.FromTable("known", Table(entries), options);

    public static TheoryData<int> Sizes() => new(0, 1, 300, 3000);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Everything_a_list_holds_survives_the_round_trip(int count)
    {
        var entries = RichEntries(count, 1);
        KnownList list = ListOf(entries);
        string path = PathOf("rich.hmidx");
        KnownListFile.Save(list, path);
        KnownList loaded = KnownListFile.Load(path);

        Assert.Equal("rich", loaded.Name);
        Assert.Equal(entries.Select(e => e.Entry), loaded.GetEntries());
        Assert.Equal(list.Entries.Sources, loaded.Entries.Sources);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(entries[i].List, loaded.Entries.Source(i));
        }

        Assert.Equal(list.Index.Kind, loaded.Index.Kind);
        Assert.Equal(list.Options.MaxDistance, loaded.Options.MaxDistance);
    }

    [Fact]
    public void A_loaded_list_matches_exactly_as_the_list_it_was_saved_from()
    {
        var entries = RichEntries(3000, 2);
        KnownList list = ListOf(entries);
        Assert.Equal(IndexKind.MultiIndex16, list.Index.Kind);
        string path = PathOf("m.hmidx");
        KnownListFile.Save(list, path);
        KnownList loaded = KnownListFile.Load(path);
        var original = new HashMatcher([list]);
        var mapped = new HashMatcher([loaded]);
        var random = new Random(3);
        foreach (var (entry, _) in entries.Take(400))
        {
            PdqHash? pdq = entry.Pdq is { } h ? IndexData.Near(h, random.Next(40), random) : null;
            var exact = new ExactHashes(entry.Md5 ?? default, entry.Sha1 ?? default, entry.Sha256 ?? default);
            var query = pdq is { } q ? new PdqHashResult(q, 80) : (PdqHashResult?)null;
            Assert.Equal(CandidateText.Of(original.MatchHashes("q", exact, query).Candidates), CandidateText.Of(mapped.MatchHashes("q", exact, query).Candidates));
        }
    }

    [Fact]
    public void The_stored_structure_is_mapped_not_rebuilt_and_a_threshold_needing_another_is_built()
    {
        string path = PathOf("s.hmidx");
        KnownListFile.Save(ListOf(RichEntries(3000, 4)), path);

        KnownList loaded = KnownListFile.Load(path);
        var segment = Assert.IsType<MultiIndexSegment>(loaded.Index.CompactMain());
        Assert.False(MemoryMarshal.TryGetArray(segment.SortedRows(0), out _)); // file-backed, not a managed array
        Assert.False(MemoryMarshal.TryGetArray(segment.Store.RowMemory, out _));
        Assert.False(MemoryMarshal.TryGetArray(loaded.Entries.Columns.IdBytes, out _));

        KnownList wide = KnownListFile.Load(path, new KnownListOptions { MaxDistance = 64 });
        Assert.Equal(IndexKind.LinearScan, wide.Index.Kind);
        var results = new List<IndexMatch>();
        wide.Index.Query(loaded.Entries.Pdq[5], 64, results);
        Assert.Contains(results, m => m.Id == loaded.Entries.Pdq.IdAt(5));
    }

    [Fact]
    public void Writing_while_building_the_tables_gives_the_same_bytes_as_saving_a_built_list()
    {
        // The streaming path of 'index build' (tables built one chunk at a time into the file) and Save (tables of an
        // index in memory) must produce the same file.
        var entries = RichEntries(3000, 5);
        string saved = PathOf("saved.hmidx"), table = PathOf("table.hmidx"), streamed = PathOf("streamed.hmidx");
        KnownListFile.Save(ListOf(entries), saved);
        KnownListFile.Write(table, Table(entries), HashMatchDefaults.PdqMatchThreshold);
        var builder = new EntryTableBuilder();
        foreach (var (entry, list) in entries)
        {
            builder.Add(entry, list);
        }

        KnownListFile.Write(streamed, builder, HashMatchDefaults.PdqMatchThreshold);
        Assert.Equal(File.ReadAllBytes(saved), File.ReadAllBytes(table));
        Assert.Equal(File.ReadAllBytes(saved), File.ReadAllBytes(streamed));
    }

    [Fact]
    public void The_32_bit_structure_round_trips_with_its_key_tables()
    {
        EntryTable table = Table(RichEntries(2500, 6));
        HashIndex index = HashIndex.FromStore(IndexKind.MultiIndex32, table.Pdq);
        string path = PathOf("k32.hmidx");
        KnownListFile.Write(path, table, 8, index);
        Assert.Equal(IndexKind.MultiIndex32, KnownListFile.Inspect(path).Kind);

        HashIndex mapped = IndexSections.Read(SectionFile.Open(MappedFile.Open(path)));
        Assert.IsType<MultiIndexSegment>(mapped.CompactMain());
        var expected = new List<IndexMatch>();
        var actual = new List<IndexMatch>();
        foreach (PdqHash query in IndexData.Queries([.. index.GetEntries()], 7, 30))
        {
            expected.Clear();
            actual.Clear();
            index.Query(query, 8, expected);
            mapped.Query(query, 8, actual);
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>A file holding the sized multi-index structure with 11 chunks of 23–24 bits (chunks straddling words).</summary>
    private static HashIndex WriteSized(string path, int count, int seed)
    {
        EntryTable table = Table(RichEntries(count, seed));
        HashIndex index = HashIndex.FromSegment(IndexKind.MultiIndexSized, new MultiIndexSegment(table.Pdq, ChunkLayout.Even(11)));
        KnownListFile.Write(path, table, HashMatchDefaults.PdqMatchThreshold, index);
        return index;
    }

    [Fact]
    public void The_sized_structure_round_trips_with_its_layout()
    {
        string path = PathOf("sized.hmidx");
        HashIndex index = WriteSized(path, 2500, 6);
        Assert.Equal(IndexKind.MultiIndexSized, KnownListFile.Inspect(path).Kind);

        HashIndex mapped = IndexSections.Read(SectionFile.Open(MappedFile.Open(path)));
        var segment = Assert.IsType<MultiIndexSegment>(mapped.CompactMain());
        Assert.Equal(ChunkLayout.Even(11).Widths.ToArray(), segment.Layout.Widths.ToArray());
        Assert.False(MemoryMarshal.TryGetArray(segment.SortedRows(10), out _)); // mapped, not rebuilt
        var expected = new List<IndexMatch>();
        var actual = new List<IndexMatch>();
        foreach (PdqHash query in IndexData.Queries([.. index.GetEntries()], 7, 30))
        {
            foreach (int r in new[] { 0, 16, 31 })
            {
                expected.Clear();
                actual.Clear();
                index.Query(query, r, expected);
                mapped.Query(query, r, actual);
                Assert.Equal(expected, actual);
            }
        }

        // Loading at the threshold it was written for keeps it; one that chooses another structure builds that.
        Assert.Equal(IndexKind.MultiIndexSized, KnownListFile.Load(path).Index.Kind);
        Assert.Equal(IndexKind.LinearScan, KnownListFile.Load(path, new KnownListOptions { MaxDistance = 64 }).Index.Kind);
    }

    [Fact]
    public void A_structure_picked_when_writing_is_stored_and_kept_on_load()
    {
        foreach (IndexKind kind in Enum.GetValues<IndexKind>())
        {
            var writer = new KnownListFileWriter();
            foreach (var (entry, list) in RichEntries(3000, 13))
            {
                writer.Add(entry, list);
            }

            string path = PathOf($"picked-{kind}.hmidx");
            Assert.Equal(kind, writer.Save(path, 31, kind).Kind);
            Assert.Equal(kind, KnownListFile.Load(path).Index.Kind);
            Assert.Equal(kind, KnownListFile.Load(path, new KnownListOptions { MaxDistance = 20 }).Index.Kind); // chooses as r = 31 does
            Assert.Equal(IndexKind.LinearScan, KnownListFile.Load(path, new KnownListOptions { MaxDistance = 50 }).Index.Kind);
        }
    }

    [Theory]
    [InlineData("version", "multi-index layout section")]
    [InlineData("short", "multi-index layout's chunk widths")]
    [InlineData("count", "multi-index layout gives")]
    [InlineData("reordered", "section MO00")]
    public void A_sized_file_with_a_wrong_layout_is_refused(string damage, string expected)
    {
        // Checksums recomputed after the damage: what a wrong writer or a crafted file could hold.
        string path = PathOf("layout.hmidx");
        WriteSized(path, 3000, 14);
        byte[] bytes = File.ReadAllBytes(path);
        SectionInfo section = SectionFile.Open(MappedFile.Open(path)).Sections.Single(s => SectionFile.TagName(s.Tag) == "MIHL");
        Span<byte> data = bytes.AsSpan((int)section.Offset, (int)section.Length);
        switch (damage)
        {
            case "version":
                BinaryPrimitives.WriteInt32LittleEndian(data, 2);
                break;
            case "short":
                BinaryPrimitives.WriteInt32LittleEndian(data[8..], 23); // 255 bits
                break;
            case "count":
                BinaryPrimitives.WriteInt32LittleEndian(data[4..], 12);
                break;
            default:
                BinaryPrimitives.WriteInt32LittleEndian(data[8..], 23); // 23 + 24 + 24 + 24 + 23 … + 24: still 256 bits,
                BinaryPrimitives.WriteInt32LittleEndian(data[(8 + (4 * 10))..], 24); // but the tables are of the other widths
                break;
        }

        Reseal(bytes, section);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<HashMatchException>(() => KnownListFile.Load(path));
        Assert.Equal(HashMatchErrorReason.Corrupt, error.Reason);
        Assert.Equal(path, error.Input);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Inspect_summarises_the_contents()
    {
        var entries = RichEntries(300, 7);
        string path = PathOf("info.hmidx");
        KnownListFile.Save(ListOf(entries), path);
        KnownListFileInfo info = KnownListFile.Inspect(path);
        Assert.Equal(2, info.Version);
        Assert.Equal(300, info.Entries);
        Assert.Equal([("ncmec", entries.Count(e => e.List == "ncmec")), ("partner", entries.Count(e => e.List == "partner"))], info.Lists.Select(l => (l.List, l.Entries)));
        Assert.Equal(entries.Count(e => e.Entry.Pdq is not null), info.Pdq);
        Assert.Equal(entries.Count(e => e.Entry.Md5 is not null), info.Md5);
        Assert.Equal(entries.Count(e => e.Entry.Sha1 is not null), info.Sha1);
        Assert.Equal(entries.Count(e => e.Entry.Sha256 is not null), info.Sha256);
        Assert.Equal(entries.Count(e => e.Entry.PhotoDna is not null), info.PhotoDna);
        Assert.Equal(entries.Count(e => e.Entry.Augmented), info.Augmented);
        Assert.Equal(31, info.MaxDistance);
        Assert.Equal(IndexKind.LinearScan, info.Kind);
        Assert.Equal(new FileInfo(path).Length, info.FileBytes);
    }

    [Fact]
    public void Version_1_files_still_load_with_their_numeric_ids()
    {
        IndexEntry[] entries = IndexData.Entries(3, 2500);
        string path = PathOf("v1.hmidx");
        HashIndexFile.Save(HashIndex.Create(IndexKind.MultiIndex16, entries), path);

        KnownList loaded = KnownListFile.Load(path);
        Assert.Equal(entries.Select(e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), loaded.GetEntries().Select(e => e.Id));
        MatchReport report = new HashMatcher([loaded]).MatchHashes("q", null, new PdqHashResult(entries[100].Hash, 90));
        Assert.Contains(report.Candidates, c => c.EntryId == "100" && c.Distance == 0);
        Assert.Equal(1, KnownListFile.Inspect(path).Version);
    }

    [Fact]
    public void Every_single_byte_flip_is_rejected_naming_the_file()
    {
        string path = PathOf("flip.hmidx");
        KnownListFile.Save(ListOf(RichEntries(12, 8)), path);
        byte[] original = File.ReadAllBytes(path);
        for (int offset = 0; offset < original.Length; offset++)
        {
            byte[] damaged = (byte[])original.Clone();
            damaged[offset] ^= 0x10;
            File.WriteAllBytes(path, damaged);
            var error = Assert.Throws<HashMatchException>(() => KnownListFile.Load(path));
            Assert.Equal(path, error.Input);
            Assert.True(error.Reason is HashMatchErrorReason.Corrupt or HashMatchErrorReason.Truncated or HashMatchErrorReason.UnsupportedFormat, $"offset {offset}: {error.Reason}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Byte_flips_in_every_section_of_a_multi_index_file_are_rejected(bool sized)
    {
        string path = PathOf("flip16.hmidx");
        if (sized)
        {
            WriteSized(path, 3000, 9);
        }
        else
        {
            KnownListFile.Save(ListOf(RichEntries(3000, 9)), path);
        }

        byte[] original = File.ReadAllBytes(path);
        SectionInfo[] sections = [.. SectionFile.Open(MappedFile.Open(path)).Sections];
        Assert.Contains(sections, s => SectionFile.TagName(s.Tag) == (sized ? "MIHL" : "MR15"));
        var random = new Random(10);
        foreach (SectionInfo section in sections.Where(s => s.Length > 0))
        {
            foreach (long at in (long[])[section.Offset, section.Offset + section.Length - 1, section.Offset + random.NextInt64(section.Length)])
            {
                byte[] damaged = (byte[])original.Clone();
                damaged[at] ^= 0x01;
                File.WriteAllBytes(path, damaged);
                var error = Assert.Throws<HashMatchException>(() => KnownListFile.Load(path));
                Assert.Equal(HashMatchErrorReason.Corrupt, error.Reason);
                Assert.Contains($"section {SectionFile.TagName(section.Tag)}", error.Message);
            }
        }
    }

    [Fact]
    public void Every_truncation_is_rejected()
    {
        string path = PathOf("cut.hmidx");
        KnownListFile.Save(ListOf(RichEntries(12, 11)), path);
        byte[] original = File.ReadAllBytes(path);
        for (int keep = 0; keep < original.Length; keep++)
        {
            File.WriteAllBytes(path, original[..keep]);
            var error = Assert.Throws<HashMatchException>(() => KnownListFile.Load(path));
            Assert.Equal(path, error.Input);
            HashMatchErrorReason expected = keep == 0 ? HashMatchErrorReason.Empty : keep < 8 ? HashMatchErrorReason.UnsupportedFormat : HashMatchErrorReason.Truncated;
            Assert.True(error.Reason == expected, $"kept {keep}: {error.Reason} ({error.Message})");
        }

        File.WriteAllBytes(path, [.. original, 0]);
        Assert.Equal(HashMatchErrorReason.Corrupt, Assert.Throws<HashMatchException>(() => KnownListFile.Load(path)).Reason);
    }

    public static TheoryData<string, string> Inconsistencies() => new()
    {
        { "IDSO", "ids" },                 // offsets that descend
        { "MR00", "multi-index chunk 0" }, // a row number out of range
        { "PDQI", "PDQ row" },             // a row naming an entry without PDQ
        { "MDTI", "metadata" },            // a dictionary index out of range
        { "MD5S", "md5" },                 // a permutation entry out of range
        { "SRCI", "list-name" },
    };

    [Theory]
    [MemberData(nameof(Inconsistencies))]
    public void Files_with_valid_checksums_but_inconsistent_contents_are_refused(string tag, string expected)
    {
        // What a wrong writer or a crafted file could hold: the checksums are recomputed after the damage.
        string path = PathOf("crafted.hmidx");
        KnownListFile.Save(ListOf(RichEntries(3000, 12)), path);
        byte[] bytes = File.ReadAllBytes(path);
        SectionInfo section = SectionFile.Open(MappedFile.Open(path)).Sections.Single(s => SectionFile.TagName(s.Tag) == tag);
        Span<byte> data = bytes.AsSpan((int)section.Offset, (int)section.Length);
        switch (tag)
        {
            case "IDSO":
                BinaryPrimitives.WriteInt64LittleEndian(data[8..], 1_000_000);
                break;
            case "PDQI":
                BinaryPrimitives.WriteInt64LittleEndian(data, 1); // entry 1 has no PDQ (i % 5 == 1)
                break;
            case "SRCI":
                BinaryPrimitives.WriteUInt16LittleEndian(data, 7);
                break;
            default:
                BinaryPrimitives.WriteInt32LittleEndian(data, int.MaxValue);
                break;
        }

        Reseal(bytes, section);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<HashMatchException>(() => KnownListFile.Load(path));
        Assert.Equal(HashMatchErrorReason.Corrupt, error.Reason);
        Assert.Contains(expected, error.Message);
    }

    /// <summary>Recomputes a section's checksum in the directory and the header's checksum.</summary>
    internal static void Reseal(byte[] bytes, SectionInfo section)
    {
        int capacity = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24));
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        for (int i = 0; i < count; i++)
        {
            Span<byte> entry = bytes.AsSpan(SectionFile.HeaderSize + (i * SectionFile.EntrySize), SectionFile.EntrySize);
            if (BinaryPrimitives.ReadInt64LittleEndian(entry[8..]) == section.Offset)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(entry[24..], XxHash3.HashToUInt64(bytes.AsSpan((int)section.Offset, (int)section.Length)));
            }
        }

        var hash = new XxHash3();
        hash.Append(bytes.AsSpan(0, 56));
        hash.Append(bytes.AsSpan(SectionFile.HeaderSize, SectionFile.EntrySize * capacity));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(56), hash.GetCurrentHashAsUInt64());
    }

    [Fact]
    public void Other_files_and_other_versions_are_refused()
    {
        string image = TestData.Path(Path.Combine("pdq-reference", "images", "misc-images", "wee.jpg"));
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, Assert.Throws<HashMatchException>(() => KnownListFile.Load(image)).Reason);
        Assert.Equal(HashMatchErrorReason.Unreadable, Assert.Throws<HashMatchException>(() => KnownListFile.Load(PathOf("missing"))).Reason);

        string path = PathOf("v3.hmidx");
        KnownListFile.Save(ListOf(RichEntries(3, 13)), path);
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 3);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<HashMatchException>(() => KnownListFile.Load(path));
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, error.Reason);
        Assert.Contains("version 3", error.Message);
    }

    [Fact]
    public void Saving_replaces_the_file_atomically_and_a_loaded_list_survives_the_replacement()
    {
        string path = PathOf("live.hmidx");
        KnownListFile.Save(ListOf(RichEntries(300, 14)), path);
        KnownList before = KnownListFile.Load(path);
        KnownListFile.Save(ListOf(RichEntries(500, 15)), path); // renamed over the mapped file: the old mapping stays valid
        Assert.Equal(300, before.GetEntries().Count());
        Assert.Equal(500, KnownListFile.Load(path).Count);
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void A_mapped_index_takes_additions_and_stays_exact()
    {
        // The main structure is the file's tables; additions go to the managed delta and, past the delta limit, a
        // rebuild copies the mapped rows into managed memory. Answers must equal a naive search throughout.
        var entries = RichEntries(3000, 16);
        string path = PathOf("live-index.hmidx");
        KnownListFile.Save(ListOf(entries), path);
        HashIndex index = KnownListFile.Load(path).Index;
        var live = index.GetEntries().ToDictionary(e => e.Id);
        var random = new Random(17);
        for (int step = 0; step < 2500; step++)
        {
            var entry = new IndexEntry(IndexData.RandomHash(random), 100_000 + step);
            index.AddRange([entry]);
            live.Add(entry.Id, entry);
        }

        var results = new List<IndexMatch>();
        foreach (PdqHash query in IndexData.Queries([.. live.Values], 18, 40))
        {
            results.Clear();
            index.Query(query, 40, results);
            Assert.Equal(IndexData.Naive(live.Values, query, 40), results);
        }
    }

    [Fact]
    public void The_version_1_reader_points_version_2_files_to_the_list_loader()
    {
        string path = PathOf("v2-for-v1.hmidx");
        KnownListFile.Save(ListOf(RichEntries(10, 19)), path);
        var error = Assert.Throws<HashMatchException>(() => HashIndexFile.Load(path));
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, error.Reason);
        Assert.Contains("KnownListFile.Load", error.Message);
    }
}
