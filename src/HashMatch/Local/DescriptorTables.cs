using System.Numerics;

namespace HashMatch.Local;

/// <summary>
/// Every known picture's descriptors, filed four times by each of their 16-bit chunks — multi-index hashing
/// (Norouzi, Punjani &amp; Fleet 2012), the structure <c>HashIndex</c>'s MultiIndex16 uses for PDQ, here probing exact
/// chunks only: a copy's matching feature usually keeps one of its four chunks intact, and the geometric check
/// needs a handful of matches per picture, not all of them. Flat arrays, filled by counting sort.
/// </summary>
internal sealed class DescriptorTables
{
    /// <summary>Chunks per descriptor.</summary>
    public const int Chunks = 4;

    private const int ChunkBits = 16, Buckets = 1 << ChunkBits;

    private readonly int[][] _starts = new int[Chunks][];
    private readonly ulong[][] _descriptors = new ulong[Chunks][];
    private readonly int[][] _features = new int[Chunks][];

    /// <summary>Files the descriptors of <paramref name="descriptors"/> (feature numbers are positions in it).</summary>
    public DescriptorTables(ReadOnlySpan<ulong> descriptors)
    {
        for (int chunk = 0; chunk < Chunks; chunk++)
        {
            var starts = new int[Buckets + 1];
            foreach (ulong d in descriptors)
            {
                starts[Key(d, chunk) + 1]++;
            }

            for (int b = 0; b < Buckets; b++)
            {
                starts[b + 1] += starts[b];
            }

            var filed = new ulong[descriptors.Length];
            var features = new int[descriptors.Length];
            int[] next = (int[])starts.Clone();
            for (int f = 0; f < descriptors.Length; f++)
            {
                int at = next[Key(descriptors[f], chunk)]++;
                filed[at] = descriptors[f];
                features[at] = f;
            }

            _starts[chunk] = starts;
            _descriptors[chunk] = filed;
            _features[chunk] = features;
        }
    }

    /// <summary>
    /// Adds to <paramref name="hits"/> every filed feature within <paramref name="maxDistance"/> bits of
    /// <paramref name="descriptor"/> that shares one of its chunks, each once (found under the first chunk they share).
    /// </summary>
    public void Probe(ulong descriptor, int maxDistance, List<(int Feature, int Distance)> hits)
    {
        for (int chunk = 0; chunk < Chunks; chunk++)
        {
            int key = Key(descriptor, chunk);
            int start = _starts[chunk][key], end = _starts[chunk][key + 1];
            ulong[] filed = _descriptors[chunk];
            for (int i = start; i < end; i++)
            {
                ulong difference = filed[i] ^ descriptor;
                int distance = BitOperations.PopCount(difference);
                // A feature that also shares an earlier chunk was found there already.
                if (distance <= maxDistance && !SharesAnEarlierChunk(difference, chunk))
                {
                    hits.Add((_features[chunk][i], distance));
                }
            }
        }
    }

    private static bool SharesAnEarlierChunk(ulong difference, int chunk)
    {
        for (int c = 0; c < chunk; c++)
        {
            if (Key(difference, c) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static int Key(ulong descriptor, int chunk) => (int)((descriptor >> (chunk * ChunkBits)) & (Buckets - 1));
}
