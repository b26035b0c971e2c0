using System.Text;
using HashMatch.Lists;
using HashMatch.Tests.Indexing;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Lists;

/// <summary>What lists arrive as: files, streams and text in several encodings, binary files by mistake, and JSON far larger than the reader's buffer.</summary>
public sealed class ListInputTests : IDisposable
{
    private static readonly ExactHash M = ExactHash.Compute(ExactHashAlgorithm.Md5, [9]);
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-lists").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void An_image_is_refused_as_not_a_text_list_in_one_short_line()
    {
        string jpeg = Directory.EnumerateFiles(TestData.Path("pdq-reference/images"), "*.jpg", SearchOption.AllDirectories).First();
        var error = Assert.Throws<HashMatchException>(() => ListReader.Read(jpeg, collectErrors: true));
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, error.Reason);
        Assert.Equal("not a text hash list: a JPEG image", error.Detail);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, "a PNG image")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0 }, "a gzip file")]
    [InlineData(new byte[] { (byte)'a', (byte)'b', 0, (byte)'c' }, "a zero byte at offset 2")]
    public void Binary_data_is_named_when_it_can_be(byte[] bytes, string what)
    {
        var error = Assert.Throws<HashMatchException>(() => ListReader.ReadEach(new MemoryStream(bytes), "x", ListFormat.Auto, (_, _) => { }, null));
        Assert.Contains(what, error.Detail);
    }

    [Fact]
    public void An_sqlite_database_says_nsrl_rds_v3_must_be_exported_first()
    {
        var error = Assert.Throws<HashMatchException>(() => ListReader.ReadEach(new MemoryStream("SQLite format 3\0rest"u8.ToArray()), "RDS.db", ListFormat.Auto, (_, _) => { }, null));
        Assert.Contains("NSRL RDS v3", error.Detail);
    }

    [Fact]
    public void A_missing_file_is_unreadable_naming_it()
    {
        string path = Path.Combine(_folder, "missing.txt");
        var error = Assert.Throws<HashMatchException>(() => ListLinter.Lint(path, ListFormat.Auto, _ => { }));
        Assert.Equal((HashMatchErrorReason.Unreadable, path), (error.Reason, error.Input));
        Assert.Contains("no such file", error.Detail);
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void Text_with_a_byte_order_mark_reads_in_every_layout_family(string encoding)
    {
        Encoding text = encoding switch
        {
            "utf-8-bom" => new UTF8Encoding(true),
            "utf-16le" => new UnicodeEncoding(false, true),
            _ => new UnicodeEncoding(true, true),
        };
        foreach (string list in new[] { $"md5\n{M}\n", $"{{\"md5\":\"{M}\",\"source\":\"é\"}}\n", $"{{\"@odata.context\":\"c\",\"value\":[{{\"MD5\":\"{M}\",\"Comments\":\"é\"}}]}}" })
        {
            byte[] bytes = [.. text.GetPreamble(), .. text.GetBytes(list)];
            var entries = new List<ListEntry>();
            ListReader.ReadEach(new MemoryStream(bytes), "bom", ListFormat.Auto, (e, _) => entries.Add(e), null);
            Assert.Equal(M, Assert.Single(entries).Md5);
        }
    }

    [Fact]
    public void Streaming_from_a_pipe_like_stream_keeps_the_detected_start()
    {
        string list = string.Concat(Enumerable.Range(0, 50_000).Select(i => $"{ExactHash.Compute(ExactHashAlgorithm.Md5, BitConverter.GetBytes(i))}\n"));
        var entries = 0;
        var stream = new OneByteAtATimeStream(Encoding.UTF8.GetBytes(list));
        Assert.Equal(ListFormat.PlainMd5, ListReader.ReadEach(stream, "pipe", ListFormat.Auto, (_, _) => entries++, null));
        Assert.Equal(50_000, entries);
    }

    [Fact]
    public void A_vics_file_much_larger_than_the_buffer_reads_record_by_record_with_lines_and_escapes()
    {
        // 20,000 records (about 2 MB, 30 buffers): values and names with JSON escapes land across buffer boundaries.
        var json = new StringBuilder("{\"@odata.context\":\"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media\",\n\"value\":[\n");
        var expected = new List<ExactHash>();
        for (int i = 0; i < 20_000; i++)
        {
            ExactHash md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, BitConverter.GetBytes(i));
            expected.Add(md5);
            string escaped = string.Concat(md5.ToString().Select(c => i % 7 == 0 ? $"\\u{(int)c:x4}" : c.ToString()));
            json.Append(i > 0 ? ",\n" : "").Append($"{{\"MediaID\":{i},\"M\\u0044\\u0035\":\"{escaped}\",\"Comments\":\"line\\nbreak \\\"quoted\\\" {new string('x', i % 200)}\",\"Exifs\":[{{\"a\":[1,2,{{\"b\":null}}]}}]}}");
        }

        json.Append("\n]}");
        ListContents contents = ListReader.ReadFrom(new StringReader(json.ToString()), "big.json");
        Assert.Equal(ListFormat.Vics, contents.Format);
        Assert.Equal(expected, contents.Entries.Select(e => e.Md5!.Value));
        Assert.Equal(Enumerable.Range(3, 20_000), contents.Lines);
        Assert.Equal("line\nbreak \"quoted\" x", contents.Entries[1].Metadata.Note);
    }

    [Fact]
    public void A_json_value_longer_than_the_token_limit_is_refused()
    {
        string huge = new('x', JsonStreamReader.MaxTokenBytes + 10);
        var error = Assert.Throws<HashMatchException>(() => ListReader.ReadFrom(new StringReader($"{{\"@odata.context\":\"c\",\"value\":[{{\"Comments\":\"{huge}\"}}]}}"), "huge.json"));
        Assert.Contains("longer than 16 MiB", error.Detail);
    }

    [Fact]
    public void Reading_each_entry_streams_without_building_a_list()
    {
        string path = Path.Combine(_folder, "l.txt");
        File.WriteAllText(path, $"{IndexData.RandomHash(new Random(1))}\nbad\n{IndexData.RandomHash(new Random(2))},70\n");
        var seen = new List<(string, int)>();
        var errors = new List<ListIssue>();
        ListFormat format = ListReader.ReadEach(path, ListFormat.Auto, (e, line) => seen.Add((e.Id, line)), errors.Add);
        Assert.Equal(ListFormat.PlainPdq, format);
        Assert.Equal([("1", 1), ("3", 3)], seen);
        Assert.Equal(2, Assert.Single(errors).Line);
    }

    /// <summary>A stream that returns one byte per read and cannot seek, like a slow pipe.</summary>
    private sealed class OneByteAtATimeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
    }
}
