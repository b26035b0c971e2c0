using HashMatch.Tests.Support;

namespace HashMatch.Tests.Layering;

/// <summary>
/// The README stays a page a newcomer reads in minutes (issue 21: at most 250 lines; the rest is in docs/), and the
/// two commands CI runs "verbatim from the README" are the README's.
/// </summary>
public sealed class ReadmeShapeTests
{
    [Fact]
    public void The_readme_is_at_most_250_lines()
    {
        int lines = DocumentationFiles.Read("README.md").TrimEnd('\n').Split('\n').Length;
        Assert.True(lines <= 250, $"README.md has {lines} lines; move detail to docs/");
    }

    [Theory]
    [InlineData("# Main job (README), verbatim")]
    [InlineData("# Test command (README), verbatim.")]
    public void The_commands_ci_runs_are_the_readmes(string ciComment)
    {
        string[] ci = File.ReadAllLines(Path.Combine(TestData.RepositoryRoot, ".ci", "run"));
        int at = Array.FindIndex(ci, l => l.StartsWith(ciComment, StringComparison.Ordinal));
        Assert.True(at >= 0, $".ci/run has no line starting '{ciComment}'");
        string command = ci[(at + 1)..].First(l => l.StartsWith("dotnet ", StringComparison.Ordinal));
        command = command.Split(" 2>&1", 2)[0];
        string[] readme = DocumentationFiles.Read("README.md").Split('\n');
        Assert.Contains(command, readme);
    }
}
