using HashMatch.Lists;
using HashMatch.Tests.Indexing;

namespace HashMatch.Tests.Lists;

/// <summary>
/// Every layout's malformed records are errors naming the list and the line (and the record, in JSON arrays):
/// thrown at the first when reading, reported one by one when linting. Nothing falls back silently.
/// </summary>
public sealed class MalformedRecordTests
{
    private static readonly string A = IndexData.RandomHash(new Random(1)).ToString();
    private static readonly string M = ExactHash.Compute(ExactHashAlgorithm.Md5, [1]).ToString();
    private static readonly string M2 = ExactHash.Compute(ExactHashAlgorithm.Md5, [2]).ToString();
    private static readonly string PhotoDna = Convert.ToBase64String(new byte[144]);
    private const string Vics = "{\"@odata.context\":\"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media\",\"value\":[\n";

    public static TheoryData<string, string, int, string> Cases() => new()
    {
        // layout (or "auto"), text, line, what the message says
        { "auto", $"{A}\nnothex\n", 2, "a PDQ hash is 64 hex digits" },
        { "auto", $"{A},80,extra\n", 1, "more fields" },
        { "auto", $"{A}\n{A},101\n", 2, "quality must be an integer 0..100" },
        { "auto", $"{M}\n{M},x\n", 2, "got a comma" },
        { "auto", $"{M}\n{M}00\n", 2, "an MD5 is 32 hex digits" },
        { "auto", "id,pdq\n5,nothex\n", 2, "a PDQ hash is 64" },
        { "auto", $"id,md5\n1,{M},extra\n", 2, "expected 2 fields like the header, got 3" },
        { "auto", $"id,md5\n\"1,{M}\n", 2, "opens a quote" },
        { "auto", $"id,md5\n,{M}\n", 2, "the id is empty" },
        { "auto", $"id,md5,quality\n1,{M},1000\n", 2, "0..100 (got 1000)" },
        { "auto", "id,md5,pdq\n1,,\n", 2, "no hash" },
        { "auto", $"signal_type,signal_str\ntmk_pdqf,{A}\n", 2, "unknown signal type 'tmk_pdqf'" },
        { "auto", $"id,md5,photodna\n1,,{PhotoDna}\n", 2, "only a PhotoDNA hash" },
        { "auto", $"id,md5,photodna\n1,{M},abc\n", 2, "a PhotoDNA hash is 144 bytes" },
        { "auto", $"md5,hash\n{M},{M2}\n", 2, "a second, different MD5" },
        { "auto", $"id\tpdq\tpdq_rot90\n1\t{A}\t{A}\n", 2, "all seven" },
        { "auto", $"{{\"md5\":\"{M}\"}}\n{{\"md5\":\"{M}\",\"quality\":1000}}\n", 2, "quality must be an integer 0..100 (got 1000)" },
        { "auto", $"{{\"md5\":\"{M}\",\"quality\":\"high\"}}\n", 1, "\"quality\" must be an integer" },
        { "auto", $"{{\"md5\":\"{M}\",\"id\":{{}}}}\n", 1, "\"id\" must be a non-empty string or a number" },
        { "auto", $"{{\"md5\":\"{M}\",\"tags\":5}}\n", 1, "\"tags\" must be an array of strings" },
        { "auto", $"{{\"md5\":\"{M}\"}}\n{{\"md5\":\n", 2, "not valid JSON" },
        { "auto", $"{{\"md5\":\"{M}\"}}\n{{\"id\":\"x\"}}\n", 2, "no hash" },
        { "auto", $"{{\"md5\":\"{M}\",\"augmented\":5}}\n", 1, "\"augmented\" must be true, false or the name of a crop" },
        { "auto", $"pdq {A}\ntmk_pdqf {A}\n", 2, "unknown signal type 'tmk_pdqf'" },
        { "auto", $"pdq {A}\nvideo_md5 {A}\n", 2, "an MD5 is 32 hex digits" },
        { "auto", $"{A},1,,\n{A},,,\n", 2, "the id (second field) is empty" },
        { "auto", $"{A},1,,\n{A},1\n", 2, "expected 'hash,id,timestamp,tags'" },
        { "auto", $"{Vics}{{\"MediaID\":1,\"MD5\":\"{M}\"}},\n{{\"MediaID\":2,\"MD5\":\"xyz\"}}\n]}}", 3, "record 2: MD5: an MD5 is 32 hex digits" },
        { "auto", $"{Vics}{{\"MediaID\":1,\"MD5\":5}}\n]}}", 2, "record 1: \"MD5\" must be a string" },
        { "auto", $"{Vics}{{\"MediaID\":1,\"Category\":{{}},\"MD5\":\"{M}\"}}\n]}}", 2, "record 1: \"Category\" must be a number or a string" },
        { "auto", $"{Vics}{{\"MediaID\":1,\"MD5\":\"{M}\"}},\n{{\"MediaID\":2}}\n]}}", 3, "record 2: no hash" },
        { "auto", $"{Vics}{{\"MediaID\":1,\"MD5\":\"{M}\"}},\n7\n]}}", 3, "record 2: expected a Media object" },
        { "auto", $"MD5;SHA1;PhotoDNA;Image ID\n{M};zz;;7\n", 2, "SHA1: an SHA1 is 40 hex digits" },
        { "auto", $"\"SHA-1\",\"MD5\",\"CRC32\",\"FileName\",\"FileSize\",\"ProductCode\",\"OpSystemCode\",\"SpecialCode\"\r\n\"{new string('A', 40)}\",\"{M}0\",\"0\",\"a.dll\",1,2,\"3\",\"\"\r\n", 2, "MD5: an MD5 is 32 hex digits" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reading_stops_at_the_record_naming_the_list_and_line(string layout, string text, int line, string message)
    {
        var error = Assert.Throws<HashMatchException>(() => ListReader.ReadFrom(new StringReader(text), "list.txt", Layout(layout)));
        Assert.Equal(HashMatchErrorReason.Malformed, error.Reason);
        Assert.Equal("list.txt", error.Input);
        Assert.StartsWith($"line {line}: ", error.Detail);
        Assert.Contains(message, error.Detail);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Linting_reports_the_record_and_reads_on(string layout, string text, int line, string message)
    {
        ListContents contents = ListReader.ReadFrom(new StringReader(text), "list.txt", Layout(layout), collectErrors: true);
        ListIssue issue = Assert.Single(contents.Errors);
        Assert.Equal((line, ListIssueSeverity.Error, "malformed"), (issue.Line, issue.Severity, issue.Code));
        Assert.Contains(message, issue.Message);
        Assert.StartsWith($"list.txt:{line}: error: ", issue.ToString());
    }

    [Theory]
    [InlineData("{\"id\":7,\"md5\":\"%\"}")]
    [InlineData("{\"id\":\"7\",\"md5\":\"%\"}")]
    public void Json_lines_ids_may_be_numbers_or_strings(string line)
    {
        ListContents contents = ListReader.ReadFrom(new StringReader(line.Replace("%", M, StringComparison.Ordinal)), "l.jsonl");
        Assert.Equal("7", Assert.Single(contents.Entries).Id);
    }

    [Theory]
    [InlineData("{\"@odata.context\":\"x\",\"value\":[{\"MD5\":", "not valid JSON")]
    [InlineData("{\"@odata.context\":\"x\",\"items\":[]}", "no \"value\" array")]
    [InlineData("{\"@odata.context\":\"x\",\"value\":{}}", "\"value\" must be an array")]
    public void A_broken_vics_file_cannot_be_read_on_even_when_linting(string text, string message)
    {
        var error = Assert.Throws<HashMatchException>(() => ListReader.ReadFrom(new StringReader(text), "set.json", ListFormat.Vics, collectErrors: true));
        Assert.Equal(HashMatchErrorReason.Malformed, error.Reason);
        Assert.Contains(message, error.Detail);
        Assert.StartsWith("line 1: ", error.Detail);
    }

    [Fact]
    public void A_csv_header_without_a_hash_column_names_what_it_found()
    {
        var error = Assert.Throws<HashMatchException>(() => ListReader.ReadFrom(new StringReader("name,comment\nx,y\n"), "l.csv", collectErrors: true));
        Assert.Contains("line 1: the header names no hash column", error.Detail);
        Assert.Contains("name, comment", error.Detail);
    }

    [Fact]
    public void A_first_line_of_no_known_layout_names_its_line()
    {
        var error = Assert.Throws<HashMatchException>(() => ListReader.ReadFrom(new StringReader("# comment\n\nhello world\n"), "l.txt"));
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, error.Reason);
        Assert.StartsWith("line 3: cannot tell the list layout", error.Detail);
    }

    private static ListFormat Layout(string name) => name == "auto" ? ListFormat.Auto : Enum.Parse<ListFormat>(name);
}
