using System.Numerics;

namespace HashMatch.Evaluation;

/// <summary>
/// Distances between all pairs of distinct originals, i &lt; j, counted in histograms (every distance 0..256, so
/// false-positive rates at every threshold come from one pass), split by the lower PDQ quality of the pair. With
/// dihedral variants, the pair distance is the smallest over the eight variants of i against j, as a dihedral
/// query would see it.
/// </summary>
internal static class PairwiseDistances
{
    /// <summary>Quality buckets: a pair falls in the bucket of its lower quality.</summary>
    public static readonly int[] QualityBucketStarts = [0, 50, 70, 90];

    public static int BucketOf(int quality)
    {
        int b = QualityBucketStarts.Length - 1;
        while (quality < QualityBucketStarts[b])
        {
            b--;
        }

        return b;
    }

    /// <summary>One histogram per quality bucket.</summary>
    public static DistanceHistogram[] Count(IReadOnlyList<PdqHash> hashes, IReadOnlyList<int> qualities, IReadOnlyList<PdqHash[]>? dihedral, int maxParallelism, CancellationToken cancellationToken)
    {
        int n = hashes.Count;
        var total = Enumerable.Range(0, QualityBucketStarts.Length).Select(_ => new DistanceHistogram()).ToArray();
        var gate = new object();
        ulong[] words = new ulong[n * 4];
        for (int i = 0; i < n; i++)
        {
            for (int w = 0; w < 4; w++)
            {
                words[(i * 4) + w] = hashes[i].GetWord(w);
            }
        }

        int[] buckets = [.. qualities.Select(BucketOf)];
        Parallel.For(
            0,
            n,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken },
            () => new long[QualityBucketStarts.Length, PdqHash.BitLength + 1],
            (i, _, local) =>
            {
                PdqHash[] variants = dihedral is null ? [hashes[i]] : dihedral[i];
                for (int j = i + 1; j < n; j++)
                {
                    int best = int.MaxValue;
                    foreach (PdqHash v in variants)
                    {
                        int d = BitOperations.PopCount(v.GetWord(0) ^ words[j * 4]) + BitOperations.PopCount(v.GetWord(1) ^ words[(j * 4) + 1])
                            + BitOperations.PopCount(v.GetWord(2) ^ words[(j * 4) + 2]) + BitOperations.PopCount(v.GetWord(3) ^ words[(j * 4) + 3]);
                        best = Math.Min(best, d);
                    }

                    local[Math.Min(buckets[i], buckets[j]), best]++;
                }

                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (int b = 0; b < total.Length; b++)
                    {
                        for (int d = 0; d <= PdqHash.BitLength; d++)
                        {
                            total[b].Add(d, local[b, d]);
                        }
                    }
                }
            });
        return total;
    }
}
