namespace HashMatch.Lists;

/// <summary>
/// Tells a text hash list from binary data by its first bytes, so that linting or matching against an image, an
/// archive or a database says so in one line instead of reporting (or echoing) kilobytes of "malformed lines".
/// </summary>
internal static class BinaryContent
{
    // Signatures of files people pass by mistake: images (a folder of uploads), archives (a list still compressed)
    // and SQLite (NSRL's RDS v3 is distributed as an SQLite database, not as text).
    private static readonly (byte[] Magic, string What)[] Signatures =
    [
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "a PNG image"),
        ("GIF8"u8.ToArray(), "a GIF image"),
        ("BM"u8.ToArray(), "a BMP image"),
        ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (unpack the list first)"),
        ([0x1F, 0x8B], "a gzip file (unpack the list first)"),
        ([0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00], "an xz file (unpack the list first)"),
        ([(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive (unpack the list first)"),
        ("SQLite format 3\0"u8.ToArray(), "an SQLite database (NSRL RDS v3 is one: export its hashes to a text list first)"),
        ("%PDF-"u8.ToArray(), "a PDF document"),
    ];

    /// <summary>What the bytes are when they are not text (e.g. "a JPEG image"), or null for text.</summary>
    /// <param name="head">The first bytes of the input (a few kilobytes are enough).</param>
    public static string? Describe(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return null; // UTF-16 with a byte-order mark: text whose every other byte is zero
        }

        foreach ((byte[] magic, string what) in Signatures)
        {
            // "BM" also starts ordinary words; a BMP is only taken for one when binary bytes follow.
            if (head.StartsWith(magic) && (magic.Length > 2 || magic[0] != (byte)'B' || Control(head[2..]) > 0))
            {
                return what;
            }
        }

        int controls = Control(head);
        int zero = head.IndexOf((byte)0);
        if (zero >= 0)
        {
            return $"binary data (a zero byte at offset {zero})";
        }

        // Text may hold the odd stray control character; binary data has them everywhere.
        return controls > Math.Max(8, head.Length / 100) ? $"binary data ({controls} control bytes in the first {head.Length:N0})" : null;
    }

    private static int Control(ReadOnlySpan<byte> bytes)
    {
        int count = 0;
        foreach (byte b in bytes)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C))
            {
                count++;
            }
        }

        return count;
    }
}
