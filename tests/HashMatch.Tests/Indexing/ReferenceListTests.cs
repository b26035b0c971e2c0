using HashMatch.Indexing;
using HashMatch.Lists;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Indexing;

/// <summary>
/// Meta's index regression data: 100 needles against 1,350 haystack hashes at distance ≤ 31 must give exactly the
/// 250 matches the C++ reference's <c>mih-query -d 31</c> printed, with the same distances, for every structure.
/// </summary>
public sealed class ReferenceListTests
{
    private static string ListPath(string name) => TestData.Path(Path.Combine("pdq-reference", "hashlists", name));

    private static HashSet<(string Needle, int Distance, long Line)> ExpectedMatches()
    {
        var expected = new HashSet<(string, int, long)>();
        string needle = "";
        foreach (string line in File.ReadLines(TestData.Path(Path.Combine("pdq-reference", "expected", "cpp-mih-query-needles-vs-haystack-d31.txt"))))
        {
            if (line.StartsWith("needle=", StringComparison.Ordinal))
            {
                needle = line["needle=".Length..];
            }
            else if (line.StartsWith("d=", StringComparison.Ordinal))
            {
                var fields = line.Split(',').Select(f => f.Split('=')).ToDictionary(p => p[0], p => p[1]);
                expected.Add((needle, int.Parse(fields["d"]), long.Parse(fields["idx"])));
            }
        }

        return expected;
    }

    public static TheoryData<IndexKind> Kinds() => new(InternalIndexKinds.All);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Needles_against_haystack_at_31_match_the_reference(IndexKind kind)
    {
        IndexEntry[] haystack = ReadPdqList(ListReader.Read(ListPath("haystack.txt"), ListFormat.PlainPdq));
        IndexEntry[] needles = ReadPdqList(ListReader.Read(ListPath("needles.txt"), ListFormat.PlainPdq));
        Assert.Equal(1350, haystack.Length);
        HashIndex index = HashIndex.Create(kind, haystack);

        var actual = new HashSet<(string, int, long)>();
        var results = new List<IndexMatch>();
        foreach (IndexEntry needle in needles)
        {
            results.Clear();
            index.Query(needle.Hash, 31, results);
            foreach (IndexMatch match in results)
            {
                actual.Add((needle.Hash.ToString(), match.Distance, match.Id));
            }
        }

        HashSet<(string, int, long)> expected = ExpectedMatches();
        Assert.Equal(250, expected.Count);
        Assert.Equal(expected.Order(), actual.Order());
    }

    [Theory]
    [InlineData("d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b2", 2, "got 63 characters")]
    [InlineData("d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9bzz", 2, "character 63 is 'z'")]
    public void A_malformed_line_is_a_typed_error_with_its_line_number(string badLine, int line, string detail)
    {
        string text = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22\n" + badLine + "\n";
        var error = Assert.Throws<HashMatchException>(() => ReadPdqList(ListReader.ReadFrom(new StringReader(text), "list.txt", ListFormat.PlainPdq)));
        Assert.Equal(HashMatchErrorReason.Malformed, error.Reason);
        Assert.Contains($"list.txt: malformed: line {line}: ", error.Message);
        Assert.Contains(detail, error.Message);
    }

    [Fact]
    public void Quality_columns_blank_lines_and_crlf_are_accepted()
    {
        string text = "\r\n0000000000000000000000000000000000000000000000000000000000000000,0\r\n\r\nffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\t100\r\n";
        IndexEntry[] entries = ReadPdqList(ListReader.ReadFrom(new StringReader(text), "l", ListFormat.PlainPdq));
        // Ids count lines from the first data line (issue 11): the entries on lines 2 and 4 are ids 1 and 3.
        Assert.Equal([new IndexEntry(PdqHash.Zero, 1), new IndexEntry(IndexData.AllOnes, 3)], entries);
    }

    private static IndexEntry[] ReadPdqList(ListContents contents) =>
        [.. contents.Entries.Where(e => e.Pdq is not null).Select(e => new IndexEntry(e.Pdq!.Value, long.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture)))];
}
