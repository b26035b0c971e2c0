namespace HashMatch.Cli;

/// <summary>
/// How long a command may take to finish after Ctrl-C or SIGTERM before the process ends anyway. Most commands stop
/// between reads within milliseconds, so 5 s is plenty; <c>serve</c> lengthens it to its shutdown timeout, because a
/// service stops by finishing the requests in flight (an import cut off by the fixed 5 s was dropped and its spool
/// file left behind: issue 22, finding 11).
/// </summary>
internal static class SignalGrace
{
    private static long _ticks = TimeSpan.FromSeconds(5).Ticks;

    /// <summary>The grace period read when a signal arrives.</summary>
    public static TimeSpan Period
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
        set => Interlocked.Exchange(ref _ticks, value.Ticks);
    }
}
