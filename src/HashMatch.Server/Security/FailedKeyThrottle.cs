using System.Collections.Concurrent;
using System.Net;

namespace HashMatch.Server.Security;

/// <summary>
/// Slows down key guessing: a client address that sent <see cref="Limit"/> unknown or revoked keys within
/// <see cref="Window"/> (counted from its first failure) is refused — every keyed request, valid key or not, gets 429
/// with <c>Retry-After</c> — until that window ends. Thread-safe; time from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class FailedKeyThrottle
{
    /// <summary>Failures allowed per address in a window.</summary>
    public const int Limit = 10;

    /// <summary>The window's length.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Bounds the table when many addresses fail (a scan from a whole IPv6 prefix): past it, ended windows are dropped.
    private const int PruneAbove = 10_000;

    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    public FailedKeyThrottle(TimeProvider clock)
    {
        _clock = clock;
    }

    /// <summary>How long <paramref name="address"/> is still refused, or null when it is not.</summary>
    public TimeSpan? RefusedFor(IPAddress? address)
    {
        if (!_failures.TryGetValue(Key(address), out Failures? failures))
        {
            return null;
        }

        lock (failures)
        {
            TimeSpan left = failures.Start + Window - _clock.GetUtcNow();
            return failures.Count >= Limit && left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Counts a failed key from <paramref name="address"/>; returns the failures in its current window.</summary>
    public int RecordFailure(IPAddress? address)
    {
        DateTimeOffset now = _clock.GetUtcNow();
        if (_failures.Count > PruneAbove)
        {
            foreach (var (key, old) in _failures)
            {
                if (old.Start + Window <= now)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        Failures failures = _failures.GetOrAdd(Key(address), _ => new Failures { Start = now });
        lock (failures)
        {
            if (failures.Start + Window <= now)
            {
                failures.Start = now;
                failures.Count = 0;
            }

            return ++failures.Count;
        }
    }

    private static string Key(IPAddress? address) => (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString() ?? "unknown";

    private sealed class Failures
    {
        public DateTimeOffset Start { get; set; }

        public int Count { get; set; }
    }
}
