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

    /// <summary>
    /// One pass over all pairs i &lt; j: per quality bucket, the histogram of plain distances (variant 0 of i against j)
    /// and of dihedral distances (the smallest over i's variants against j). Element 0 of each variant array is the
    /// picture as it is; with a single element the dihedral histograms equal the plain ones. Pairs whose dihedral
    /// distance is at most <paramref name="closeLimit"/> are also added to <paramref name="close"/> (the report lists
    /// them); <paramref name="pairsDone"/> gets the number of pairs compared so far, once per original.
    /// </summary>
    public static (DistanceHistogram[] Plain, DistanceHistogram[] Dihedral) Count(
        IReadOnlyList<PdqHash[]> variants, IReadOnlyList<int> qualities, int maxParallelism, CancellationToken cancellationToken,
        int closeLimit = -1, List<PairDistance>? close = null, Action<long>? pairsDone = null)
    {
        int n = variants.Count, bucketCount = QualityBucketStarts.Length;
        DistanceHistogram[] plain = [.. Enumerable.Range(0, bucketCount).Select(_ => new DistanceHistogram())];
        DistanceHistogram[] dihedral = [.. Enumerable.Range(0, bucketCount).Select(_ => new DistanceHistogram())];
        var gate = new object();
        PdqHash[] hashes = [.. variants.Select(v => v[0])];
        int[] buckets = [.. qualities.Select(BucketOf)];
        long compared = 0;
        Parallel.For(
            0,
            n,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken },
            () => new long[2, bucketCount, PdqHash.BitLength + 1],
            (i, _, local) =>
            {
                PdqHash[] own = variants[i];
                for (int j = i + 1; j < n; j++)
                {
                    int first = 0, best = int.MaxValue;
                    for (int v = 0; v < own.Length; v++)
                    {
                        int d = PdqHash.HammingDistance(own[v], hashes[j]);
                        first = v == 0 ? d : first;
                        best = Math.Min(best, d);
                    }

                    int bucket = Math.Min(buckets[i], buckets[j]);
                    local[0, bucket, first]++;
                    local[1, bucket, best]++;
                    if (best <= closeLimit && close is not null)
                    {
                        lock (close)
                        {
                            close.Add(new PairDistance(i, j, first, best));
                        }
                    }
                }

                pairsDone?.Invoke(Interlocked.Add(ref compared, n - 1 - i));
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (int b = 0; b < bucketCount; b++)
                    {
                        for (int d = 0; d <= PdqHash.BitLength; d++)
                        {
                            plain[b].Add(d, local[0, b, d]);
                            dihedral[b].Add(d, local[1, b, d]);
                        }
                    }
                }
            });
        return (plain, dihedral);
    }
}

/// <summary>Two distinct originals, <paramref name="A"/> &lt; <paramref name="B"/>, and their plain and dihedral distances.</summary>
internal readonly record struct PairDistance(int A, int B, int Distance, int DihedralDistance);
