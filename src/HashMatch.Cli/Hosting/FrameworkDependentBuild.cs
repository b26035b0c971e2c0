using System.Runtime.InteropServices;
using HashMatch.IO;

namespace HashMatch.Cli.Hosting;

/// <summary>
/// The framework-dependent build of this tool (<c>HashMatch.Cli.dll</c>), shipped beside the native executable for
/// the commands that executable leaves out: <c>eval</c> (ScottPlot and Spectre.Console, minutes of work where start-up
/// does not count and the JIT's AVX-512 paths and profile-guided code run faster). The native executable replaces
/// itself with <c>dotnet HashMatch.Cli.dll ARGS...</c> (<c>execv</c>): same process id, standard streams, signals
/// and exit code, nothing to forward.
/// </summary>
internal static partial class FrameworkDependentBuild
{
    /// <summary>The framework-dependent entry assembly, next to the native executable.</summary>
    public const string AssemblyFileName = "HashMatch.Cli.dll";

    /// <summary>
    /// Runs <paramref name="args"/> (the whole command line) in the framework-dependent build; returns only when that
    /// cannot start, with <see cref="ExitCodes.Failed"/> after saying why on <paramref name="stderr"/>.
    /// </summary>
    public static int Exec(string command, string[] args, TextWriter stderr)
    {
        string assembly = Path.Combine(AppContext.BaseDirectory, AssemblyFileName);
        if (!File.Exists(assembly))
        {
            stderr.WriteLine($"error: '{command}' runs on the .NET runtime from {assembly}, which is missing (reinstall the tool, or run it from the repository with 'dotnet run --project src/HashMatch.Cli -c Release -- {command}')");
            return ExitCodes.Failed;
        }

        string? dotnet = FindDotnet();
        if (dotnet is null)
        {
            stderr.WriteLine($"error: '{command}' runs on the .NET 10 runtime, and no 'dotnet' was found (DOTNET_ROOT, PATH, /usr/share/dotnet, /usr/lib/dotnet): install .NET 10");
            return ExitCodes.Failed;
        }

        stderr.Flush();
        string?[] argv = [dotnet, assembly, .. args, null];
        Execv(dotnet, argv);
        stderr.WriteLine($"error: could not start {dotnet} {assembly}: {Marshal.GetLastPInvokeErrorMessage()}");
        return ExitCodes.Failed;
    }

    /// <summary>The <c>dotnet</c> host, looked for where the .NET host itself looks: DOTNET_ROOT, PATH, the default install folders.</summary>
    private static string? FindDotnet()
    {
        string architecture = RuntimeInformation.ProcessArchitecture.ToString().ToUpperInvariant();
        IEnumerable<string?> roots =
        [
            Environment.GetEnvironmentVariable($"DOTNET_ROOT_{architecture}"),
            Environment.GetEnvironmentVariable("DOTNET_ROOT"),
            .. ExecutableSearch.PathFolders(),
            "/usr/share/dotnet",
            "/usr/lib/dotnet",
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet"),
        ];
        return roots.Where(root => !string.IsNullOrEmpty(root)).Select(root => Path.Combine(root!, "dotnet")).FirstOrDefault(File.Exists);
    }

    [LibraryImport("libc", EntryPoint = "execv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execv(string path, string?[] argv);
}
