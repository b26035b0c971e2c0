using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using HashMatch.Lists;
using HashMatch.Video;

namespace HashMatch.Server.Storage;

/// <summary>
/// How a <see cref="VideoEntry"/> is laid out in <c>hm_videos</c>: the vPDQ frames in a compact binary form (45 bytes a
/// frame: frame number as a 32-bit integer, quality as a byte, the PDQ hash's 32 bytes, the timestamp as a 64-bit
/// float, all little-endian except the hash, which is written as its hex digits spell it), the number of frames, the
/// <c>.tmk</c> bytes as given, and a SHA-256 checksum over id and hashes, so a damaged row is refused when read
/// instead of matching as something else. One place for both databases.
/// </summary>
internal static class VideoColumns
{
    /// <summary>The columns written and read, in this order (after <c>bank_id, seq</c> when writing).</summary>
    public const string Names = "entry_id, vpdq, frames, tmk, checksum, category, tags, source, note";

    /// <summary>Number of columns in <see cref="Names"/>.</summary>
    public const int Count = 9;

    /// <summary>Bytes of one stored vPDQ frame.</summary>
    public const int FrameBytes = 4 + 1 + 32 + 8;

    /// <summary>The column values of <paramref name="video"/>, in <see cref="Names"/> order (null for absent values).</summary>
    public static object?[] Write(VideoEntry video)
    {
        byte[]? frames = video.Vpdq is { } vpdq ? EncodeFrames(vpdq) : null;
        return
        [
            video.Id,
            frames,
            video.Vpdq is { } counted ? (long)counted.Count : null,
            video.TmkBytes,
            Checksum(video.Id, frames, video.TmkBytes),
            video.Metadata.Category,
            EntryColumns.Tags(video.Metadata),
            video.Metadata.Source,
            video.Metadata.Note,
        ];
    }

    /// <summary>The video in the current row of <paramref name="row"/>, whose first column is <c>entry_id</c>.</summary>
    /// <exception cref="InvalidDataException">The row's hashes do not agree with its checksum or do not parse: it was damaged after it was written.</exception>
    public static VideoEntry Read(DbDataReader row)
    {
        string id = row.GetString(0);
        byte[]? frames = row.IsDBNull(1) ? null : (byte[])row.GetValue(1);
        long? frameCount = row.IsDBNull(2) ? null : Convert.ToInt64(row.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
        byte[]? tmk = row.IsDBNull(3) ? null : (byte[])row.GetValue(3);
        byte[] checksum = (byte[])row.GetValue(4);
        if (!CryptographicOperations.FixedTimeEquals(checksum, Checksum(id, frames, tmk)))
        {
            throw Damaged(id, "its hashes do not match the checksum stored with them");
        }

        IReadOnlyList<VpdqFrameHash>? vpdq = null;
        if (frames is not null)
        {
            vpdq = DecodeFrames(frames) ?? throw Damaged(id, "its vPDQ frames are not in the stored layout");
            if (vpdq.Count != frameCount)
            {
                throw Damaged(id, $"it holds {vpdq.Count} vPDQ frames where {frameCount} were written");
            }
        }

        TmkHash? signature = null;
        if (tmk is not null)
        {
            try
            {
                signature = TmkFile.Read(new MemoryStream(tmk, writable: false), $"video '{id}'");
            }
            catch (HashMatchException e)
            {
                throw Damaged(id, e.Message);
            }
        }

        return new VideoEntry(id, vpdq, signature, tmk, EntryColumns.Metadata(row, 5));
    }

    /// <summary>The frames in the stored layout.</summary>
    public static byte[] EncodeFrames(IReadOnlyList<VpdqFrameHash> frames)
    {
        byte[] bytes = new byte[checked(frames.Count * FrameBytes)];
        Span<byte> at = bytes;
        foreach (VpdqFrameHash frame in frames)
        {
            BinaryPrimitives.WriteInt32LittleEndian(at, frame.FrameNumber);
            at[4] = (byte)frame.Quality;
            frame.Hash.WriteBytes(at.Slice(5, 32));
            BinaryPrimitives.WriteDoubleLittleEndian(at[37..], frame.Timestamp);
            at = at[FrameBytes..];
        }

        return bytes;
    }

    /// <summary>The frames of the stored layout, or null when the bytes are not in it.</summary>
    public static IReadOnlyList<VpdqFrameHash>? DecodeFrames(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % FrameBytes != 0)
        {
            return null;
        }

        var frames = new VpdqFrameHash[bytes.Length / FrameBytes];
        for (int i = 0; i < frames.Length; i++)
        {
            ReadOnlySpan<byte> at = bytes.Slice(i * FrameBytes, FrameBytes);
            int number = BinaryPrimitives.ReadInt32LittleEndian(at);
            double timestamp = BinaryPrimitives.ReadDoubleLittleEndian(at[37..]);
            if (number < 0 || PdqQualityScale.Problem(at[4]) is not null || !double.IsFinite(timestamp) || timestamp < 0)
            {
                return null;
            }

            frames[i] = new VpdqFrameHash(number, at[4], PdqHash.FromBytes(at.Slice(5, 32)), timestamp);
        }

        return frames;
    }

    /// <summary>SHA-256 over the id and both hashes, each with its length (−1 for none), so no two rows hash alike.</summary>
    private static byte[] Checksum(string id, byte[]? frames, byte[]? tmk)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(sha, System.Text.Encoding.UTF8.GetBytes(id), true);
        Append(sha, frames, frames is not null);
        Append(sha, tmk, tmk is not null);
        return sha.GetHashAndReset();
    }

    private static void Append(IncrementalHash sha, ReadOnlySpan<byte> bytes, bool present)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, present ? bytes.Length : -1);
        sha.AppendData(length);
        sha.AppendData(bytes);
    }

    private static InvalidDataException Damaged(string id, string why) =>
        new($"the stored video entry '{id}' is damaged: {why}; remove it and add it again");

}
