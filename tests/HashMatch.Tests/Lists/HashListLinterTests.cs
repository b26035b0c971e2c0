using HashMatch.Lists;
using HashMatch.Tests.Index;

namespace HashMatch.Tests.Lists;

public sealed class HashListLinterTests
{
    private static IReadOnlyList<ListIssue> Lint(string text) =>
        HashListLinter.Lint(HashListReader.ReadFrom(new StringReader(text), "l.txt", HashListFormat.PlainPdq, collectErrors: true));

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
                Assert.Null(HashListLinter.Degenerate(hash));
            }
        }
    }
}
