namespace HashMatch.Cli;

/// <summary>Process exit codes, the same for every command (documented in docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done (for <c>match</c>: whether or not anything matched).</summary>
    public const int Success = 0;

    /// <summary>The command ran to the end, but some inputs failed (each reported on stderr); <c>lists lint</c>: errors found.</summary>
    public const int SomeInputsFailed = 1;

    /// <summary>The command line was not understood (unknown option, bad value); nothing was done.</summary>
    public const int BadArguments = 2;

    /// <summary>The command could not do its work: an index or list it needs is unreadable or damaged, or the output cannot be written.</summary>
    public const int Failed = 3;

    /// <summary>Stopped by Ctrl-C (SIGINT, 128 + 2); temporary files were removed and earlier output files left intact.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (128 + 15), as for <see cref="Interrupted"/>.</summary>
    public const int Terminated = 143;

    /// <summary>
    /// The process's exit code when <paramref name="signalled"/> (<see cref="Interrupted"/>, <see cref="Terminated"/>,
    /// or 0 for no signal) arrived while the command ran and it returned <paramref name="commandExit"/>.
    /// </summary>
    /// <remarks>
    /// A command that finished its work before it noticed the signal (the signal came during the final write, which is
    /// not cancelled half-way) returns <see cref="Success"/>, and so does the process: the output was replaced, and
    /// 130/143 would tell a script that the earlier file is still there. Any other result under a signal is the
    /// signal's code.
    /// </remarks>
    public static int AfterSignal(int signalled, int commandExit) =>
        signalled != 0 && commandExit != Success ? signalled : commandExit;
}
