using System.Text.RegularExpressions;
using HashMatch.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HashMatch.Tests.Layering;

/// <summary>
/// Every C# sample in README.md compiles against the library as it is, so a renamed member cannot leave the first
/// thing a new user copies broken. A sample is a fragment: it may use the free names declared in
/// <see cref="FreeNames"/> and stand for a loop body with <c>{ ... }</c>; everything else it uses it must import.
/// </summary>
public sealed partial class ReadmeSampleTests
{
    /// <summary>The names samples use without declaring them (a query hash, inputs, progress, a token).</summary>
    private const string FreeNames = """
        string knownHex = new string('0', 64);
        IEnumerable<string> paths = [];
        IProgress<int>? progress = null;
        CancellationToken ct = default;
        """;

    /// <summary>The SDK's implicit usings for a console project (what a new user's Program.cs has).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static TheoryData<int, string> Samples()
    {
        string readme = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "README.md"));
        var samples = new TheoryData<int, string>();
        foreach (Match block in CSharpBlock().Matches(readme))
        {
            int line = readme.AsSpan(0, block.Index).Count('\n') + 1;
            samples.Add(line, block.Groups["code"].Value);
        }

        return samples;
    }

    [Fact]
    public void The_readme_has_samples_to_check() => Assert.True(Samples().Count >= 4);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Readme_sample_compiles(int line, string code)
    {
        string[] lines = code.Replace("{ ... }", "{ }", StringComparison.Ordinal).Split('\n');
        string usings = string.Join('\n', lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || l.Length == 0));
        string body = string.Join('\n', lines.SkipWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || l.Length == 0));
        string program = $"{usings}\n{FreeNames}\n#line 1\n{body}\n";

        var language = new CSharpParseOptions(LanguageVersion.CSharp14);
        var compilation = CSharpCompilation.Create(
            "ReadmeSample",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, language), CSharpSyntaxTree.ParseText(program, language)],
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        string[] errors = [.. compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"README.md sample at line {line}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} ({d.Id}, sample line {d.Location.GetLineSpan().StartLinePosition.Line + 1})")];
        Assert.True(errors.Length == 0, string.Join('\n', errors));
    }

    /// <summary>The runtime's own assemblies (as the SDK references them) and the library.</summary>
    private static IEnumerable<MetadataReference> References()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(PdqHash).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(p => MetadataReference.CreateFromFile(p));
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
