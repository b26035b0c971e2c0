using HashMatch.Lists;
using HashMatch.Tests.Indexing;

namespace HashMatch.Tests.Lists;

public sealed class ListFormatTests
{
    private static readonly PdqHash A = IndexData.RandomHash(new Random(1)), B = IndexData.RandomHash(new Random(2));
    private static readonly ExactHash M = ExactHash.Compute(ExactHashAlgorithm.Md5, [1, 2, 3]);

    private static ListContents Read(string text, ListFormat format = ListFormat.Auto) =>
        ListReader.ReadFrom(new StringReader(text), "list", format, collectErrors: false);

    [Fact]
    public void Plain_pdq_with_optional_quality_uses_line_numbers_as_ids()
    {
        ListContents list = Read($"{A}\n\n{B},87\n");
        Assert.Equal(ListFormat.PlainPdq, list.Format);
        Assert.Equal([new ListEntry { Id = "1", Pdq = A }, new ListEntry { Id = "3", Pdq = B, Quality = 87 }], list.Entries);
    }

    [Fact]
    public void ThreatExchange_dataset_csv_reads_signal_type_signal_str_and_its_metadata()
    {
        // threatexchange dataset --csv: signal_type,signal_str,collab,category,tags
        ListContents list = Read($"signal_type,signal_str,collab,category,tags\r\npdq,{A},c,POSITIVE_CLASS,a b\r\nvideo_md5,{M},c,POSITIVE_CLASS,\r\n");
        Assert.Equal(ListFormat.Csv, list.Format);
        Assert.Equal(
            [
                new ListEntry { Id = "1", Pdq = A, Metadata = new EntryMetadata { Category = "POSITIVE_CLASS", Tags = ["a", "b"], Source = "c" } },
                new ListEntry { Id = "2", Md5 = M, Metadata = new EntryMetadata { Category = "POSITIVE_CLASS", Tags = ["media_type_video"], Source = "c" } },
            ],
            list.Entries); // ids count data lines: the header is not one
    }

    [Fact]
    public void ThreatExchange_signal_lines_read_pdq_photo_and_video_md5()
    {
        ListContents list = Read($"pdq {A}\nvideo_md5 {M}\nphoto_md5 {M}\n");
        Assert.Equal(ListFormat.SignalLines, list.Format);
        Assert.Equal(
            [
                new ListEntry { Id = "1", Pdq = A },
                new ListEntry { Id = "2", Md5 = M, Metadata = new EntryMetadata { Tags = ["media_type_video"] } },
                new ListEntry { Id = "3", Md5 = M },
            ],
            list.Entries);
    }

    [Theory]
    [InlineData("{0},2880742865368386,2020-07-31T18:47:52+0000,media_type_photo media_priority_samples", "media_type_photo media_priority_samples")]
    [InlineData("{0},2880742865368386,1234,2020-07-31T18:47:52+0000,tag", "tag")]
    public void Hma_v1_csv_takes_the_id_from_the_second_column_and_the_tags_from_the_last(string layout, string tags)
    {
        ListContents list = Read(string.Format(System.Globalization.CultureInfo.InvariantCulture, layout, A) + "\n");
        Assert.Equal(ListFormat.HmaCsv, list.Format);
        Assert.Equal([new ListEntry { Id = "2880742865368386", Pdq = A, Metadata = new EntryMetadata { Tags = tags.Split(' ') } }], list.Entries);
    }

    [Fact]
    public void Our_hash_tsv_and_jsonl_output_read_back()
    {
        var source = new EntryMetadata { Source = "x.jpg" };
        ListContents tsv = Read($"path\tmd5\tpdq\tquality\nx.jpg\t{M}\t{A}\t93\n");
        Assert.Equal([new ListEntry { Id = "1", Pdq = A, Md5 = M, Quality = 93, Metadata = source }], tsv.Entries);
        ListContents jsonl = Read($"{{\"path\":\"x.jpg\",\"md5\":\"{M}\",\"pdq\":\"{A}\",\"quality\":93,\"width\":10}}\n");
        Assert.Equal([new ListEntry { Id = "1", Pdq = A, Md5 = M, Quality = 93, Metadata = source }], jsonl.Entries);
    }

