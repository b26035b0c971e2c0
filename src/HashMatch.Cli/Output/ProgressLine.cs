using System.Diagnostics;

namespace HashMatch.Cli.Output;

/// <summary>What <c>--progress</c> selects.</summary>
internal enum ProgressMode
{
    /// <summary>A live status line when stderr is a terminal (whatever stdout is: <c>hash dir &gt; list.tsv</c> shows it), nothing otherwise.</summary>
    Auto,

    /// <summary>A plain line every few seconds, for logs and CI.</summary>
    Plain,

    /// <summary>No progress.</summary>
    None,
}

/// <summary>
/// Progress of a long command on stderr: a live line rewritten in place (at most ten times a second) on a terminal,
/// or a plain line every <see cref="PlainInterval"/> in <see cref="ProgressMode.Plain"/>. Called from the one thread
/// that consumes results; the summary line each command prints at the end is separate.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private readonly TextWriter _stderr;
    private readonly string _command;
    private readonly bool _live, _plain;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _next;
    private bool _shown;

    public ProgressLine(TextWriter stderr, ProgressMode mode, string command)
    {
        _stderr = stderr;
        _command = command;

        // Live only on the real terminal: in-process callers (tests) pass their own writers and get clean output.
        _live = mode == ProgressMode.Auto && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected &&
                Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");
        _plain = mode == ProgressMode.Plain;
        _next = _plain ? PlainInterval : TimeSpan.Zero;
    }

    /// <summary>Time since the command started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Shows <paramref name="status"/> if it is time to (the text is only built then).</summary>
    public void Report(Func<string> status)
    {
        if ((!_live && !_plain) || _clock.Elapsed < _next)
        {
            return;
        }

        _next = _clock.Elapsed + (_live ? LiveInterval : PlainInterval);
        if (_live)
        {
            // Carriage return, the text, then erase to the end of the line (ANSI EL).
            _stderr.Write($"\r{_command}: {status()}\u001b[K");
            _shown = true;
        }
        else
        {
            _stderr.WriteLine($"{_command}: {status()}");
        }
    }

    /// <summary>Rate per second of <paramref name="count"/> over the elapsed time, for status texts.</summary>
    public string Rate(long count) => (count / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "/s";

    /// <summary>Clears the live line so the summary starts at the left margin.</summary>
    public void Dispose()
    {
        if (_shown)
        {
            _stderr.Write("\r\u001b[K");
            _shown = false;
        }
    }
}
