using System.Security.Cryptography;
using System.Text;
using HashMatch.Lists;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Lists;

/// <summary>The sample lists under testdata/lists (made by us, see its PROVENANCE.md), read as their layouts.</summary>
public sealed class SampleListTests
{
    private static ExactHash Md5(int i) => ExactHash.Compute(ExactHashAlgorithm.Md5, Sample(i));

    private static ExactHash Sha1(int i) => ExactHash.Compute(ExactHashAlgorithm.Sha1, Sample(i));

    private static byte[] Sample(int i) => Encoding.ASCII.GetBytes($"hashmatch sample {i}");

    private static ListContents Read(string name, ListFormat expected)
    {
        ListContents contents = ListReader.Read(TestData.Path($"lists/{name}"));
        Assert.Equal(expected, contents.Format);
        Assert.Empty(contents.Errors);
        return contents;
    }

    [Fact]
    public void Vics_2_media_records_with_md5_and_no_pdq()
    {
        ListContents list = Read("vics2-sample.json", ListFormat.Vics);
        Assert.Equal(["1", "2", "3"], list.Entries.Select(e => e.Id));
        Assert.Equal([Md5(1), Md5(2), Md5(3)], list.Entries.Select(e => e.Md5!.Value));
        Assert.Equal([Sha1(1), Sha1(2), Sha1(3)], list.Entries.Select(e => e.Sha1!.Value));
        Assert.All(list.Entries, e => Assert.Null(e.Pdq));
        Assert.Equal(["1", "2", "0"], list.Entries.Select(e => e.Metadata.Category));
        Assert.Equal(["sample", "synthetic"], list.Entries[0].Metadata.Tags);
        Assert.Equal(@"evidence\sample-1.jpg", list.Entries[0].Metadata.Source); // MediaFiles[0].FilePath
        Assert.Equal([null, 192, null], list.Entries.Select(e => e.PhotoDna?.Length));
        Assert.Equal(4, list.Lines[0]); // the line of the record's '{' (the file is pretty-printed)
        Assert.True(list.Lines[0] < list.Lines[1] && list.Lines[1] < list.Lines[2]);
    }

    [Fact]
    public void Vics_1_3_cases_hold_the_media_with_photodna_and_pdq_in_alternative_hashes()
    {
        ListContents list = Read("vics13-cases-sample.json", ListFormat.Vics1);
        Assert.Equal(["11", "12"], list.Entries.Select(e => e.Id));
        Assert.All(list.Entries, e => Assert.NotNull(e.Pdq));
        Assert.All(list.Entries, e => Assert.Equal(192, e.PhotoDna!.Length));
        Assert.Equal("made by HashMatch tests", list.Entries[0].Metadata.Note);
        Assert.Equal(@"case\sample-1.jpg", list.Entries[0].Metadata.Source);
    }

    [Fact]
    public void Caid_media_take_their_source_from_media_files()
    {
        ListContents list = Read("caid-sample.json", ListFormat.Caid);
        Assert.Equal([("101", "A", "caid-1.jpg"), ("102", "A", "caid-2.jpg")], list.Entries.Select(e => (e.Id, e.Metadata.Category!, e.Metadata.Source!)));
        Assert.Equal([Md5(1), Md5(2)], list.Entries.Select(e => e.Md5!.Value));
    }

    [Fact]
    public void Icse_ids_hashes_and_photodna()
    {
        ListContents list = Read("icse-sample.csv", ListFormat.Icse);
        Assert.Equal(["ICSE-1", "ICSE-2", "ICSE-3"], list.Entries.Select(e => e.Id));
        Assert.Equal([Sha1(1), Sha1(2), Sha1(3)], list.Entries.Select(e => e.Sha1!.Value));
        Assert.Null(list.Entries[2].PhotoDna);
    }

    [Fact]
    public void Nsrl_rds_file_names_and_special_codes()
    {
        ListContents list = Read("NSRLFile-sample.txt", ListFormat.Nsrl);
        Assert.Equal(["1", "2", "3", "4"], list.Entries.Select(e => e.Id));
        Assert.Equal([Sha1(1), Sha1(2), Sha1(3), Sha1(4)], list.Entries.Select(e => e.Sha1!.Value));
        Assert.Equal([Md5(1), Md5(2), Md5(3), Md5(4)], list.Entries.Select(e => e.Md5!.Value));
        Assert.Equal("sample-1.dll", list.Entries[0].Metadata.Source);
        Assert.Equal([null, null, null, "M"], list.Entries.Select(e => e.Metadata.Category));
    }

    [Fact]
    public void Threatexchange_hma_and_hash_outputs()
    {
        Assert.Equal(2, Read("te-dataset-sample.csv", ListFormat.Csv).Entries.Count);
        ListContents signals = Read("te-signals-sample.txt", ListFormat.SignalLines);
        Assert.Equal([null, null, "media_type_video", "media_type_video"], signals.Entries.Select(e => e.Metadata.Tags.FirstOrDefault()));
        Assert.Equal(ExactHash.Compute(ExactHashAlgorithm.Sha256, Sample(3)), signals.Entries[3].Sha256);
        ListContents hma = Read("hma-sample.csv", ListFormat.HmaCsv);
        Assert.Equal([("1001", true, true), ("1002", true, false)], hma.Entries.Select(e => (e.Id, e.Pdq is not null, e.Md5 is not null)));
        ListContents hashed = Read("hash-sample.jsonl", ListFormat.JsonLines);
        Assert.Equal([89, 88], hashed.Entries.Select(e => e.Quality!.Value));
        Assert.Equal(ExactHash.Compute(ExactHashAlgorithm.Sha256, Sample(1)), hashed.Entries[0].Sha256);
        Assert.Equal("images/1.png", hashed.Entries[0].Metadata.Source);
    }

    [Fact]
    public void Every_sample_converts_to_every_writable_layout_and_back_to_the_same_hashes()
    {
        foreach (string file in Directory.EnumerateFiles(TestData.Path("lists"), "*").Where(f => !f.EndsWith(".md", StringComparison.Ordinal)))
        {
            ListContents original = ListReader.Read(file);
            foreach (ListFormat format in new[] { ListFormat.Csv, ListFormat.Tsv, ListFormat.JsonLines })
            {
                var text = new StringWriter();
                ListWriter.Write(text, original.Entries, format);
                Assert.Equal(original.Entries, ListReader.ReadFrom(new StringReader(text.ToString()), file, format).Entries);
            }
        }
    }

    [Fact]
    public void The_sample_md5s_are_the_digests_the_provenance_names()
    {
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Sample(1))), Md5(1).ToString());
    }
}