    [Theory]
    [InlineData(ListFormat.PlainPdq)]
    [InlineData(ListFormat.Csv)]
    [InlineData(ListFormat.Tsv)]
    [InlineData(ListFormat.JsonLines)]
    [InlineData(ListFormat.SignalLines)]
    [InlineData(ListFormat.HmaCsv)]
    public void Every_format_round_trips_through_the_writer(ListFormat format)
    {
        ListEntry[] entries = [new() { Id = "10", Pdq = A, Quality = 90 }, new() { Id = "20", Pdq = B, Quality = 70 }];
        var text = new StringWriter();
        ListWriter.Write(text, entries, format);
        ListContents back = Read(text.ToString());
        Assert.Equal(format, back.Format);
        Assert.Equal(entries.Select(e => e.Pdq), back.Entries.Select(e => e.Pdq));
        if (format is ListFormat.Csv or ListFormat.Tsv or ListFormat.JsonLines or ListFormat.HmaCsv)
        {
            Assert.Equal(entries.Select(e => e.Id), back.Entries.Select(e => e.Id));
        }
    }

    [Theory]
    [InlineData("0123", "line 1")]
    [InlineData("id,pdq\n5,nothex", "line 2")]
    [InlineData("pdq\n\n{1}\nzz{0}", "line 4")]
    public void Malformed_lines_are_typed_errors_with_the_line_number(string text, string where)
    {
        string body = string.Format(System.Globalization.CultureInfo.InvariantCulture, text, A.ToString()[2..], A);
        var error = Assert.Throws<HashMatchException>(() => Read(body));
        Assert.Contains(where, error.Message);
        Assert.Equal("list", error.Input);
    }

    [Fact]
    public void A_header_without_a_hash_column_is_rejected_naming_the_columns()
    {
        var error = Assert.Throws<HashMatchException>(() => Read("name,comment\nx,y\n"));
        Assert.Contains("no hash column", error.Message);
    }

    [Fact]
    public void A_line_without_end_is_a_typed_error_not_an_unbounded_read()
    {
        // 10 MB without a newline: refused at the line limit, naming the line.
        var error = Assert.Throws<HashMatchException>(() => Read(A + new string('0', 10_000_000)));
        Assert.Equal(HashMatchErrorReason.Malformed, error.Reason);
        Assert.Contains("line 1", error.Message);
    }

    [Fact]
    public void Line_endings_cr_lf_and_crlf_all_count_as_one_line_each()
    {
        ListContents list = Read($"{A}\r\n{B}\r{A}\n\r\n{B}");
        Assert.Equal([1, 2, 3, 5], list.Lines);
    }

    [Fact]
    public void Hash_dihedral_tsv_columns_become_the_entrys_rotated_and_flipped_hashes()
    {
        PdqHash[] variants = [.. Enumerable.Range(10, 8).Select(i => IndexData.RandomHash(new Random(i)))];
        string header = "path\tmd5\tpdq\tquality\tpdq_rot90\tpdq_rot180\tpdq_rot270\tpdq_flipx\tpdq_flipy\tpdq_flipplus1\tpdq_flipminus1";
        ListContents list = Read($"{header}\nx.jpg\t{M}\t{string.Join('\t', variants.Take(1))}\t77\t{string.Join('\t', variants.Skip(1))}\n");
        PdqDihedralHashes dihedral = Assert.Single(list.Entries).Dihedral!.Value;
        Assert.Equal(variants, Enum.GetValues<PdqVariant>().Select(v => dihedral[v]));
        Assert.Equal(77, dihedral.Quality);
    }
}
