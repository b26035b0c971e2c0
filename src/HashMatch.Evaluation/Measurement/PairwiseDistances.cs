namespace HashMatch.Evaluation;

/// <summary>
/// Distances between all pairs of distinct originals, i &lt; j, counted in histograms (every distance 0..256, so
/// false-positive rates at every threshold come from one pass), split by the lower PDQ quality of the pair; with
/// query variants and with list-side crops as a matcher would see them.
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
    /// One pass over all pairs i &lt; j: per quality bucket, the histograms of the plain distance, the distance with
    /// every query variant (the smallest of i's variants against j and of j's variants against i: either picture can
    /// be the upload), and the distance against list-side crops (the smallest of each plain hash against the other's
    /// crops and plain hash). Pairs whose plain or variant distance is at most <paramref name="closeLimit"/> are also
    /// added to <paramref name="close"/> (the report lists them); <paramref name="pairsDone"/> gets the number of pairs
    /// compared so far, once per original.
    /// </summary>
    public static PairHistograms Count(
        IReadOnlyList<OriginalRecord> originals, int maxParallelism, CancellationToken cancellationToken,
        int closeLimit = -1, List<PairDistance>? close = null, Action<long>? pairsDone = null)
    {
        int n = originals.Count, bucketCount = QualityBucketStarts.Length;
        var histograms = new PairHistograms(bucketCount);
        var gate = new object();
        PdqHash[] hashes = [.. originals.Select(o => o.Plain)];
        int[] buckets = [.. originals.Select(o => BucketOf(o.Quality))];
        long compared = 0;
        Parallel.For(
            0,
            n,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken },
            () => new long[3, bucketCount, PdqHash.BitLength + 1],
            (i, _, local) =>
            {
                OriginalRecord own = originals[i];
                for (int j = i + 1; j < n; j++)
                {
                    OriginalRecord other = originals[j];
                    int plain = own.Plain.DistanceTo(other.Plain);
                    int variants = Math.Min(Closest(own.Variants, other.Plain), Closest(other.Variants, own.Plain));
                    int crops = Math.Min(plain, Math.Min(Closest(own.Crops, other.Plain), Closest(other.Crops, own.Plain)));
                    int bucket = Math.Min(buckets[i], buckets[j]);
                    local[0, bucket, plain]++;
                    local[1, bucket, variants]++;
                    local[2, bucket, crops]++;
                    if (Math.Min(plain, variants) <= closeLimit && close is not null)
                    {
                        lock (close)
                        {
                            close.Add(new PairDistance(i, j, plain, variants));
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
                            histograms.Plain[b].Add(d, local[0, b, d]);
                            histograms.Variants[b].Add(d, local[1, b, d]);
                            histograms.Crops[b].Add(d, local[2, b, d]);
                        }
                    }
                }
            });
        return histograms;
    }

    /// <summary>The smallest distance from any of <paramref name="hashes"/> to <paramref name="target"/> (256 when there are none).</summary>
    private static int Closest(PdqHash[] hashes, in PdqHash target)
    {
        int best = PdqHash.BitLength;
        foreach (PdqHash h in hashes)
        {
            best = Math.Min(best, h.DistanceTo(target));
        }

        return best;
    }
}

/// <summary>Pair-distance histograms per quality bucket, for plain matching, all query variants and list-side crops.</summary>
internal sealed class PairHistograms(int buckets)
{
    public DistanceHistogram[] Plain { get; } = [.. Enumerable.Range(0, buckets).Select(_ => new DistanceHistogram())];

    public DistanceHistogram[] Variants { get; } = [.. Enumerable.Range(0, buckets).Select(_ => new DistanceHistogram())];

    public DistanceHistogram[] Crops { get; } = [.. Enumerable.Range(0, buckets).Select(_ => new DistanceHistogram())];

    /// <summary>The histograms of <paramref name="mode"/> (plain, all variants or list-side crops).</summary>
    public DistanceHistogram[] Of(MatchingMode mode) => mode switch
    {
        MatchingMode.Plain => Plain,
        MatchingMode.AllVariants => Variants,
        MatchingMode.ListCrops => Crops,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Pairs are measured plain, with all variants, or against list-side crops."),
    };
}

/// <summary>Two distinct originals, <paramref name="A"/> &lt; <paramref name="B"/>, and their plain distance and distance with all query variants.</summary>
internal readonly record struct PairDistance(int A, int B, int Distance, int VariantDistance);
