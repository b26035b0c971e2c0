using System.Diagnostics;
using HashMatch.Imaging;
using HashMatch.Pdq;

namespace HashMatch.Evaluation;

/// <summary>
/// What query variants cost in the run: on every <see cref="SampleEvery"/>-th copy, the time to hash it plain and
/// with each variant set (from its decoded pixels; the precise figures are BenchmarkDotNet's, docs/query-variants.md).
/// </summary>
internal sealed class VariantTiming
{
    /// <summary>One copy in this many is timed.</summary>
    public const int SampleEvery = 16;

    private static readonly MatchingMode[] Timed = [MatchingMode.Plain, .. MatchingModes.SingleVariants, MatchingMode.AllVariants];

    private readonly long[] _ticks = new long[MatchingModes.All.Count];
    private long _samples;

    public void Measure(PixelBuffer copy)
    {
        Span<long> spent = stackalloc long[_ticks.Length];
        foreach (MatchingMode mode in Timed)
        {
            long start = Stopwatch.GetTimestamp();
            _ = PdqHasher.HashVariants(copy, mode.Variants());
            spent[(int)mode] = Stopwatch.GetTimestamp() - start;
        }

        lock (_ticks)
        {
            for (int m = 0; m < _ticks.Length; m++)
            {
                _ticks[m] += spent[m];
            }

            _samples++;
        }
    }

    /// <summary>Mean milliseconds per copy for each timed mode.</summary>
    public IReadOnlyList<VariantCost> Summary()
    {
        lock (_ticks)
        {
            return [.. Timed.Select(mode => new VariantCost(mode, _samples == 0 ? double.NaN : _ticks[(int)mode] * 1000.0 / Stopwatch.Frequency / _samples, (int)_samples))];
        }
    }
}
