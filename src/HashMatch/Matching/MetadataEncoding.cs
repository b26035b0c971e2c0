using System.Buffers.Binary;
using System.Text;
using HashMatch.Lists;

namespace HashMatch.Matching;

/// <summary>
/// One <see cref="EntryMetadata"/> as bytes, for the entry table's dictionary of distinct values (in memory and in
/// index files): a presence byte (1 category, 2 source, 4 note), each present string as an int32 byte count and
/// UTF-8, then an int32 tag count and each tag likewise. All integers little-endian.
/// </summary>
internal static class MetadataEncoding
{
    private const byte HasCategory = 1, HasSource = 2, HasNote = 4;

    /// <summary>Appends the encoding of <paramref name="metadata"/> to <paramref name="output"/>; returns its length.</summary>
    public static int Encode(EntryMetadata metadata, ColumnBuilder<byte> output)
    {
        long start = output.Count;
        output.Add((byte)((metadata.Category is null ? 0 : HasCategory) | (metadata.Source is null ? 0 : HasSource) | (metadata.Note is null ? 0 : HasNote)));
        foreach (string? text in (ReadOnlySpan<string?>)[metadata.Category, metadata.Source, metadata.Note])
        {
            if (text is not null)
            {
                WriteString(text, output);
            }
        }

        WriteInt(metadata.Tags.Count, output);
        foreach (string tag in metadata.Tags)
        {
            WriteString(tag, output);
        }

        return (int)(output.Count - start);
    }

    /// <summary>Whether the bytes are exactly one record (checked without creating its strings).</summary>
    public static bool IsValid(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || (bytes[0] & ~(HasCategory | HasSource | HasNote)) != 0)
        {
            return false;
        }

        int at = 1;
        int strings = BitCount(bytes[0]);
        for (int s = 0; s < strings; s++)
        {
            if (!TrySkipString(bytes, ref at))
            {
                return false;
            }
        }

        if (!TryReadInt(bytes, ref at, out int tagCount) || tagCount < 0 || tagCount > (bytes.Length - at) / 4)
        {
            return false;
        }

        for (int t = 0; t < tagCount; t++)
        {
            if (!TrySkipString(bytes, ref at))
            {
                return false;
            }
        }

        return at == bytes.Length;
    }

    /// <summary>Decodes one record; null when the bytes are not exactly one record.</summary>
    public static EntryMetadata? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || (bytes[0] & ~(HasCategory | HasSource | HasNote)) != 0)
        {
            return null;
        }

        byte present = bytes[0];
        int at = 1;
        string? category = null, source = null, note = null;
        if (((present & HasCategory) != 0 && !TryReadString(bytes, ref at, out category)) ||
            ((present & HasSource) != 0 && !TryReadString(bytes, ref at, out source)) ||
            ((present & HasNote) != 0 && !TryReadString(bytes, ref at, out note)) ||
            !TryReadInt(bytes, ref at, out int tagCount) || tagCount < 0 || tagCount > (bytes.Length - at) / 4)
        {
            return null;
        }

        var tags = new string[tagCount];
        for (int t = 0; t < tagCount; t++)
        {
            if (!TryReadString(bytes, ref at, out string? tag))
            {
                return null;
            }

            tags[t] = tag;
        }

        if (at != bytes.Length)
        {
            return null;
        }

        return present == 0 && tagCount == 0 ? EntryMetadata.None : new EntryMetadata { Category = category, Source = source, Note = note, Tags = tags };
    }

    private static void WriteString(string text, ColumnBuilder<byte> output)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        WriteInt(utf8.Length, output);
        output.Add(utf8);
    }

    private static void WriteInt(int value, ColumnBuilder<byte> output)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        output.Add(bytes);
    }

    private static bool TryReadInt(ReadOnlySpan<byte> bytes, ref int at, out int value)
    {
        if (bytes.Length - at < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
        at += 4;
        return true;
    }

    private static int BitCount(byte present) => System.Numerics.BitOperations.PopCount(present);

    private static bool TrySkipString(ReadOnlySpan<byte> bytes, ref int at)
    {
        if (!TryReadInt(bytes, ref at, out int length) || length < 0 || length > bytes.Length - at)
        {
            return false;
        }

        at += length;
        return true;
    }

    private static bool TryReadString(ReadOnlySpan<byte> bytes, ref int at, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        text = null;
        if (!TryReadInt(bytes, ref at, out int length) || length < 0 || length > bytes.Length - at)
        {
            return false;
        }

        text = Encoding.UTF8.GetString(bytes.Slice(at, length));
        at += length;
        return true;
    }
}
