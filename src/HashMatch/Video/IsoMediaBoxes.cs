using System.Buffers.Binary;
using HashMatch.IO;

namespace HashMatch.Video;

/// <summary>
/// A structural check of ISO base media files (MP4, MOV, 3GP, M4V): their top level is a chain of boxes, each headed
/// by its size, so a file that ends inside a box was cut short, whatever a tolerant demuxer makes of it
/// (ISO/IEC 14496-12, §4.2).
/// </summary>
internal static class IsoMediaBoxes
{
    /// <summary>Top-level boxes walked at most (real files have a handful; this bounds a hostile chain of tiny boxes).</summary>
    private const int MaxBoxes = 100_000;

    /// <summary>True when the file starts like an ISO base media file: a first box of type <c>ftyp</c>.</summary>
    internal static bool IsIsoMedia(string path) => Inspect(path).IsIsoMedia;

    /// <summary>True when the file is ISO base media and its last top-level box extends past the end of the file.</summary>
    internal static bool EndsInsideABox(string path) => Inspect(path).EndsInsideABox;

    private static (bool IsIsoMedia, bool EndsInsideABox) Inspect(string path)
    {
        try
        {
            using FileStream stream = InputFile.OpenRead(path, bufferSize: 1);
            long length = stream.Length;
            Span<byte> header = stackalloc byte[16];
            long offset = 0;
            for (int box = 0; box < MaxBoxes && offset < length; box++)
            {
                stream.Position = offset;
                int got = stream.ReadAtLeast(header, 16, throwOnEndOfStream: false);
                if (got < 8)
                {
                    // A box header cut short.
                    return (box > 0, box > 0);
                }

                if (box == 0 && !header[4..8].SequenceEqual("ftyp"u8))
                {
                    return (false, false);
                }

                long size = BinaryPrimitives.ReadUInt32BigEndian(header);
                if (size == 1)
                {
                    // 64-bit "largesize" follows the type.
                    if (got < 16)
                    {
                        return (true, true);
                    }

                    size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(header[8..]), long.MaxValue);
                }
                else if (size == 0)
                {
                    // The box runs to the end of the file.
                    return (true, false);
                }

                if (size < 8)
                {
                    // Not a valid box: the structure is damaged, which the demuxer will report.
                    return (true, false);
                }

                if (size > length - offset)
                {
                    return (true, true);
                }

                offset += size;
            }

            return (length > 0 && offset > 0, false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HashMatchException)
        {
            return (false, false); // the caller's own checks report the path
        }
    }
}
