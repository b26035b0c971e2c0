using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HashMatch.Tests.Layering;

/// <summary>
/// Every C# sample in README.md, docs/ and the packages' READMEs compiles against the library as it is, so a renamed
/// member cannot leave the first thing a new user copies broken. A sample is a fragment: it may use the free names declared in
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

    public static TheoryData<string, int, string> Samples()
    {
        var samples = new TheoryData<string, int, string>();
        foreach (var (file, line, code) in FindSamples())
        {
            samples.Add(file, line, code);
        }

        return samples;
    }

    [Fact]
    public void The_readme_and_the_docs_have_samples_to_check()
    {
        string[] files = [.. FindSamples().Select(s => s.File)];
        Assert.Contains("README.md", files);
        Assert.Contains(files, f => f.StartsWith("docs/", StringComparison.Ordinal));
        Assert.True(files.Length >= 4, $"{files.Length} samples");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Readme_sample_compiles(string file, int line, string code)
    {
        string[] lines = code.Replace("{ ... }", "{ }", StringComparison.Ordinal).Split('\n');
        // The header: usings, and pragmas such as the opt-in to the experimental video API.
        static bool Header(string l) => l.StartsWith("using ", StringComparison.Ordinal) || l.StartsWith("#pragma ", StringComparison.Ordinal) || l.Length == 0;
        string usings = string.Join('\n', lines.TakeWhile(Header));
        string body = string.Join('\n', lines.SkipWhile(Header));
        string program = $"{usings}\n{FreeNames}\n#line 1\n{body}\n";

        var language = new CSharpParseOptions(LanguageVersion.CSharp14);
        var compilation = CSharpCompilation.Create(
            "ReadmeSample",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, language), CSharpSyntaxTree.ParseText(program, language)],
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        string[] errors = [.. compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{file} sample at line {line}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} ({d.Id}, sample line {d.Location.GetLineSpan().StartLinePosition.Line + 1})")];
        Assert.True(errors.Length == 0, string.Join('\n', errors));
    }

    /// <summary>Every <c>```csharp</c> block of the documentation: its file, the line of its opening fence, its code.</summary>
    private static IEnumerable<(string File, int Line, string Code)> FindSamples()
    {
        foreach (string file in DocumentationFiles.All())
        {
            string text = DocumentationFiles.Read(file);
            foreach (Match block in CSharpBlock().Matches(text))
            {
                yield return (file, text.AsSpan(0, block.Index).Count('\n') + 1, block.Groups["code"].Value);
            }
        }
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
