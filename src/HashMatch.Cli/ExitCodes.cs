namespace HashMatch.Cli;

/// <summary>Process exit codes, the same for every command (documented in README.md, "The hashmatch tool").</summary>
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
}
