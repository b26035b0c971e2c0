using System.Diagnostics;
using System.Text;
using HashMatch.Cli;

namespace HashMatch.Tests.Support;

/// <summary>
/// Runs a <c>hashmatch</c> command line for the CLI tests: in this process through <see cref="CliApplication"/>, or,
/// when the environment variable <c>HASHMATCH_CLI</c> names an executable, as that process. CI installs the tool
/// from its packages and points <c>HASHMATCH_CLI</c> at it, so the same tests run against the native executable that
/// ships (docs/packages.md); the process gets the test's working directory and environment.
/// </summary>
internal static class CliRunner
{
    /// <summary>The executable the tests run, or null for in-process runs.</summary>
    public static string? Executable { get; } = Environment.GetEnvironmentVariable("HASHMATCH_CLI") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>
    /// Runs <paramref name="args"/> with <paramref name="stdin"/> as standard input (empty when null); returns the exit
    /// code and what the command wrote. Fails the test when the command does not finish within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args, string? stdin = null, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? TimeSpan.FromMinutes(5);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(limit);
        (int, string, string) result = Executable is null
            ? await InProcess(args, stdin, cancel.Token)
            : await AsProcess(args, stdin, cancel.Token);
        Assert.False(cancel.IsCancellationRequested, $"hashmatch {string.Join(' ', args)} did not finish in {limit.TotalSeconds:N0} s");
        return result;
    }

    /// <summary>
    /// How to start the CLI as a process with <paramref name="args"/>: the <c>HASHMATCH_CLI</c> executable, or the
    /// build the tests reference (<c>dotnet HashMatch.Cli.dll</c>). Standard streams are redirected.
    /// </summary>
    public static ProcessStartInfo ProcessStart(params string[] args)
    {
        var start = new ProcessStartInfo(Executable ?? "dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Executable is null)
        {
            start.ArgumentList.Add(typeof(CliApplication).Assembly.Location);
        }

        foreach (string argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static async Task<(int, string, string)> InProcess(string[] args, string? stdin, CancellationToken cancel)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await CliApplication.RunAsync(args, stdout, stderr, cancel, new StringReader(stdin ?? ""));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<(int, string, string)> AsProcess(string[] args, string? stdin, CancellationToken cancel)
    {
        ProcessStartInfo start = ProcessStart(args);
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;
        start.StandardInputEncoding = new UTF8Encoding(false);

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.StandardInput.WriteAsync(stdin ?? "");
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited without reading its input.
        }

        try
        {
            await process.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
