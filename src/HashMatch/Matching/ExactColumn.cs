using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

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
    /// The ordinals of the entries whose flags have <paramref name="flag"/>, sorted by digest, then ordinal, over
    /// digests held in pieces of <paramref name="entriesPerSegment"/> entries each. A bucket sort: the digests' top
    /// bits (about log₂ n − 6 of them) pick a bucket — counted in one pass over the digests, the ordinals scattered in
    /// a second, both sequential — and each bucket, a few dozen entries that fit in cache, is sorted by the next 32
    /// bits as a primitive key (no comparison delegate over a hundred million entries), runs of equal keys by the
    /// whole digest and ordinal. It holds 8 bytes per entry (ordinals and keys) where one sort by 64-bit prefixes
    /// held 12, and a list of ordinals built beside it 4–8 more.
    /// </summary>
    public static int[] Sort(IReadOnlyList<ReadOnlyMemory<byte>> digestSegments, int entriesPerSegment, int width, IReadOnlyList<ReadOnlyMemory<byte>> flags, byte flag)
    {
        long having = 0;
        foreach (ReadOnlyMemory<byte> segment in flags)
        {
            foreach (byte f in segment.Span)
            {
                having += (f & flag) != 0 ? 1 : 0;
            }
        }

        int count = checked((int)having);
        int bits = count < 1 << 12 ? 0 : Math.Min(24, BitOperations.Log2((uint)count) - 6);
        var starts = new int[(1 << bits) + 1];
        Pass(digestSegments, width, flags, flag, bits, starts, [], []);
        for (int b = 1; b < starts.Length; b++)
        {
            starts[b] += starts[b - 1];
        }

        // Scatter with a cursor per bucket (the counts, moved one bucket up, are the starts).
        int[] ordinals = GC.AllocateUninitializedArray<int>(count);
        uint[] keys = GC.AllocateUninitializedArray<uint>(count);
        int[] cursors = starts[..^1];
        Pass(digestSegments, width, flags, flag, bits, cursors, ordinals, keys);

        ReadOnlySpan<byte> DigestOf(int entry) =>
            digestSegments[entry / entriesPerSegment].Span.Slice(entry % entriesPerSegment * width, width);

        for (int bucket = 0; bucket + 1 < starts.Length; bucket++)
        {
            int bucketStart = starts[bucket], bucketEnd = starts[bucket + 1];
            if (bucketEnd - bucketStart < 2)
            {
                continue;
            }

            keys.AsSpan(bucketStart, bucketEnd - bucketStart).Sort(ordinals.AsSpan(bucketStart, bucketEnd - bucketStart));
            for (int start = bucketStart; start < bucketEnd;)
            {
                int end = start + 1;
                while (end < bucketEnd && keys[end] == keys[start])
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
        }

        return ordinals;
    }

    /// <summary>
    /// One sequential pass over the entries having <paramref name="flag"/>: counts each bucket (into
    /// <paramref name="cursors"/>[bucket + 1]) when <paramref name="ordinals"/> is empty, else places the entry and its
    /// 32-bit key at its bucket's cursor.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a pass over up to 2^31 entries, run once
    private static void Pass(IReadOnlyList<ReadOnlyMemory<byte>> digestSegments, int width, IReadOnlyList<ReadOnlyMemory<byte>> flags, byte flag, int bits, Span<int> cursors, Span<int> ordinals, Span<uint> keys)
    {
        bool counting = ordinals.IsEmpty;
        int entry = 0, segment = -1;
        ReadOnlySpan<byte> digests = [];
        foreach (ReadOnlyMemory<byte> flagSegment in flags)
        {
            foreach (byte f in flagSegment.Span)
            {
                if (digests.IsEmpty)
                {
                    digests = digestSegments[++segment].Span;
                }

                ReadOnlySpan<byte> digest = digests[..width];
                digests = digests[width..];
                if ((f & flag) != 0)
                {
                    ulong prefix = BinaryPrimitives.ReadUInt64BigEndian(digest);
                    int bucket = bits == 0 ? 0 : (int)(prefix >> (64 - bits));
                    if (counting)
                    {
                        cursors[bucket + 1]++;
                    }
                    else
                    {
                        int slot = cursors[bucket]++;
                        ordinals[slot] = entry;
                        keys[slot] = (uint)((prefix << bits) >> 32);
                    }
                }

                entry++;
            }
        }
    }

    private ReadOnlySpan<byte> Digest(ReadOnlySpan<byte> digests, int entry) => digests.Slice(entry * Width, Width);
}
