using System.Buffers;
using System.Security.Cryptography;

namespace HashMatch.Hashing;

/// <summary>
/// Reads a whole stream into pooled memory while computing its MD5, so each input is read once and hashed while
/// the bytes are still in cache.
/// </summary>
internal static class DigestingReader
{
    /// <summary>Bytes read (and fed to MD5) per step.</summary>
    private const int Chunk = 1 << 20;

    /// <summary>
    /// Reads <paramref name="stream"/> to its end. Returns a buffer from <see cref="ArrayPool{T}.Shared"/> holding
    /// <paramref name="length"/> bytes (the caller returns it). Never holds more than the limit + 1 bytes; the limit is
    /// <paramref name="maxBytes"/>, or the largest array .NET can hold when that is smaller.
    /// </summary>
    /// <exception cref="HashMatchException">The stream is longer than the limit, or reading it failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled between chunks.</exception>
    internal static byte[] Read(Stream stream, string inputName, long maxBytes, CancellationToken cancellationToken, out int length, out Md5Hash md5)
    {
        // One byte of room past the limit lets an over-long input be detected rather than cut.
        long limit = Math.Min(maxBytes, Array.MaxLength - 1L);
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
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
                    Span<byte> bytes = stackalloc byte[Md5Hash.ByteLength];
                    digest.GetHashAndReset(bytes);
                    md5 = Md5Hash.FromBytes(bytes);
                    return buffer;
                }

                digest.AppendData(buffer, length, read);
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
