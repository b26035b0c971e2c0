using HashMatch.IO;

namespace HashMatch.Tests.IO;

/// <summary>The one ordered-parallel mechanism: input order, bounded look-ahead, cancellation, nothing left running.</summary>
public sealed class OrderedParallelTests
{
    [Fact]
    public async Task Results_come_in_input_order_however_long_each_item_takes()
    {
        var results = new List<int>();
        await foreach (int r in OrderedParallel.SelectAsync(Enumerable.Range(0, 200), (i, _) => { Thread.Sleep(i % 7); return i * 2; }, 4, TestContext.Current.CancellationToken))
        {
            results.Add(r);
        }

        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * 2), results);
    }

    [Fact]
    public async Task The_source_is_read_only_a_bounded_window_ahead_of_the_consumer()
    {
        int read = 0;
        IEnumerable<int> Source()
        {
            for (int i = 0; i < 1000; i++)
            {
                Interlocked.Increment(ref read);
                yield return i;
            }
        }

        await foreach (int r in OrderedParallel.SelectAsync(Source(), (i, _) => i, 3, TestContext.Current.CancellationToken))
        {
            Assert.True(Volatile.Read(ref read) <= r + 1 + (2 * 3), $"read {read} items ahead of result {r}");
        }
    }

    [Fact]
    public async Task Cancellation_stops_the_enumeration_and_waits_for_started_items()
    {
        using var cancel = new CancellationTokenSource();
        int running = 0, seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (int _ in OrderedParallel.SelectAsync(Enumerable.Range(0, 10_000), (i, token) =>
            {
                Interlocked.Increment(ref running);
                Thread.Sleep(2);
                Interlocked.Decrement(ref running);
                return i;
            }, 2, cancel.Token))
            {
                if (++seen == 20)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        Assert.Equal(0, Volatile.Read(ref running));
        Assert.InRange(seen, 20, 30);
    }
}
