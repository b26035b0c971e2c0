using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Cli;

/// <summary>
/// The packages a user installs (docs/packages.md): the tool's pointer package, its Native AOT package for this
/// machine (Linux x64) and its framework-dependent package for every other platform, and the library package —
/// their contents and sizes; then the tool installed from the local folder runs <c>hash</c>, <c>index build</c>,
/// <c>match</c> and <c>eval</c> (handed to the framework-dependent build beside the native executable) on testdata,
/// as a new user would. The packages come from <c>HASHMATCH_PACKAGES</c> when CI has packed them already, else this
/// test packs them (the native compile takes a few minutes).
/// </summary>
[Trait("Cost", "Integration")]
public sealed partial class ToolPackageTests
{
    /// <summary>Largest package allowed (issue 15: the tool package was 186 MB, mostly Windows debug symbols).</summary>
    private const long MaxPackageBytes = 40L << 20;

    /// <summary>The RID that has a native package; the framework-dependent package serves the rest.</summary>
    private const string NativeRid = "linux-x64";

    [Fact]
    public void The_packages_are_small_and_the_installed_tool_hashes_matches_and_evaluates()
    {
        string repository = TestData.RepositoryRoot;
        string work = Directory.CreateTempSubdirectory("hashmatch-tool").FullName;
        try
        {
            string packages = Environment.GetEnvironmentVariable("HASHMATCH_PACKAGES") is { Length: > 0 } given ? Path.GetFullPath(given) : Path.Combine(work, "packages");
            if (packages.StartsWith(work, StringComparison.Ordinal))
            {
                // The test command builds the solution in Release first (the CLI and the library are references of the tests).
                Run("dotnet", repository, "pack", Path.Combine(repository, "src", "HashMatch.Cli"), "-c", "Release", "--no-build", "-o", packages);
                Run("dotnet", repository, "pack", Path.Combine(repository, "src", "HashMatch"), "-c", "Release", "--no-build", "-o", packages);
            }

            string version = CheckToolPackages(packages);
            CheckLibraryPackage(packages);

            string tools = Path.Combine(work, "tools");
            Run("dotnet", work, "tool", "install", "HashMatch.Cli", "--tool-path", tools, "--add-source", packages, "--version", version);
            string hashmatch = Path.Combine(tools, OperatingSystem.IsWindows() ? "hashmatch.exe" : "hashmatch");
            if (RuntimeInformation.RuntimeIdentifier == NativeRid)
            {
                // The command is the native executable itself (a link into the tool store), not a .NET host shim.
                string target = new FileInfo(hashmatch).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? hashmatch;
                Assert.EndsWith($"{NativeRid}{Path.DirectorySeparatorChar}HashMatch.Cli", target);
                Assert.True(IsElfExecutable(target), $"{target} is not a native executable");
            }

            string images = TestData.Path(Path.Combine("pdq-reference", "images"));
            string hashes = Run(hashmatch, work, "hash", images, "--quiet");
            string[] lines = hashes.TrimEnd().Split('\n');
            Assert.StartsWith("path\tmd5\tpdq\tquality", lines[0]);
            Assert.True(lines.Length > 30, $"{lines.Length} lines");

            File.WriteAllText(Path.Combine(work, "known.tsv"), hashes);
            Run(hashmatch, work, "index", "build", "--list", "known.tsv", "--out", "known.hmidx");
            string firstImage = lines[1].Split('\t')[0];
            string matches = Run(hashmatch, work, "match", "--index", "known.hmidx", firstImage);
            Assert.Contains($"{firstImage}\tpdq\tknown\t1\t0\toriginal\t", matches);

            string evaluation = Run(hashmatch, work, "eval", "--originals", "6", "--per-original", "1", "--quiet", "--out", "report");
            Assert.Contains("seed 1, 6 originals", evaluation);
            Assert.True(new FileInfo(Path.Combine(work, "report", "index.html")).Length > 0);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Checks the pointer, native and framework-dependent packages of one version; returns the version.</summary>
    private static string CheckToolPackages(string packages)
    {
        FileInfo pointer = Assert.Single(new DirectoryInfo(packages).GetFiles("HashMatch.Cli.0*.nupkg"));
        string version = pointer.Name["HashMatch.Cli.".Length..^".nupkg".Length];
        // A local pack is a development version, new at each pack, so the NuGet cache never serves a stale package.
        Assert.Matches(DevelopmentVersion(), version);

        string[] rids = [.. (RuntimeInformation.RuntimeIdentifier == NativeRid ? [NativeRid] : Array.Empty<string>()), "any"];
        foreach (string rid in rids)
        {
            var package = new FileInfo(Path.Combine(packages, $"HashMatch.Cli.{rid}.{version}.nupkg"));
            Assert.True(package.Exists, $"{package.Name} is missing");
            Assert.True(package.Length <= MaxPackageBytes, $"{package.Name} is {package.Length / 1e6:F1} MB, more than {MaxPackageBytes >> 20} MiB");
            using ZipArchive zip = ZipFile.OpenRead(package.FullName);
            string[] names = [.. zip.Entries.Select(e => e.FullName)];
            Assert.Contains("README.md", names);
            // HarfBuzz's native libraries (libHarfBuzzSharp.so/.dll/.dylib); the managed HarfBuzzSharp.dll stays, ScottPlot references it.
            Assert.DoesNotContain(names, n => n.Contains("libHarfBuzzSharp", StringComparison.Ordinal));
            Assert.DoesNotContain(names, n => n.EndsWith(".dbg", StringComparison.Ordinal) || n.EndsWith(".pdb", StringComparison.Ordinal));
            Assert.DoesNotContain(names, n => n.StartsWith("tools/", StringComparison.Ordinal) && n.EndsWith(".xml", StringComparison.Ordinal) && !n.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
            if (rid == NativeRid)
            {
                // The native executable (x86-64-v3) and its AVX-512 build (x86-64-v4), SkiaSharp's library, and the
                // framework-dependent build it hands eval to.
                Assert.Contains($"tools/any/{NativeRid}/HashMatch.Cli", names);
                Assert.Contains($"tools/any/{NativeRid}/HashMatch.Cli.x86-64-v4", names);
                Assert.Contains($"tools/any/{NativeRid}/libSkiaSharp.so", names);
                Assert.Contains($"tools/any/{NativeRid}/HashMatch.Cli.dll", names);
                Assert.Contains($"tools/any/{NativeRid}/ScottPlot.dll", names);
            }
            else
            {
                Assert.Contains("tools/net10.0/any/HashMatch.Cli.dll", names);
                Assert.Contains("tools/net10.0/any/runtimes/win-x64/native/libSkiaSharp.dll", names);
                Assert.Contains("tools/net10.0/any/runtimes/osx/native/libSkiaSharp.dylib", names);
            }
        }

        Assert.True(pointer.Length < 100_000, $"the pointer package is {pointer.Length} bytes");
        return version;
    }

    /// <summary>The library package: its own short README (not the repository's, whose links are relative).</summary>
    private static void CheckLibraryPackage(string packages)
    {
        FileInfo library = Assert.Single(new DirectoryInfo(packages).GetFiles("HashMatch.0*.nupkg"));
        Assert.True(library.Length <= MaxPackageBytes, $"{library.Name} is {library.Length / 1e6:F1} MB");
        Assert.Matches(DevelopmentVersion(), library.Name["HashMatch.".Length..^".nupkg".Length]);
        using ZipArchive zip = ZipFile.OpenRead(library.FullName);
        using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
        string readme = reader.ReadToEnd();
        Assert.True(readme.Length < 8_000, $"the library package's README is {readme.Length} characters");
        Assert.DoesNotMatch(RelativeLink(), readme);
        Assert.NotNull(zip.GetEntry("lib/net10.0/HashMatch.dll"));
    }

    private static bool IsElfExecutable(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using FileStream file = File.OpenRead(path);
        return file.Read(magic) == 4 && magic.SequenceEqual("\u007fELF"u8);
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+-dev\.\d{14}$")]
    private static partial Regex DevelopmentVersion();

    [GeneratedRegex(@"\]\((?!https?:)[^)]*\)")]
    private static partial Regex RelativeLink();

    private static string Run(string program, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish in 20 minutes");
        }

        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}{output.Result}");
        return output.Result;
    }
}
