namespace HashMatch.Evaluation;

/// <summary>Counts of PDQ distances 0..256.</summary>
public sealed class DistanceHistogram
{
    private readonly long[] _counts = new long[PdqHash.BitLength + 1];

    /// <summary>Counts per distance (index = distance).</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>Number of distances counted.</summary>
    public long Total { get; private set; }

    /// <summary>Counts <paramref name="count"/> occurrences of one distance.</summary>
    public void Add(int distance, long count = 1)
    {
        _counts[distance] += count;
        Total += count;
    }

    /// <summary>Adds another histogram's counts.</summary>
    public void Add(DistanceHistogram other)
    {
        for (int d = 0; d < _counts.Length; d++)
        {
            _counts[d] += other._counts[d];
        }

        Total += other.Total;
    }

    /// <summary>How many distances are ≤ <paramref name="threshold"/>.</summary>
    public long AtOrBelow(int threshold)
    {
        long sum = 0;
        for (int d = 0; d <= Math.Min(threshold, PdqHash.BitLength); d++)
        {
            sum += _counts[d];
        }

        return sum;
    }

    /// <summary>How many distances are above <paramref name="threshold"/>.</summary>
    public long Above(int threshold) => Total - AtOrBelow(threshold);

    /// <summary>The median distance, or −1 when empty.</summary>
    public int Median()
    {
        long half = (Total + 1) / 2, seen = 0;
        for (int d = 0; d < _counts.Length; d++)
        {
            seen += _counts[d];
            if (Total > 0 && seen >= half)
            {
                return d;
            }
        }

        return -1;
    }
}
