namespace HashMatch.Cli;

/// <summary>Process exit codes, the same for every command (documented in README.md).</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;

    /// <summary>The command ran, but some inputs failed (each reported on stderr).</summary>
    public const int SomeInputsFailed = 1;

    /// <summary>The command could not do its work (an input folder or output file failed; reported on stderr). Same code as <see cref="SomeInputsFailed"/>.</summary>
    public const int Failed = 1;

    /// <summary>The command line was not understood.</summary>
    public const int BadArguments = 2;
}
