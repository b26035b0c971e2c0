using System.Diagnostics;

namespace HashMatch.Tests.Support;

/// <summary>
/// Runs a program as the unprivileged user <c>nobody</c> (with util-linux's <c>setpriv</c>), for tests of what root
/// would not notice — CI runs as root, and root reads folders whatever their permissions.
/// </summary>
internal static class Unprivileged
{
    /// <summary>Exit code and combined stdout + stderr of the program run as nobody.</summary>
    public static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (string argument in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "--", program, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = "/tmp";
        start.Environment["DOTNET_CLI_HOME"] = "/tmp";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the unprivileged run did not finish");
        return (process.ExitCode, output.Result + error.Result);
    }
}
