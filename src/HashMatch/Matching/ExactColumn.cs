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
    /// Sorts <paramref name="ordinals"/> (the entries that have a digest) by digest, then ordinal, over digests held in
    /// pieces of <paramref name="entriesPerSegment"/> entries each: by their first eight bytes as one big-endian number
    /// first (a primitive key sort, no comparison delegate over ten million entries), then each run of equal prefixes
    /// by the whole digest and ordinal.
    /// </summary>
    public static int[] Sort(IReadOnlyList<ReadOnlyMemory<byte>> digestSegments, int entriesPerSegment, int width, int[] ordinals)
    {
        ReadOnlySpan<byte> DigestOf(int entry) =>
            digestSegments[entry / entriesPerSegment].Span.Slice(entry % entriesPerSegment * width, width);

        var prefixes = new ulong[ordinals.Length];
        for (int k = 0; k < ordinals.Length; k++)
        {
            prefixes[k] = BinaryPrimitives.ReadUInt64BigEndian(DigestOf(ordinals[k]));
        }

        prefixes.AsSpan().Sort(ordinals.AsSpan());
        for (int start = 0; start < ordinals.Length;)
        {
            int end = start + 1;
            while (end < ordinals.Length && prefixes[end] == prefixes[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                ordinals.AsSpan(start, end - start).Sort((a, b) =>
                {
                    int byDigest = DigestOf(a).SequenceCompareTo(DigestOf(b));
                    return byDigest != 0 ? byDigest : a.CompareTo(b);
                });
            }

            start = end;
        }

        return ordinals;
    }

    private ReadOnlySpan<byte> Digest(ReadOnlySpan<byte> digests, int entry) => digests.Slice(entry * Width, Width);
}
