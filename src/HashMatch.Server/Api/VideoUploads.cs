using System.Buffers.Binary;

namespace HashMatch.Server.Api;

/// <summary>
/// Which uploads are videos: those that start with the signature of a container the library's decoder reads
/// (<c>VideoContainerFormats</c>' allow-list: MP4/MOV/3GP, Matroska/WebM, AVI, FLV, MPEG transport and program
/// streams, Ogg, ASF). Sniffed from the bytes, never from the name or content type, as images are; an upload that
/// starts like none of them goes to the image decoder exactly as before. The sniff only routes: the decoder's own
/// probe then checks the container against its allow-list and refuses anything else.
/// </summary>
internal static class VideoUploads
{
    /// <summary>
    /// ISO base media brands of still images (HEIF, AVIF and their sequences): these files start with <c>ftyp</c>
    /// too, and stay with the image decoder.
    /// </summary>
    private static readonly string[] ImageBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "avif", "avis", "avio"];

    /// <summary>Top-level boxes an old QuickTime file may start with instead of <c>ftyp</c>.</summary>
    private static readonly string[] QuickTimeBoxes = ["moov", "mdat", "wide", "free", "skip", "pnot"];

    /// <summary>True when <paramref name="bytes"/> start like a video container the decoder may read.</summary>
    public static bool IsVideo(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12)
        {
            return false;
        }

        string box = System.Text.Encoding.ASCII.GetString(bytes.Slice(4, 4));
        if (box == "ftyp")
        {
            string brand = System.Text.Encoding.ASCII.GetString(bytes.Slice(8, 4));
            return !ImageBrands.Contains(brand, StringComparer.Ordinal);
        }

        return QuickTimeBoxes.Contains(box, StringComparer.Ordinal) && BinaryPrimitives.ReadUInt32BigEndian(bytes) is 0 or 1 or >= 8
            || bytes.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]) // Matroska, WebM (EBML)
            || bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("AVI "u8)
            || bytes.StartsWith("FLV\x01"u8)
            || bytes.StartsWith("OggS"u8)
            || bytes.StartsWith((ReadOnlySpan<byte>)[0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11]) // ASF (WMV)
            || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0xBA]) // MPEG program stream pack header
            || IsTransportStream(bytes, 0, 188) || IsTransportStream(bytes, 4, 192); // MPEG-TS, and M2TS with its 4-byte timecodes
    }

    /// <summary>Three packets' sync bytes (0x47) where a transport stream has them.</summary>
    private static bool IsTransportStream(ReadOnlySpan<byte> bytes, int first, int packet) =>
        bytes.Length > first + (2 * packet) && bytes[first] == 0x47 && bytes[first + packet] == 0x47 && bytes[first + (2 * packet)] == 0x47;
}
