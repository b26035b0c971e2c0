namespace HashMatch.Imaging;

/// <summary>
/// The pixel memory all decodes in the process may hold at once. A small hostile file can claim a huge image (an
/// 807-byte GIF with a 10,000 × 10,000 logical screen decodes to 400 MB), and with one decode per core such files
/// multiply; with a budget they queue instead: a decode that would exceed it waits until others release their memory.
/// An image larger than the whole budget (but within <see cref="ImageDecodeOptions.MaxPixels"/>) still decodes, alone.
/// </summary>
internal sealed class DecodeBudget
{
    private readonly object _gate = new(); // Monitor.Wait/PulseAll need an object monitor, not a System.Threading.Lock
    private long _held;

    public DecodeBudget(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        Bytes = bytes;
    }

    /// <summary>
    /// The process-wide budget: a quarter of the memory available to the process, at least 256 MiB and at most
    /// 2 GiB (1 GiB on a machine with 4 GiB).
    /// </summary>
    public static DecodeBudget Shared { get; } = new(Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4, 256L << 20, 2L << 30));

    /// <summary>Bytes the budget allows at once.</summary>
    public long Bytes { get; }

    /// <summary>Bytes held now (for tests and diagnostics).</summary>
    public long Held
    {
        get
        {
            lock (_gate)
            {
                return _held;
            }
        }
    }

    /// <summary>Waits until <paramref name="bytes"/> fit (or nothing else is held), then holds them until the lease is disposed.</summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting.</exception>
    public Lease Acquire(long bytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        using CancellationTokenRegistration wake = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        });
        lock (_gate)
        {
            while (_held > 0 && _held + bytes > Bytes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(_gate);
            }

            cancellationToken.ThrowIfCancellationRequested();
            _held += bytes;
        }

        return new Lease(this, bytes);
    }

    private void Release(long bytes)
    {
        lock (_gate)
        {
            _held -= bytes;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Memory held from a budget; disposing it (once) gives the memory back.</summary>
    internal sealed class Lease(DecodeBudget budget, long bytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                budget.Release(bytes);
            }
        }
    }
}
