using System.Diagnostics;

namespace HashMatch.Benchmarks;

/// <summary>The median wall time of an action, for the one-process timings that are not BenchmarkDotNet suites.</summary>
internal static class StopwatchMedian
{
    /// <summary>Runs <paramref name="action"/> three times to warm up (tiering, page faults), then <paramref name="iterations"/> times; the median in ms.</summary>
    public static double Milliseconds(int iterations, Action action)
    {
        for (int i = 0; i < 3; i++)
        {
            action();
        }

        var times = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[iterations / 2];
    }
}
