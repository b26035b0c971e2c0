using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace HashMatch.Tests.Support;

/// <summary>
/// A minimal PNG writer for tests: it can write what ordinary encoders refuse to (16-bit samples, headers that lie
/// about the size), with valid chunk CRCs so that decoders get past the checksum and meet the real problem.
/// </summary>
internal static class PngWriter
{
    /// <summary>Colour types from the PNG specification, section 11.2.2.</summary>
    public const byte Gray = 0, Rgb = 2;

    /// <summary>Writes a PNG whose IHDR says <paramref name="width"/>×<paramref name="height"/> and whose IDAT holds <paramref name="rawRows"/> (filter bytes included).</summary>
    public static byte[] Write(int width, int height, byte bitDepth, byte colorType, ReadOnlySpan<byte> rawRows)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(rawRows);
        }

        return WriteCompressed(width, height, bitDepth, colorType, compressed.ToArray());
    }

    /// <summary>Writes a PNG whose IDAT payload is <paramref name="idat"/> as given (for damaged-data tests).</summary>
    public static byte[] WriteCompressed(int width, int height, byte bitDepth, byte colorType, ReadOnlySpan<byte> idat)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = bitDepth;
        header[9] = colorType;
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR", header);

        WriteChunk(output, "IDAT", idat);

        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>A 16-bit greyscale PNG of the given big-endian-free sample values (row-major).</summary>
    public static byte[] WriteGray16(int width, int height, ReadOnlySpan<ushort> samples)
    {
        var raw = new byte[height * (1 + (2 * width))];
        for (int y = 0; y < height; y++)
        {
            int row = y * (1 + (2 * width));
            raw[row] = 0; // filter: none
            for (int x = 0; x < width; x++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(raw.AsSpan(row + 1 + (2 * x)), samples[(y * width) + x]);
            }
        }

        return Write(width, height, 16, Gray, raw);
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        output.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        output.Write(crc);
    }

    /// <summary>CRC-32 (ISO-HDLC polynomial 0xEDB88320) as PNG chunks use it.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
