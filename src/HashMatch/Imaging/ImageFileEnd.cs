using System.Buffers.Binary;

namespace HashMatch.Imaging;

/// <summary>
/// Tells a file that was cut off from one that is complete, for the formats whose decoders happily hash what they
/// have: the signature of each format, and whether the file reaches the end its format requires — PNG's IEND chunk
/// (PNG 1.2, 11.2.5), GIF's trailer after its last block (GIF89a, 27), the RIFF size of WebP, BMP's file size and
/// pixel array, and the images an ICO directory lists. (JPEG has its own marker walk, <see cref="JpegStructure"/>.)
/// </summary>
/// <remarks>
/// A seeded mutation test cut every format at every structure boundary: libpng, Skia's GIF decoder and libwebp
/// returned success for cuts that kept the first frame or all the pixel rows but lost the rest (a PNG without IEND,
/// an animated GIF or WebP cut after its first frame), ICO cuts came out as "unsupported format", and cut BMP
/// palettes and WebP chunks as "corrupt". The walks follow chunk and block lengths, so trailing bytes after the end
/// are accepted; they do not validate what they skip.
/// </remarks>
internal static class ImageFileEnd
{
    private static readonly (string Format, byte[] Signature)[] Signatures =
    [
        ("jpeg", [0xFF, 0xD8, 0xFF]),
        ("png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
        ("gif", "GIF8"u8.ToArray()),
        ("bmp", "BM"u8.ToArray()),
        ("ico", [0, 0, 1, 0]),
        ("ico", [0, 0, 2, 0]), // CUR, the same container
    ];

    /// <summary>
    /// The format whose signature <paramref name="bytes"/> start with, or null; <paramref name="cutInSignature"/> is
    /// true when the input is shorter than the signature and is its beginning.
    /// </summary>
    public static string? RecogniseSignature(ReadOnlySpan<byte> bytes, out bool cutInSignature)
    {
        cutInSignature = false;
        foreach ((string format, byte[] signature) in Signatures)
        {
            if (bytes.StartsWith(signature))
            {
                return format;
            }

            if (bytes.Length < signature.Length && signature.AsSpan().StartsWith(bytes))
            {
                cutInSignature = true;
                return format;
            }
        }

        // RIFF, a 32-bit size, then WEBP.
        bool riff = bytes.Length >= 4 ? bytes.StartsWith("RIFF"u8) : "RIFF"u8.StartsWith(bytes);
        bool webp = bytes.Length <= 8 || (bytes.Length >= 12 ? bytes[8..12].SequenceEqual("WEBP"u8) : "WEBP"u8.StartsWith(bytes[8..]));
        if (riff && webp)
        {
            cutInSignature = bytes.Length < 12;
            return "webp";
        }

        return null;
    }

    /// <summary>
    /// What the file lacks at its end ("its IEND chunk", ...) when it was cut off, or null when it reaches the end its
    /// <paramref name="format"/> requires (or the format has no end to check).
    /// </summary>
    public static string? Missing(string format, ReadOnlySpan<byte> bytes) => format switch
    {
        "jpeg" => bytes.EndsWith((ReadOnlySpan<byte>)[0xFF, 0xD9]) ? null : "its end-of-image marker",
        "png" => PngReachesEnd(bytes) ? null : "its IEND chunk",
        "gif" => GifReachesTrailer(bytes) ? null : "its trailer",
        "webp" => bytes.Length >= 12 && BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]) + 8L <= bytes.Length ? null : "the length its RIFF header gives",
        "bmp" => BmpIsWhole(bytes) ? null : "the length its header gives",
        "ico" => IcoIsWhole(bytes) ? null : "the images its directory lists",
        _ => null,
    };

    private static bool PngReachesEnd(ReadOnlySpan<byte> bytes)
    {
        long i = 8;
        while (i + 12 <= bytes.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes[(int)i..]);
            if (bytes.Slice((int)i + 4, 4).SequenceEqual("IEND"u8))
            {
                return true;
            }

            i += 12L + length;
        }

        return false;
    }

    private static bool GifReachesTrailer(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 13)
        {
            return false;
        }

        long i = 13 + ColourTableBytes(bytes[10]);
        while (i < bytes.Length)
        {
            switch (bytes[(int)i])
            {
                case 0x3B: // trailer
                    return true;
                case 0x21: // extension: label, then data sub-blocks
                    i = SkipSubBlocks(bytes, i + 2);
                    break;
                case 0x2C: // image descriptor (10 bytes), local colour table, LZW code size, data sub-blocks
                    if (i + 10 > bytes.Length)
                    {
                        return false;
                    }

                    i = SkipSubBlocks(bytes, i + 10 + ColourTableBytes(bytes[(int)i + 9]) + 1);
                    break;
                default:
                    // Not a block: damage after what the decoder read, not a cut.
                    return true;
            }
        }

        return false;
    }

    private static int ColourTableBytes(byte flags) => (flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0;

    /// <summary>The offset after the terminating empty sub-block, or past the end when the data stops first.</summary>
    private static long SkipSubBlocks(ReadOnlySpan<byte> bytes, long i)
    {
        while (i < bytes.Length && bytes[(int)i] != 0)
        {
            i += bytes[(int)i] + 1;
        }

        return i + 1;
    }

    private static bool BmpIsWhole(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 30)
        {
            return false;
        }

        uint fileSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes[2..]);
        if (fileSize > bytes.Length)
        {
            return false; // 0 ("unknown") passes
        }

        // Uncompressed (BI_RGB, BI_BITFIELDS) with a Windows info header (40 bytes or more; the 12-byte OS/2 core
        // header has 16-bit fields): the pixel array's extent is known from the header.
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[14..]) < 40)
        {
            return true;
        }

        uint pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(bytes[10..]);
        int width = BinaryPrimitives.ReadInt32LittleEndian(bytes[18..]);
        int height = BinaryPrimitives.ReadInt32LittleEndian(bytes[22..]);
        int bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]);
        uint compression = bytes.Length >= 34 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[30..]) : 0;
        if (compression is not (0 or 3) || width <= 0 || bitsPerPixel is 0 or > 32)
        {
            return true;
        }

        long stride = (((long)width * bitsPerPixel) + 31) / 32 * 4;
        return pixelOffset + (stride * Math.Abs((long)height)) <= bytes.Length;
    }

    private static bool IcoIsWhole(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 6)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (6L + (16L * count) > bytes.Length)
        {
            return false;
        }

        for (int k = 0; k < count; k++)
        {
            ReadOnlySpan<byte> entry = bytes.Slice(6 + (16 * k), 16);
            if ((long)BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]) + BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]) > bytes.Length)
            {
                return false;
            }
        }

        return true;
    }
}
