using System.Diagnostics;

namespace HashMatch.Tests.Support;

/// <summary>File system nodes .NET cannot create itself (named pipes), made with the system's own tools.</summary>
internal static class PosixFiles
{
    /// <summary>Creates a named pipe at <paramref name="path"/> with <c>mkfifo</c>.</summary>
    public static void MakeFifo(string path) => Run("mkfifo", path);

    /// <summary>Runs a command and fails the test if it does not succeed.</summary>
    public static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {error}");
    }
}
