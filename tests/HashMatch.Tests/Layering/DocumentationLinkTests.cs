using System.Text;
using System.Text.RegularExpressions;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Layering;

/// <summary>
/// Every relative link in README.md, docs/ and the packages' READMEs names a file or folder that exists, and every
/// <c>#anchor</c> names a heading of its target as GitHub derives anchors (lower case; punctuation other than '-' and
/// '_' dropped; spaces to '-'; a repeated heading gets -1, -2, …). Links inside code are not links and are skipped.
/// </summary>
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Files() => [.. DocumentationFiles.All()];

    [Fact]
    public void The_docs_link_to_each_other()
    {
        int relative = DocumentationFiles.All().Sum(f => Links(DocumentationFiles.Read(f)).Count(l => IsRelative(l.Target)));
        Assert.True(relative >= 20, $"{relative} relative links");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Relative_links_resolve(string file)
    {
        string folder = Path.GetDirectoryName(Path.Combine(TestData.RepositoryRoot, file))!;
        var broken = new List<string>();
        foreach (var (line, target) in Links(DocumentationFiles.Read(file)).Where(l => IsRelative(l.Target)))
        {
            int hash = target.IndexOf('#', StringComparison.Ordinal);
            string pathPart = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
            string? anchor = hash < 0 ? null : target[(hash + 1)..];
            string resolved = pathPart.Length == 0 ? Path.Combine(TestData.RepositoryRoot, file) : Path.GetFullPath(Path.Combine(folder, pathPart));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{file}:{line}: {target}: no such file");
            }
            else if (anchor is not null && !(resolved.EndsWith(".md", StringComparison.Ordinal) && Anchors(File.ReadAllText(resolved)).Contains(anchor)))
            {
                broken.Add($"{file}:{line}: {target}: no heading with that anchor");
            }
        }

        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    [Theory]
    [InlineData("## Install", "install")]
    [InlineData("## The `hashmatch` tool", "the-hashmatch-tool")]
    [InlineData("# PDQ: agreement with Meta's reference, and decoding", "pdq-agreement-with-metas-reference-and-decoding")]
    [InlineData("### vPDQ hash files", "vpdq-hash-files")]
    [InlineData("## Two commands\n## Two commands", "two-commands-1")]
    public void Anchors_follow_GitHub(string headings, string anchor) => Assert.Contains(anchor, Anchors(headings));

    [Fact]
    public void A_link_in_code_is_not_a_link()
    {
        const string text = "see [a](a.md)\n```sh\nx [b](b.md)\n```\nand `[c](c.md)` too\n";
        Assert.Equal(["a.md"], Links(text).Select(l => l.Target));
    }

    private static bool IsRelative(string target) =>
        !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith("mailto:", StringComparison.Ordinal);

    /// <summary>The link targets of <paramref name="markdown"/> outside fenced blocks and inline code, with their lines.</summary>
    private static IEnumerable<(int Line, string Target)> Links(string markdown)
    {
        foreach (var (number, line) in ProseLines(markdown))
        {
            foreach (Match link in LinkPattern().Matches(InlineCode().Replace(line, "")))
            {
                yield return (number, link.Groups["target"].Value);
            }
        }
    }

    /// <summary>The anchors GitHub gives the headings of <paramref name="markdown"/>.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, line) in ProseLines(markdown))
        {
            Match heading = Heading().Match(line);
            if (!heading.Success)
            {
                continue;
            }

            string text = LinkPattern().Replace(heading.Groups["text"].Value, m => m.Groups["text"].Value);
            var slug = new StringBuilder();
            foreach (char c in text.Trim().ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }

            string anchor = slug.ToString();
            int count = seen.GetValueOrDefault(anchor);
            seen[anchor] = count + 1;
            anchors.Add(count == 0 ? anchor : $"{anchor}-{count}");
        }

        return anchors;
    }

    /// <summary>Lines outside fenced code blocks, numbered from 1.</summary>
    private static IEnumerable<(int Number, string Line)> ProseLines(string markdown)
    {
        bool fenced = false;
        string[] lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (!fenced)
            {
                yield return (i + 1, lines[i]);
            }
        }
    }

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
