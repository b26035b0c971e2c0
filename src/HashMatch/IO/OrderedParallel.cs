using System.Runtime.CompilerServices;

namespace HashMatch.IO;

/// <summary>
/// The one mechanism for processing many inputs on several cores with results in input order (hashing folders,
/// matching batches, the evaluation): a window of started items at most twice the degree deep, so a slow item at
/// the head does not leave cores idle, memory stays bounded however long the input is, and the source (a streaming
/// folder walk) is read only as fast as results are consumed.
/// </summary>
public static class OrderedParallel
{
    /// <summary>
    /// Applies <paramref name="work"/> to every item of <paramref name="source"/>, up to <paramref name="degree"/> at
    /// once, and yields the results in source order. Cancellation stops starting new items and is passed to the
    /// running ones; an abandoned enumeration waits for the items already started, so no work outlives it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degree"/> is not positive.</exception>
    public static async IAsyncEnumerable<TResult> SelectAsync<TSource, TResult>(
        IEnumerable<TSource> source,
        Func<TSource, CancellationToken, TResult> work,
        int degree,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degree);
        using IEnumerator<TSource> items = source.GetEnumerator();
        if (!items.MoveNext())
        {
            yield break;
        }

        TSource first = items.Current;
        if (!items.MoveNext())
        {
            // One item (a one-file command): worked on the calling thread, so the process starts no pool threads.
            cancellationToken.ThrowIfCancellationRequested();
            yield return work(first, cancellationToken);
            yield break;
        }

        var window = new Queue<Task<TResult>>();
        using var throttle = new SemaphoreSlim(degree);
        try
        {
            foreach (TSource item in FirstThenRest(first, items))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
                window.Enqueue(Task.Run(
                    () =>
                    {
                        try
                        {
                            return work(item, cancellationToken);
                        }
                        finally
                        {
                            throttle.Release();
                        }
                    },
                    CancellationToken.None));
                if (window.Count >= 2 * degree)
                {
                    yield return await window.Dequeue().ConfigureAwait(false);
                }
            }

            while (window.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return await window.Dequeue().ConfigureAwait(false);
            }
        }
        finally
        {
            // Leave no work running behind an abandoned or cancelled enumeration; its outcome no longer matters.
            foreach (Task<TResult> started in window)
            {
                try
                {
                    await started.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or HashMatchException)
                {
                    // Results nobody will read.
                }
            }
        }
    }

    /// <summary><paramref name="first"/>, then the item <paramref name="rest"/> is on, then the rest of it.</summary>
    private static IEnumerable<T> FirstThenRest<T>(T first, IEnumerator<T> rest)
    {
        yield return first;
        do
        {
            yield return rest.Current;
        }
        while (rest.MoveNext());
    }
}
