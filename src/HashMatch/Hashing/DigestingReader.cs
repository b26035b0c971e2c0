using System.Buffers;
using System.Security.Cryptography;

namespace HashMatch.Hashing;

/// <summary>
/// Reads a whole stream into pooled memory while computing its MD5, SHA-1 and SHA-256, so each input is read once
/// and digested chunk by chunk while the bytes are still in cache (no second pass over the file).
/// </summary>
internal static class DigestingReader
{
    /// <summary>Bytes read (and fed to the digests) per step.</summary>
    private const int Chunk = ExactHashes.StreamChunk;

    /// <summary>
    /// Reads <paramref name="stream"/> to its end. Returns a buffer from <see cref="ArrayPool{T}.Shared"/> holding
    /// <paramref name="length"/> bytes (the caller returns it). Never holds more than the limit + 1 bytes; the limit is
    /// <paramref name="maxBytes"/>, or the largest array .NET can hold when that is smaller.
    /// </summary>
    /// <exception cref="HashMatchException">The stream is longer than the limit, or reading it failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled between chunks.</exception>
    internal static byte[] Read(Stream stream, string inputName, long maxBytes, CancellationToken cancellationToken, out int length, out ExactHashes digests)
    {
        // One byte of room past the limit lets an over-long input be detected rather than cut.
        long limit = Math.Min(maxBytes, Array.MaxLength - 1L);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        int capacity = Chunk;
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > limit)
            {
                throw TooLong(inputName, limit);
            }

            // One extra byte lets the loop see end-of-stream without growing the buffer.
            capacity = (int)Math.Max(1, remaining + 1);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(capacity);
        length = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read;
                try
                {
                    read = stream.Read(buffer, length, Math.Min(Chunk, buffer.Length - length));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
                {
                    throw new HashMatchException(inputName, HashMatchErrorReason.Unreadable, e.Message, e);
                }

                if (read == 0)
                {
                    digests = ExactHashes.Finish(md5, sha1, sha256);
                    return buffer;
                }

                md5.AppendData(buffer, length, read);
                sha1.AppendData(buffer, length, read);
                sha256.AppendData(buffer, length, read);
                length += read;
                if (length > limit)
                {
                    throw TooLong(inputName, limit);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    internal static HashMatchException TooLong(string inputName, long maxBytes) =>
        new(inputName, HashMatchErrorReason.TooLarge, $"the input is longer than the limit of {maxBytes:N0} bytes");
}
