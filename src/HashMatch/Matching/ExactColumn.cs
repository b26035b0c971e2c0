using System.Buffers.Binary;

namespace HashMatch.Matching;

/// <summary>
/// One exact-hash algorithm's column of an <see cref="EntryTable"/>: the digest of each entry (zero bytes where the
/// entry has none; the column is empty when no entry has one) and the ordinals of the entries that have one, sorted
/// by digest then ordinal, for binary-search lookups. Managed or mapped memory alike.
/// </summary>
internal sealed class ExactColumn
{
    public ExactColumn(ExactHashAlgorithm algorithm, ReadOnlyMemory<byte> digests, ReadOnlyMemory<int> sorted)
    {
        Algorithm = algorithm;
        Width = ExactHash.ByteLengthOf(algorithm);
        Digests = digests;
        Sorted = sorted;
    }

    public ExactHashAlgorithm Algorithm { get; }

    /// <summary>Bytes per digest.</summary>
    public int Width { get; }

    /// <summary><see cref="Width"/> bytes per entry, or empty when no entry has this hash.</summary>
    public ReadOnlyMemory<byte> Digests { get; }

    /// <summary>Ordinals of the entries with this hash, by digest then ordinal.</summary>
    public ReadOnlyMemory<int> Sorted { get; }

    public long MemoryBytes => Digests.Length + (4L * Sorted.Length);

    /// <summary>The digest of <paramref name="entry"/> (which must have one).</summary>
    public ExactHash At(int entry) => ExactHash.FromBytes(Algorithm, Digest(Digests.Span, entry));

    /// <summary>The ordinals of the entries with this digest (binary search of the sorted permutation).</summary>
    /// <remarks>The span may point into a mapped file: the caller keeps the table reachable while it reads it.</remarks>
    public ReadOnlySpan<int> Find(in ExactHash hash)
    {
        if (Sorted.IsEmpty)
        {
            return [];
        }

        Span<byte> key = stackalloc byte[Width];
        hash.WriteBytes(key);
        ReadOnlySpan<byte> digests = Digests.Span;
        ReadOnlySpan<int> sorted = Sorted.Span;
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (Digest(digests, sorted[middle]).SequenceCompareTo(key) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        int end = low;
        while (end < sorted.Length && Digest(digests, sorted[end]).SequenceEqual(key))
        {
            end++;
        }

        return sorted[low..end];
    }

    /// <summary>
    /// The sorted permutation of the entries <paramref name="present"/> marks, over <paramref name="digests"/>:
    /// sorted by their first eight bytes as one big-endian number (a primitive key sort, no comparison delegate over
    /// ten million entries), then each run of equal prefixes by the whole digest and ordinal.
    /// </summary>
    public static int[] Sort(byte[] digests, int width, ReadOnlySpan<bool> present)
    {
        int count = 0;
        foreach (bool p in present)
        {
            count += p ? 1 : 0;
        }

        var ordinals = new int[count];
        var prefixes = new ulong[count];
        for (int i = 0, k = 0; i < present.Length; i++)
        {
            if (present[i])
            {
                ordinals[k] = i;
                prefixes[k++] = BinaryPrimitives.ReadUInt64BigEndian(digests.AsSpan(i * width, 8));
            }
        }

        prefixes.AsSpan().Sort(ordinals.AsSpan());
        for (int start = 0; start < count;)
        {
            int end = start + 1;
            while (end < count && prefixes[end] == prefixes[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                ordinals.AsSpan(start, end - start).Sort((a, b) =>
                {
                    int byDigest = digests.AsSpan(a * width, width).SequenceCompareTo(digests.AsSpan(b * width, width));
                    return byDigest != 0 ? byDigest : a.CompareTo(b);
                });
            }

            start = end;
        }

        return ordinals;
    }

    private ReadOnlySpan<byte> Digest(ReadOnlySpan<byte> digests, int entry) => digests.Slice(entry * Width, Width);
}
