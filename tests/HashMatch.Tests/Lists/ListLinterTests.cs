using HashMatch.Lists;
using HashMatch.Tests.Indexing;

namespace HashMatch.Tests.Lists;

public sealed class ListLinterTests
{
    private static IReadOnlyList<ListIssue> Lint(string text) =>
        ListLinter.Lint(ListReader.ReadFrom(new StringReader(text), "l.txt", ListFormat.PlainPdq, collectErrors: true));

    [Fact]
    public void Reports_errors_duplicates_and_degenerate_hashes_by_line()
    {
        PdqHash real = IndexData.RandomHash(new Random(3));
        while (Math.Abs(real.DistanceTo(PdqHash.Zero) - 128) > 20)
        {
            real = IndexData.RandomHash(new Random(real.GetHashCode()));
        }

        string zeros = new('0', 64), ones = new('f', 64);
        string nearZero = "0000000000000000000000000000000000000000000000000000000000000fff";
        string striped = string.Concat(Enumerable.Repeat("a5c3", 16));
        string halfSplit = new string('0', 32) + new string('f', 32);
        string text = string.Join('\n', real.ToString(), "xyz", real.ToString(), zeros, ones, nearZero, striped, halfSplit, $"{IndexData.RandomHash(new Random(9))},12");
        IReadOnlyList<ListIssue> issues = Lint(text);
        Assert.Equal(
            [(2, "malformed"), (3, "duplicate"), (4, "all-zero"), (5, "all-one"), (6, "near-constant"), (7, "striped"), (8, "half-split"), (9, "low-quality")],
            issues.Select(i => (i.Line, i.Code)));
        Assert.Equal(ListIssueSeverity.Error, issues[0].Severity);
        Assert.All(issues.Skip(1), i => Assert.Equal(ListIssueSeverity.Warning, i.Severity));
        Assert.StartsWith("l.txt:2: error: ", issues[0].ToString());
    }

    [Fact]
    public void Real_pdq_hashes_of_the_reference_images_are_not_degenerate()
    {
        foreach (var row in Support.ReferenceVectors.Lossless.Concat(Support.ReferenceVectors.Files).Where(r => r.Quality >= 50))
        {
            foreach (PdqHash hash in row.Hashes)
            {
                Assert.Null(ListLinter.Degenerate(hash));
            }
        }
    }

    [Fact]
    public void A_list_carrying_photodna_gets_a_note_that_it_is_not_matched()
    {
        string photoDna = Convert.ToBase64String(new byte[144]);
        ExactHash md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, [1]);
        IReadOnlyList<ListIssue> issues = ListLinter.Lint(ListReader.ReadFrom(new StringReader($"md5,photodna\n{md5},{photoDna}\n"), "set.csv"));
        ListIssue note = Assert.Single(issues);
        Assert.Equal((ListIssueSeverity.Info, "photodna", 0), (note.Severity, note.Code, note.Line));
        Assert.Contains("not matched", note.Message);
        Assert.StartsWith("set.csv: info: 1 of 1 entries carry a PhotoDNA hash", note.ToString());
    }

    [Fact]
    public void Duplicates_of_every_hash_kind_name_the_first_line()
    {
        ExactHash md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, [1]), sha1 = ExactHash.Compute(ExactHashAlgorithm.Sha1, [1]);
        PdqHash pdq = IndexData.RandomHash(new Random(11));
        IReadOnlyList<ListIssue> issues = ListLinter.Lint(ListReader.ReadFrom(new StringReader($"md5,sha1,pdq\n{md5},,\n,{sha1},{pdq}\n,{sha1},\n{md5},,{pdq}\n"), "d.csv"));
        Assert.Equal(
            [(4, "SHA-1 repeats line 3"), (5, "MD5 repeats line 2"), (5, "PDQ hash repeats line 3")],
            issues.Where(i => i.Code == "duplicate").Select(i => (i.Line, i.Message)).OrderBy(i => i.Line).ThenBy(i => i.Message, StringComparer.Ordinal));
    }

    [Fact]
    public void Linting_a_file_as_a_stream_finds_what_linting_its_contents_finds()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hashmatch-lint-{Guid.NewGuid():N}.txt");
        PdqHash real = IndexData.RandomHash(new Random(3));
        File.WriteAllText(path, string.Join('\n', real.ToString(), "xyz", real.ToString(), new string('0', 64), $"{IndexData.RandomHash(new Random(9))},12"));
        try
        {
            var streamed = new List<ListIssue>();
            ListLintSummary summary = ListLinter.Lint(path, ListFormat.Auto, streamed.Add);
            IReadOnlyList<ListIssue> whole = ListLinter.Lint(ListReader.Read(path, collectErrors: true));
            Assert.Equal(whole.OrderBy(i => i.Line).ThenBy(i => i.Code).Select(i => i.ToString()), streamed.OrderBy(i => i.Line).ThenBy(i => i.Code).Select(i => i.ToString()));
            Assert.Equal((ListFormat.PlainPdq, 4, 1, whole.Count - 1), (summary.Format, summary.Entries, summary.Errors, summary.Warnings));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_empty_list_is_a_warning()
    {
        ListIssue issue = Assert.Single(ListLinter.Lint(ListReader.ReadFrom(new StringReader("# nothing here\n\n"), "e.txt")));
        Assert.Equal(("empty", ListIssueSeverity.Warning), (issue.Code, issue.Severity));
    }
}
