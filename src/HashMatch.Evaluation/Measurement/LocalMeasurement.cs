using System.Collections.Concurrent;
using HashMatch.IO;
using HashMatch.Local;

namespace HashMatch.Evaluation;

/// <summary>
/// The local-feature part of a run (<see cref="EvaluationOptions.Local"/>): an index of the originals' signals, every
/// copy queried against it (as it is and mirrored, as <see cref="LocalIndex.QueryImage"/> does), every original
/// queried against the others for false matches.
/// </summary>
internal sealed class LocalMeasurement
{
    /// <summary>The inlier thresholds of the tables; the index reports candidates from the lowest.</summary>
    public static readonly int[] Thresholds = [6, 8, 10, 12, 14, 16, 20];

    private static readonly LocalMatchOptions Reporting = new() { MinInliers = Thresholds[0] };

    private readonly LocalSignal[][] _originals;
    private readonly LocalSignal[][][] _copies;
    private long _ticks;
    private long _signals;

    public LocalMeasurement(int originals)
    {
        _originals = new LocalSignal[originals][];
        _copies = new LocalSignal[originals][][];
    }

    /// <summary>Computes original <paramref name="index"/>'s signals (plain, mirrored); called from many threads, once per original.</summary>
    public void AddOriginal(int index, Imaging.PixelBuffer pixels) => _originals[index] = Signals(pixels);

    /// <summary>Computes the signals of the original's copies, in catalog-pick order.</summary>
    public void StartCopies(int index, int count) => _copies[index] = new LocalSignal[count][];

    /// <summary>Computes copy <paramref name="k"/> of original <paramref name="index"/>'s signals.</summary>
    public void AddCopy(int index, int k, Imaging.PixelBuffer pixels) => _copies[index][k] = Signals(pixels);

    /// <summary>Queries every copy and every original; returns each copy's inliers with its own original (0 when not found) and the best inliers of every matched pair of distinct originals.</summary>
    public async Task<(int[][] CopyInliers, Dictionary<(int A, int B), int> PairInliers)> MatchAsync(int maxParallelism, CancellationToken cancellationToken)
    {
        var index = new LocalIndex(_originals.Select(o => o[0]));
        var copyInliers = new int[_originals.Length][];
        var pairs = new ConcurrentDictionary<(int A, int B), int>();
        await foreach (int i in OrderedParallel.SelectAsync(Enumerable.Range(0, _originals.Length), (i, _) =>
        {
            copyInliers[i] = [.. _copies[i].Select(signals => Best(index, signals).GetValueOrDefault(i))];
            foreach (var (id, inliers) in Best(index, _originals[i]))
            {
                if (id != i)
                {
                    pairs.AddOrUpdate((Math.Min(i, id), Math.Max(i, id)), inliers, (_, old) => Math.Max(old, inliers));
                }
            }

            return i;
        }, maxParallelism, cancellationToken).ConfigureAwait(false))
        {
        }

        return (copyInliers, new Dictionary<(int A, int B), int>(pairs));
    }

    /// <summary>The figures of the run, against PDQ's at 31 with all query variants.</summary>
    public LocalResult Summarize(ImageTransform[] catalog, CopyRecord[][] copies, int[][] copyInliers, Dictionary<(int A, int B), int> pairInliers, (int A, int B)[] excluded, long pdqFalsePairs, long pdqUnrelatedFalsePairs, Func<int, string> nameOf)
    {
        int n = _originals.Length;
        long pairTotal = (long)n * (n - 1) / 2;
        var excludedSet = excluded.Select(p => (Math.Min(p.A, p.B), Math.Max(p.A, p.B))).ToHashSet();
        var falsePositives = new List<LocalFalsePositiveRow>();
        int chosen = -1;
        foreach (int t in Thresholds)
        {
            long all = pairInliers.Count(p => p.Value >= t);
            long unrelated = pairInliers.Count(p => p.Value >= t && !excludedSet.Contains(p.Key));
            falsePositives.Add(new LocalFalsePositiveRow(t, pairTotal, all, BinomialInterval.Of(all, pairTotal).High,
                unrelated, BinomialInterval.Of(unrelated, pairTotal - excludedSet.Count).High));
            // Compared without the excluded pairs: the corpus's designed near-duplicates are one picture with a small
            // region changed — what a sticker copy is — so a local signal should match them (it does, at every threshold).
            if (chosen < 0 && unrelated <= pdqUnrelatedFalsePairs)
            {
                chosen = t;
            }
        }

        var rows = new List<LocalTransformRow>();
        for (int t = 0; t < catalog.Length; t++)
        {
            var samples = new List<(int Inliers, CopyRecord Copy)>();
            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < copies[i].Length; k++)
                {
                    if (copies[i][k].Transform == t)
                    {
                        samples.Add((copyInliers[i][k], copies[i][k]));
                    }
                }
            }

            if (samples.Count > 0)
            {
                rows.Add(new LocalTransformRow(catalog[t].ToString(), TransformKindNames.Name(catalog[t].Kind), catalog[t].Parameter, samples.Count,
                    [.. Thresholds.Select(th => samples.Count(s => s.Inliers >= th) / (double)samples.Count)],
                    samples.Count(s => s.Copy.VariantDistance <= ErrorRates.HeadlineThreshold) / (double)samples.Count));
            }
        }

        int[] sizes = [.. _originals.Select(o => o[0].ToBytes().Length)];
        return new LocalResult([.. Thresholds], falsePositives, rows, chosen, pdqFalsePairs, pdqUnrelatedFalsePairs,
            Math.Round(TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalMilliseconds / Math.Max(1, Interlocked.Read(ref _signals)), 2),
            Math.Round(sizes.Average(), 1), sizes.Max(), _originals.Count(o => o[0].FeatureCount == 0),
            [.. pairInliers.Where(p => p.Value >= Thresholds[0])
                .OrderByDescending(p => p.Value).ThenBy(p => p.Key)
                .Select(p => new LocalFalsePair(p.Key.A, p.Key.B, nameOf(p.Key.A), nameOf(p.Key.B), p.Value, excludedSet.Contains(p.Key)))]);
    }

    /// <summary>The most inliers per known picture over the query's signals (plain and mirrored).</summary>
    private static Dictionary<int, int> Best(LocalIndex index, LocalSignal[] signals)
    {
        var best = new Dictionary<int, int>();
        foreach (LocalSignal signal in signals)
        {
            foreach (LocalMatch m in index.Query(signal, Reporting))
            {
                best[m.Id] = Math.Max(best.GetValueOrDefault(m.Id), m.Inliers);
            }
        }

        return best;
    }

    private LocalSignal[] Signals(Imaging.PixelBuffer pixels)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        LocalSignal[] signals = [LocalSignal.Compute(pixels), LocalSignal.Compute(pixels, mirrored: true)];
        Interlocked.Add(ref _ticks, System.Diagnostics.Stopwatch.GetElapsedTime(start).Ticks);
        Interlocked.Add(ref _signals, 2);
        return signals;
    }
}
