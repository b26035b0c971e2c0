using System.Diagnostics;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Cli;

/// <summary>
/// Packs the CLI as a dotnet tool, installs it into a temporary tool path from the local package folder and runs
/// <c>hashmatch hash</c>, <c>index build</c> and <c>match</c> on testdata, as a new user would.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void The_packed_tool_installs_and_hashes_and_matches_testdata()
    {
        string repository = new DirectoryInfo(TestData.Path("pdq-reference")).Parent!.Parent!.FullName;
        string work = Directory.CreateTempSubdirectory("hashmatch-tool").FullName;
        try
        {
            string packages = Path.Combine(work, "packages"), tools = Path.Combine(work, "tools");

            // The test command builds the CLI in Release first (it is a project reference of the tests).
            Run("dotnet", repository, "pack", Path.Combine(repository, "src", "HashMatch.Cli"), "-c", "Release", "--no-build", "-o", packages);
            Run("dotnet", work, "tool", "install", "HashMatch.Cli", "--tool-path", tools, "--add-source", packages, "--version", "0.1.0");

            string hashmatch = Path.Combine(tools, OperatingSystem.IsWindows() ? "hashmatch.exe" : "hashmatch");
            string images = TestData.Path(Path.Combine("pdq-reference", "images"));
            string hashes = Run(hashmatch, work, "hash", images, "--quiet");
            string[] lines = hashes.TrimEnd().Split('\n');
            Assert.StartsWith("path\tmd5\tpdq\tquality", lines[0]);
            Assert.True(lines.Length > 30, $"{lines.Length} lines");

            File.WriteAllText(Path.Combine(work, "known.tsv"), hashes);
            Run(hashmatch, work, "index", "build", "--list", "known.tsv", "--out", "known.hmidx");
            string firstImage = lines[1].Split('\t')[0];
            string matches = Run(hashmatch, work, "match", "--index", "known.hmidx", firstImage);
            Assert.Contains($"{firstImage}\tpdq\tknown\t1\t0\tOriginal\t", matches);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

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
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish in 5 minutes");
        }

        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}{output.Result}");
        return output.Result;
    }
}
