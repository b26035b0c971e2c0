namespace HashMatch.Imaging;

/// <summary>
/// What the marker structure of a JPEG file says before it is decoded (ITU-T T.81, Annex B): whether it is
/// progressive, how many scans it has, and whether the data reaches the end-of-image marker after its last scan.
/// </summary>
/// <remarks>
/// libjpeg-turbo (through Skia) reports a baseline file that ends early, but decodes a truncated progressive file
/// "successfully" from the scans it has — a blurred or partly grey picture whose hash is far from the real one (up to
/// 82 bits in an audit). A complete JPEG ends its last scan with EOI (FF D9); markers cannot occur inside
/// entropy-coded data (a data byte FF is followed by 00, or is a restart marker D0–D7), and segments such as an EXIF
/// thumbnail are skipped by their length, so walking the markers tells a complete file from a cut one. The scan count
/// bounds decoding work: a small progressive file can demand many full passes over a large image.
/// </remarks>
internal readonly record struct JpegStructure(bool Progressive, int Scans, bool Complete)
{
    /// <summary>Walks the markers of <paramref name="bytes"/> (which start with SOI).</summary>
    public static JpegStructure Read(ReadOnlySpan<byte> bytes)
    {
        bool progressive = false;
        int scans = 0;
        int i = 2; // after SOI
        while (true)
        {
            // Find the next marker: FF, any fill FFs, then a code byte.
            while (i < bytes.Length && bytes[i] != 0xFF)
            {
                i++;
            }

            while (i < bytes.Length && bytes[i] == 0xFF)
            {
                i++;
            }

            if (i >= bytes.Length)
            {
                return new JpegStructure(progressive, scans, Complete: false);
            }

            byte code = bytes[i++];
            switch (code)
            {
                case 0xD9: // EOI
                    return new JpegStructure(progressive, scans, Complete: scans > 0);
                case 0x01 or (>= 0xD0 and <= 0xD7): // TEM and restart markers carry no length
                    continue;
                case 0xC2 or 0xC6 or 0xCA or 0xCE: // SOF2, SOF6, SOF10, SOF14: progressive frames
                    progressive = true;
                    break;
            }

            if (i + 2 > bytes.Length)
            {
                return new JpegStructure(progressive, scans, Complete: false);
            }

            int length = (bytes[i] << 8) | bytes[i + 1];
            i += length;
            if (length < 2 || i > bytes.Length)
            {
                return new JpegStructure(progressive, scans, Complete: false);
            }

            if (code == 0xDA) // SOS: entropy-coded data follows until the next marker that is not a stuffed byte or a restart
            {
                scans++;
                while (true)
                {
                    int next = bytes[i..].IndexOf((byte)0xFF);
                    if (next < 0 || i + next + 1 >= bytes.Length)
                    {
                        return new JpegStructure(progressive, scans, Complete: false);
                    }

                    i += next + 1;
                    byte after = bytes[i];
                    if (after is 0x00 or 0xFF or (>= 0xD0 and <= 0xD7))
                    {
                        // Stuffed byte or restart marker: still in the scan (an FF FF run resolves on the next pass).
                        i += after == 0xFF ? 0 : 1;
                        continue;
                    }

                    i--; // back to the FF, so the marker loop reads it
                    break;
                }
            }
        }
    }
}
