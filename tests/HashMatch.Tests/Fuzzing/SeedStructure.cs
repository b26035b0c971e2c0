using System.Buffers.Binary;

namespace HashMatch.Tests.Fuzzing;

/// <summary>
/// Where a seed's structure lies: the offsets at which its segments, chunks and blocks begin and its length and size
/// fields sit (JPEG marker segments, PNG chunks, RIFF chunks, GIF blocks, BMP and ICO headers, the index file header). Mutations aim huge
/// values at the fields and chunk duplications and truncations at the boundaries, where decoders keep their
/// assumptions.
/// </summary>
internal sealed record SeedStructure(int[] Boundaries, int[] Fields)
{
    /// <summary>No known structure (text lists): mutations pick offsets at random.</summary>
    public static SeedStructure None { get; } = new([], []);

    /// <summary>Walks <paramref name="bytes"/> by their signature; unknown formats and damaged walks give what was found.</summary>
    public static SeedStructure Of(ReadOnlySpan<byte> bytes)
    {
        var boundaries = new SortedSet<int>();
        var fields = new SortedSet<int>();
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]))
        {
            Jpeg(bytes, boundaries, fields);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']))
        {
            Png(bytes, 0, boundaries, fields);
        }
        else if (bytes.StartsWith("RIFF"u8))
        {
            fields.Add(4);
            Riff(bytes, 12, bytes.Length, boundaries, fields);
        }
        else if (bytes.StartsWith("GIF8"u8))
        {
            Gif(bytes, boundaries, fields);
        }
        else if (bytes.StartsWith("BM"u8))
        {
            Bmp(bytes, 0, boundaries, fields);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 1, 0]))
        {
            Ico(bytes, boundaries, fields);
        }
        else if (bytes.StartsWith("HMINDEX\0"u8) && bytes.Length >= 32)
        {
            // HashIndexFile version 1: version, kind, entry count, reserved; then hashes, ids, checksum.
            fields.UnionWith([8, 12, 16, 20, 24]);
            long count = BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]);
            boundaries.UnionWith([32, (int)Math.Min(int.MaxValue, 32 + (32 * count)), (int)Math.Min(int.MaxValue, 32 + (40 * count))]);
        }

        int length = bytes.Length;
        boundaries.RemoveWhere(b => b <= 0 || b >= length);
        fields.RemoveWhere(f => f < 0 || f + 2 > length);
        return new SeedStructure([.. boundaries], [.. fields]);
    }

    private static void Jpeg(ReadOnlySpan<byte> bytes, ISet<int> boundaries, ISet<int> fields)
    {
        int i = 2;
        while (i + 4 <= bytes.Length)
        {
            if (bytes[i] != 0xFF)
            {
                // Entropy-coded data: the next marker that is not a stuffed byte or a restart.
                int next = bytes[i..].IndexOf((byte)0xFF);
                if (next < 0)
                {
                    return;
                }

                i += next;
                if (bytes[i + 1] is 0x00 or (>= 0xD0 and <= 0xD7))
                {
                    boundaries.Add(i);
                    i += 2;
                }

                continue;
            }

            byte code = bytes[i + 1];
            boundaries.Add(i);
            if (code is 0xD8 or 0xD9 or 0x01 or (>= 0xD0 and <= 0xD7) or 0xFF)
            {
                i += code == 0xFF ? 1 : 2;
                continue;
            }

            fields.Add(i + 2);
            if (code is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                fields.Add(i + 5); // frame height
                fields.Add(i + 7); // frame width
            }

            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 2)..]);
        }
    }

    private static void Png(ReadOnlySpan<byte> bytes, int start, ISet<int> boundaries, ISet<int> fields)
    {
        int i = start + 8;
        while (i + 12 <= bytes.Length)
        {
            boundaries.Add(i);
            boundaries.Add(i + 8);
            fields.Add(i);
            uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes[i..]);
            if (bytes.Slice(i + 4, 4).SequenceEqual("IHDR"u8) || bytes.Slice(i + 4, 4).SequenceEqual("fcTL"u8) || bytes.Slice(i + 4, 4).SequenceEqual("acTL"u8))
            {
                fields.Add(i + 8);
                fields.Add(i + 12);
            }

            if (length > (uint)(bytes.Length - i - 12))
            {
                return;
            }

            i += 12 + (int)length;
        }
    }

    private static void Riff(ReadOnlySpan<byte> bytes, int start, int end, ISet<int> boundaries, ISet<int> fields)
    {
        int i = start;
        while (i + 8 <= end)
        {
            boundaries.Add(i);
            boundaries.Add(i + 8);
            fields.Add(i + 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i + 4)..]);
            ReadOnlySpan<byte> fourCc = bytes.Slice(i, 4);
            if (fourCc.SequenceEqual("VP8X"u8) || fourCc.SequenceEqual("ANMF"u8))
            {
                fields.Add(i + 8 + (fourCc.SequenceEqual("VP8X"u8) ? 4 : 6)); // canvas or frame width (24-bit fields)
                fields.Add(i + 8 + (fourCc.SequenceEqual("VP8X"u8) ? 7 : 9));
            }

            if (size > (uint)(end - i - 8))
            {
                return;
            }

            if (fourCc.SequenceEqual("ANMF"u8) && size > 16)
            {
                Riff(bytes, i + 8 + 16, i + 8 + (int)size, boundaries, fields);
            }

            i += 8 + (int)size + (int)(size & 1);
        }
    }

    private static void Gif(ReadOnlySpan<byte> bytes, ISet<int> boundaries, ISet<int> fields)
    {
        fields.Add(6);
        fields.Add(8);
        if (bytes.Length < 13)
        {
            return;
        }

        int i = 13 + ((bytes[10] & 0x80) != 0 ? 3 << ((bytes[10] & 7) + 1) : 0);
        while (i < bytes.Length)
        {
            boundaries.Add(i);
            switch (bytes[i])
            {
                case 0x21 when i + 2 < bytes.Length:
                    i = SubBlocks(bytes, i + 2, boundaries);
                    break;
                case 0x2C when i + 10 < bytes.Length:
                    fields.Add(i + 1);
                    fields.Add(i + 3);
                    fields.Add(i + 5);
                    fields.Add(i + 7);
                    int table = (bytes[i + 9] & 0x80) != 0 ? 3 << ((bytes[i + 9] & 7) + 1) : 0;
                    i = SubBlocks(bytes, i + 10 + table + 1, boundaries);
                    break;
                default:
                    return;
            }
        }
    }

    private static int SubBlocks(ReadOnlySpan<byte> bytes, int i, ISet<int> boundaries)
    {
        while (i < bytes.Length && bytes[i] != 0)
        {
            boundaries.Add(i);
            i += bytes[i] + 1;
        }

        return i + 1;
    }

    private static void Bmp(ReadOnlySpan<byte> bytes, int start, ISet<int> boundaries, ISet<int> fields)
    {
        foreach (int field in (ReadOnlySpan<int>)[2, 10, 14, 18, 22, 28, 30, 34, 46])
        {
            fields.Add(start + field);
        }

        boundaries.Add(start + 14);
        if (bytes.Length >= start + 18)
        {
            boundaries.Add(start + 14 + BinaryPrimitives.ReadInt32LittleEndian(bytes[(start + 14)..]));
        }

        if (bytes.Length >= start + 14)
        {
            boundaries.Add(start + BinaryPrimitives.ReadInt32LittleEndian(bytes[(start + 10)..]));
        }
    }

    private static void Ico(ReadOnlySpan<byte> bytes, ISet<int> boundaries, ISet<int> fields)
    {
        fields.Add(4);
        int count = bytes.Length >= 6 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]) : 0;
        for (int k = 0; k < count && 6 + (16 * k) + 16 <= bytes.Length; k++)
        {
            int entry = 6 + (16 * k);
            boundaries.Add(entry);
            fields.Add(entry + 8);
            fields.Add(entry + 12);
            int offset = BinaryPrimitives.ReadInt32LittleEndian(bytes[(entry + 12)..]);
            if (offset <= 0 || offset + 16 > bytes.Length)
            {
                continue;
            }

            boundaries.Add(offset);
            if (bytes[offset..].StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']))
            {
                var inner = new SortedSet<int>();
                var innerFields = new SortedSet<int>();
                Png(bytes[offset..], 0, inner, innerFields);
                boundaries.UnionWith(inner.Select(b => b + offset));
                fields.UnionWith(innerFields.Select(f => f + offset));
            }
            else
            {
                // A BMP without its file header: the info header's size, width and height.
                fields.Add(offset);
                fields.Add(offset + 4);
                fields.Add(offset + 8);
                boundaries.Add(offset + 40);
            }
        }
    }
}
