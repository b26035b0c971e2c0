using System.Text.RegularExpressions;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Layering;

/// <summary>
/// Rules with one home, enforced on the source: each pattern below is how a second copy of a rule looks, and it may
/// appear only in the file that owns the rule. A new copy fails here, naming the file and line to change.
/// </summary>
public sealed partial class SingleDefinitionTests
{
    /// <summary>The rules: what a copy looks like, where copies are looked for, the one file allowed to have it, and what to use instead.</summary>
    public static TheoryData<string, string, string, string> Rules { get; } = new()
    {
        // The eight dihedral transforms are named by PdqVariantNames alone (lists, hash --dihedral, match, the API);
        // tests spell the names out, as the wire shows them.
        { nameof(DihedralName), "src", "src/HashMatch/PdqVariantNames.cs", "name a rotation or flip with PdqVariantNames.Name or .Column" },

        // Enum names made lower case on the spot are a second name table (MatchMethodNames, PdqVariantNames, QueryVariant.Name).
        { nameof(LowerCasedEnumName), "src tests", "", "use MatchMethodNames.Name, PdqVariantNames.Name, QueryVariant.Name or TransformKindNames.Name" },

        // MatchMethod's text names, mapped case by case.
        { nameof(MethodNameMapping), "src tests", "src/HashMatch/Matching/MatchMethodNames.cs", "use MatchMethodNames.Name" },

        // PDQ quality: checked by PdqQualityScale, never clamped into range (tests write off-scale values on purpose).
        { nameof(QualityRange), "src", "src/HashMatch/PdqQualityScale.cs", "use PdqQualityScale.Problem or .Check (and never clamp a quality)" },

        // PATH is read by ExecutableSearch alone.
        { nameof(PathVariable), "src tests", "src/HashMatch/IO/ExecutableSearch.cs", "use ExecutableSearch.Find or .PathFolders" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_rule_is_written_once(string rule, string folders, string home, string instead)
    {
        Regex pattern = Pattern(rule);
        var copies = new List<string>();
        foreach (string file in SourceFiles(folders.Split(' ')))
        {
            string relative = Path.GetRelativePath(TestData.RepositoryRoot, file).Replace('\\', '/');
            if (relative == home || relative == "tests/HashMatch.Tests/Layering/SingleDefinitionTests.cs")
            {
                continue;
            }

            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (pattern.IsMatch(lines[i]))
                {
                    copies.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(copies.Count == 0, $"{rule} has a second definition ({instead}):\n{string.Join('\n', copies)}");
    }

    [Theory]
    [InlineData(nameof(DihedralName), "json.WriteString(\"pdq_rot90\", hash);")]
    [InlineData(nameof(DihedralName), "QueryVariant.Rotate90 => \"Rotate90\",")]
    [InlineData(nameof(LowerCasedEnumName), "string method = candidate.Method.ToString().ToLowerInvariant();")]
    [InlineData(nameof(LowerCasedEnumName), "json.WriteString(\"query_variant\", variant.Turn.ToString().ToLowerInvariant());")]
    [InlineData(nameof(LowerCasedEnumName), "string label = catalog[t].Kind.ToString().ToLowerInvariant();")]
    [InlineData(nameof(MethodNameMapping), "MatchMethod.Md5 => \"md5\",")]
    [InlineData(nameof(QualityRange), "values[2] = entry.Quality is { } q ? (short)Math.Clamp(q, 0, 100) : null;")]
    [InlineData(nameof(QualityRange), "if (quality is < 0 or > 100)")]
    [InlineData(nameof(QualityRange), "ArgumentOutOfRangeException.ThrowIfGreaterThan(MinQuality, 100);")]
    [InlineData(nameof(PathVariable), "foreach (string folder in Environment.GetEnvironmentVariable(\"PATH\")!.Split(':'))")]
    public void Each_rule_sees_the_copies_it_was_written_against(string rule, string copy)
    {
        // The copies each rule replaced, as they were written: the patterns must keep recognising them.
        Assert.Matches(Pattern(rule), copy);
    }

    [Fact]
    public void The_rules_do_not_flag_ordinary_code()
    {
        string[] fine =
        [
            "string name = PdqVariantNames.Name(variant);",
            "Quality = PdqQualityScale.Check(q, entry.Id, \"quality\"),",
            "int rows = Math.Clamp((int)Math.Round(layout.Rows * scale), 1, 512);",
            "string method = MatchMethodNames.Name(candidate.Method);",
            "string? ffmpeg = ExecutableSearch.Find(\"ffmpeg\");",
        ];
        foreach (string rule in (string[])[nameof(DihedralName), nameof(LowerCasedEnumName), nameof(MethodNameMapping), nameof(QualityRange), nameof(PathVariable)])
        {
            Assert.DoesNotContain(fine, line => Pattern(rule).IsMatch(line));
        }
    }

    private static Regex Pattern(string rule) => rule switch
    {
        nameof(DihedralName) => DihedralName(),
        nameof(LowerCasedEnumName) => LowerCasedEnumName(),
        nameof(MethodNameMapping) => MethodNameMapping(),
        nameof(QualityRange) => QualityRange(),
        nameof(PathVariable) => PathVariable(),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown rule."),
    };

    /// <summary>The C# files under <paramref name="folders"/> of the repository (not build output).</summary>
    private static IEnumerable<string> SourceFiles(string[] folders) =>
        folders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(TestData.RepositoryRoot, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    // A quoted rotation or flip name: the reference's (rot90, flipplus1, pdq_rot90) or the enum members' (Rotate90).
    [GeneratedRegex("\"(pdq_)?(rot90|rot180|rot270|flipx|flipy|flipplus1|flipminus1|rotate90|rotate180|rotate270)\"", RegexOptions.IgnoreCase)]
    private static partial Regex DihedralName();

    [GeneratedRegex(@"(Method|Variant|Turn|Verdict|Kind)\w*\s*\)?\s*\.ToString\(\)\s*\.ToLower")]
    private static partial Regex LowerCasedEnumName();

    [GeneratedRegex(@"MatchMethod\.\w+\s*=>\s*""")]
    private static partial Regex MethodNameMapping();

    [GeneratedRegex(@"(?i:quality).*Math\.Clamp|Math\.Clamp.*(?i:quality)|<\s*0\s+or\s*>\s*100\b|>\s*100\s+or\s*<\s*0\b|ThrowIfGreaterThan\(\s*\w*Quality\w*\s*,\s*100\s*\)")]
    private static partial Regex QualityRange();

    [GeneratedRegex(@"GetEnvironmentVariable\(\s*""PATH""\s*\)")]
    private static partial Regex PathVariable();
}
