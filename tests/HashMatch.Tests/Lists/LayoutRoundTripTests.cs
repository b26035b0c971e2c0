using HashMatch.Lists;
using HashMatch.Tests.Indexing;

namespace HashMatch.Tests.Lists;

/// <summary>
/// Every layout with a writer, written and read back: what the layout carries (its <see cref="ListFields"/>) comes
/// back unchanged and together — one entry per image, MD5 + PDQ + quality + id + metadata — and nothing else.
/// </summary>
public sealed class LayoutRoundTripTests
{
    private static readonly ListEntry[] Entries = [Rich(1, video: false), Rich(2, video: false), Rich(3, video: true), Md5Only()];

    public static TheoryData<ListFormat> Writable() => [.. Enum.GetValues<ListFormat>().Where(ListWriter.CanWrite)];

    /// <summary>The writable layouts that keep an entry's hashes on one record (signal lines write one hash per line and no ids: see Signal_lines_keep_every_hash_with_its_signal_type).</summary>
    public static TheoryData<ListFormat> WritableOneRecordPerEntry() => [.. Enum.GetValues<ListFormat>().Where(f => ListWriter.CanWrite(f) && f != ListFormat.SignalLines)];

    [Theory]
    [MemberData(nameof(WritableOneRecordPerEntry))]
    public void What_a_layout_carries_comes_back_together(ListFormat format)
    {
        ListFields carries = ListFormats.Get(format).Carries;
        string text = Write(Entries, format);
        ListContents back = ListReader.ReadFrom(new StringReader(text), "list", format);

        ListEntry[] expected = [.. Entries.Select(e => Keep(e, carries)).Where(e => e.HasHash)];
        expected = [.. expected.Select((e, i) => (carries & ListFields.Id) != 0 ? e : e with { Id = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) })];
        Assert.Equal(expected, back.Entries);
        Assert.Empty(back.Errors);
    }

    [Theory]
    [MemberData(nameof(Writable))]
    public void What_a_layout_writes_is_detected_as_that_layout(ListFormat format)
    {
        // Bare 64-digit SHA-256 lines read as PDQ unless the layout is named (the written lines here carry file names).
        string text = Write(Entries, format);
        Assert.Equal(format, ListReader.ReadFrom(new StringReader(text), "list").Format);
    }

    [Fact]
    public void Csv_with_string_ids_keeps_md5_pdq_quality_id_and_category_on_one_entry()
    {
        PdqHash pdq = IndexData.RandomHash(new Random(7));
        ExactHash md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, "one image"u8);
        ListContents list = ListReader.ReadFrom(new StringReader($"id,md5,pdq,quality,category\ncase-0-A,{md5},{pdq},42,A1\n"), "known.csv");
        Assert.Equal([new ListEntry { Id = "case-0-A", Md5 = md5, Pdq = pdq, Quality = 42, Metadata = new EntryMetadata { Category = "A1" } }], list.Entries);
    }

    [Fact]
    public void Hma_csv_joins_the_pdq_and_md5_lines_of_one_id_into_one_entry()
    {
        string text = Write(Entries, ListFormat.HmaCsv);
        Assert.Equal(7, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // a PDQ and an MD5 line per image, one for the MD5-only entry
        ListContents back = ListReader.ReadFrom(new StringReader(text), "bank.te");
        Assert.Equal(Entries.Select(e => (e.Id, e.Pdq, e.Md5)), back.Entries.Select(e => (e.Id, e.Pdq, e.Md5)));
    }

    [Fact]
    public void Signal_lines_keep_every_hash_with_its_signal_type()
    {
        string text = Write(Entries, ListFormat.SignalLines);
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Images' MD5s are photo_md5 (not a video type); the entry tagged as a video keeps video_md5 and its SHA-256.
        Assert.Contains($"photo_md5 {Entries[0].Md5}", lines);
        Assert.Contains($"video_md5 {Entries[2].Md5}", lines);
        Assert.Contains($"video_sha256 {Entries[2].Sha256}", lines);
        Assert.DoesNotContain(lines, l => l.Contains(Entries[0].Sha256!.Value.ToString(), StringComparison.Ordinal));

        ListContents back = ListReader.ReadFrom(new StringReader(text), "signals.txt");
        Assert.Equal(Entries.Where(e => e.Pdq is not null).Select(e => e.Pdq), back.Entries.Where(e => e.Pdq is not null).Select(e => e.Pdq));
        Assert.Equal(Entries.Select(e => e.Md5), back.Entries.Where(e => e.Md5 is not null).Select(e => e.Md5));
        Assert.All(back.Entries.Where(e => e.Md5 == Entries[2].Md5), e => Assert.Contains("media_type_video", e.Metadata.Tags));
    }

    [Fact]
    public void Writing_a_read_only_layout_or_auto_is_refused()
    {
        Assert.False(ListWriter.CanWrite(ListFormat.Nsrl));
        Assert.False(ListWriter.CanWrite(ListFormat.Auto));
        Assert.Throws<ArgumentOutOfRangeException>(() => ListWriter.Write(new StringWriter(), Entries, ListFormat.Nsrl));
        Assert.Throws<ArgumentOutOfRangeException>(() => ListWriter.Write(new StringWriter(), Entries, ListFormat.Auto));
    }

    [Fact]
    public void An_empty_list_writes_a_readable_empty_list()
    {
        foreach (ListFormat format in Enum.GetValues<ListFormat>().Where(ListWriter.CanWrite))
        {
            string text = Write([], format);
            Assert.Empty(ListReader.ReadFrom(new StringReader(text), "empty", format).Entries);
        }
    }

    private static string Write(IEnumerable<ListEntry> entries, ListFormat format)
    {
        var text = new StringWriter();
        ListWriter.Write(text, entries, format);
        return text.ToString();
    }

    private static ListEntry Rich(int i, bool video)
    {
        var random = new Random(i);
        PdqHash pdq = IndexData.RandomHash(random);
        byte[] content = [(byte)i, 1, 2, 3];
        byte[] photoDna = new byte[144];
        random.NextBytes(photoDna);
        PdqHash[] variants = [pdq, .. Enumerable.Range(0, 7).Select(_ => IndexData.RandomHash(random))];
        return new ListEntry
        {
            Id = $"case-{i}-A",
            Pdq = pdq,
            Quality = 80 + i,
            Dihedral = new PdqDihedralHashes(variants, 80 + i),
            Md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, content),
            Sha1 = ExactHash.Compute(ExactHashAlgorithm.Sha1, content),
            Sha256 = ExactHash.Compute(ExactHashAlgorithm.Sha256, content),
            PhotoDna = Convert.ToBase64String(photoDna),
            Augmented = i == 2,
            Metadata = new EntryMetadata
            {
                Category = i == 1 ? "A1" : "2",
                Tags = video ? ["media_type_video", "t1"] : ["t1", "t2"],
                Source = $"evidence/case {i}/x.jpg",
                Note = $"note {i}",
            },
        };
    }

    private static ListEntry Md5Only() => new() { Id = "77", Md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, "md5 only"u8), Metadata = new EntryMetadata { Category = "1" } };

    /// <summary>The entry as a layout carrying <paramref name="fields"/> gives it back (ids handled by the caller).</summary>
    private static ListEntry Keep(ListEntry e, ListFields fields)
    {
        bool Has(ListFields f) => (fields & f) != 0;
        var metadata = new EntryMetadata
        {
            Category = Has(ListFields.Category) ? e.Metadata.Category : null,
            Tags = Has(ListFields.Tags) ? e.Metadata.Tags : [],
            Source = Has(ListFields.Source) ? e.Metadata.Source : null,
            Note = Has(ListFields.Note) ? e.Metadata.Note : null,
        };
        return new ListEntry
        {
            Id = e.Id,
            Pdq = Has(ListFields.Pdq) ? e.Pdq : null,
            Quality = Has(ListFields.Quality) && (e.Pdq is null || Has(ListFields.Pdq)) ? e.Quality : null,
            Dihedral = Has(ListFields.Dihedral) ? e.Dihedral : null,
            Md5 = Has(ListFields.Md5) ? e.Md5 : null,
            Sha1 = Has(ListFields.Sha1) ? e.Sha1 : null,
            Sha256 = Has(ListFields.Sha256) ? e.Sha256 : null,
            PhotoDna = Has(ListFields.PhotoDna) ? e.PhotoDna : null,
            Augmented = Has(ListFields.Augmented) && e.Augmented,
            Metadata = metadata.IsEmpty ? EntryMetadata.None : metadata,
        };
    }
}
