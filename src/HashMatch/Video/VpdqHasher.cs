using System.Diagnostics.CodeAnalysis;
using System.Collections.Concurrent;
using HashMatch.Pdq;

namespace HashMatch.Video;

/// <summary>
/// Computes vPDQ video hashes (ThreatExchange <c>vpdq</c>): the PDQ hash and quality of sampled frames, each frame
/// hashed whole, as the reference does.
/// </summary>
/// <remarks>
/// The decoder streams frames into a small bounded queue (two frames per thread, at most 256 MB) and <see cref="VpdqHashOptions.MaxParallelism"/> threads
/// hash them, so decoding (FFmpeg's own threads) and hashing overlap and at most a few frames are in memory. Results
/// are sorted by frame number, as the reference sorts them.
/// </remarks>
[Experimental(VideoApi.DiagnosticId)]
public static class VpdqHasher
{
    /// <summary>Most bytes of decoded frames waiting to be hashed.</summary>
    private const long QueueBytes = 256L << 20;

    /// <summary>Decodes and hashes a video file.</summary>
    /// <returns>One entry per sampled frame, in frame order.</returns>
    /// <exception cref="HashMatchException">The file cannot be decoded within the limits, or FFmpeg is missing.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (FFmpeg is stopped).</exception>
    public static IReadOnlyList<VpdqFrameHash> HashFile(string path, VpdqHashOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= VpdqHashOptions.Default;
        if (!(options.SecondsPerHash >= 0) || double.IsInfinity(options.SecondsPerHash))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SecondsPerHash, "SecondsPerHash must be a finite number ≥ 0.");
        }

        VideoInfo info = options.Decoder.Probe(path, options.DecodeOptions, cancellationToken);
        var request = new VideoFrameRequest { FrameInterval = VpdqFrameSampling.FrameInterval(options.SecondsPerHash, info.FramesPerSecond) };
        int workers = Math.Max(1, options.MaxParallelism);
        var results = new ConcurrentBag<VpdqFrameHash>();
        // Two frames per hashing thread keep the threads busy; for very large frames the queue holds at most
        // QueueBytes of pixels (an 8K RGB frame is 100 MB).
        long frameBytes = 3L * info.Width * info.Height;
        int capacity = (int)Math.Clamp(QueueBytes / frameBytes, 1, 2 * workers);
        using var queue = new BlockingCollection<VideoFrame>(boundedCapacity: capacity);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] hashing = new Task[workers];
        for (int i = 0; i < workers; i++)
        {
            hashing[i] = Task.Factory.StartNew(
                () =>
                {
                    foreach (VideoFrame frame in queue.GetConsumingEnumerable())
                    {
                        using (frame)
                        {
                            if (!stop.IsCancellationRequested)
                            {
                                PdqHashResult pdq = PdqFrameDct.Hash(frame.Pixels);
                                int number = checked((int)frame.Number);
                                results.Add(new VpdqFrameHash(number, pdq.Quality, pdq.Hash, VpdqFrameSampling.Timestamp(number, info.FramesPerSecond)));
                            }
                        }
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        try
        {
            foreach (VideoFrame frame in options.Decoder.ReadFrames(path, info, request, options.DecodeOptions, stop.Token))
            {
                try
                {
                    queue.Add(frame, stop.Token);
                }
                catch
                {
                    frame.Dispose();
                    throw;
                }
            }
        }
        catch
        {
            stop.Cancel();
            throw;
        }
        finally
        {
            queue.CompleteAdding();
            Task.WaitAll(hashing);
        }

        VpdqFrameHash[] frames = [.. results];
        Array.Sort(frames, static (a, b) => a.FrameNumber.CompareTo(b.FrameNumber));
        return frames;
    }
}
