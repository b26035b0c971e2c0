using System.Reflection;
using System.Runtime.CompilerServices;

namespace HashMatch.Tests.Layering;

/// <summary>
/// The project's own tools are the library's first users and get nothing other callers do not: the CLI, the server
/// and the evaluation see the library's public surface only (its internals are visible to the tests and benchmarks
/// alone), and each tool uses only the assemblies below it — the server and the evaluation the library, the CLI all
/// three.
/// </summary>
public sealed class ToolLayeringTests
{
    private static readonly Assembly Library = typeof(PdqHash).Assembly;
    private static readonly Assembly Evaluation = typeof(global::HashMatch.Evaluation.EvaluationRunner).Assembly;
    private static readonly Assembly Server = typeof(global::HashMatch.Server.HashMatchServer).Assembly;
    private static readonly Assembly Cli = typeof(global::HashMatch.Cli.CliApplication).Assembly;

    public static TheoryData<string> Assemblies() => new("HashMatch", "HashMatch.Evaluation", "HashMatch.Server", "HashMatch.Cli");

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Internals_are_visible_to_the_tests_and_benchmarks_only(string name)
    {
        Assembly assembly = new[] { Library, Evaluation, Server, Cli }.Single(a => a.GetName().Name == name);
        string[] friends = [.. assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Order(StringComparer.Ordinal)];
        Assert.All(friends, friend => Assert.Contains(friend, new[] { "HashMatch.Benchmarks", "HashMatch.Tests" }));
    }

    [Fact]
    public void Each_tool_uses_only_the_assemblies_below_it()
    {
        Assert.Equal(["HashMatch"], OwnReferences(Evaluation));
        Assert.Equal(["HashMatch"], OwnReferences(Server));
        Assert.Equal(["HashMatch", "HashMatch.Evaluation", "HashMatch.Server"], OwnReferences(Cli));
        Assert.Empty(OwnReferences(Library));
    }

    [Fact]
    public void The_check_sees_a_friend_assembly()
    {
        // Guards the theory above against reading nothing: the library does name the tests as a friend.
        Assert.Contains(Library.GetCustomAttributes<InternalsVisibleToAttribute>(), a => a.AssemblyName == "HashMatch.Tests");
    }

    private static string[] OwnReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n == "HashMatch" || n.StartsWith("HashMatch.", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
