using System.Buffers;
using System.Security.Cryptography;

namespace HashMatch;

/// <summary>
/// Hashes encoded images: MD5 of the exact bytes and PDQ of the decoded pixels, reading each input once.
/// Thread-safe; one instance can serve many threads.
/// </summary>
public sealed class ImageHasher
{
    /// <summary>Bytes read (and fed to MD5) per step; small enough to stay in cache between read and hash.</summary>
    private const int ReadChunk = 1 << 20;

    /// <summary>An instance with <see cref="ImageHasherOptions.Default"/>.</summary>
    public static ImageHasher Default { get; } = new();

    /// <summary>Creates a hasher with the given options (defaults when null).</summary>
    public ImageHasher(ImageHasherOptions? options = null)
    {
        Options = options ?? ImageHasherOptions.Default;
    }

    /// <summary>The settings this hasher uses.</summary>
    public ImageHasherOptions Options { get; }

    /// <summary>Reads, MD5-hashes, decodes and PDQ-hashes the file at <paramref name="path"/>.</summary>
    /// <exception cref="HashMatchException">The file cannot be read, or is not a decodable image within the limits.</exception>
    public ImageHashes HashFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            return HashStream(file, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, e.Message, e);
        }
    }

    /// <summary>Reads <paramref name="stream"/> to its end, then hashes it as <see cref="HashEncoded"/> does.</summary>
    /// <param name="stream">The encoded image; read from its current position.</param>
    /// <param name="inputName">Name used in error messages; defaults to "stream".</param>
    /// <exception cref="HashMatchException">The stream is too long, or is not a decodable image within the limits.</exception>
    public ImageHashes HashStream(Stream stream, string? inputName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        inputName ??= "stream";
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        byte[] buffer = ReadAll(stream, inputName, md5, out int length);
        try
        {
            Span<byte> digest = stackalloc byte[Md5Hash.ByteLength];
            md5.GetHashAndReset(digest);
            return HashDecoded(buffer.AsSpan(0, length), inputName, Md5Hash.FromBytes(digest));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hashes an encoded image held in memory.</summary>
    /// <param name="encoded">The whole encoded file.</param>
    /// <param name="inputName">Name used in error messages; defaults to "buffer".</param>
    /// <exception cref="HashMatchException">The bytes are not a decodable image within the limits.</exception>
    public ImageHashes HashEncoded(ReadOnlySpan<byte> encoded, string? inputName = null)
    {
        inputName ??= "buffer";
        if (encoded.Length > Options.MaxInputBytes)
        {
            throw TooLong(inputName);
        }

        return HashDecoded(encoded, inputName, Md5Hash.Compute(encoded));
    }

    private ImageHashes HashDecoded(ReadOnlySpan<byte> encoded, string inputName, Md5Hash md5)
    {
        using DecodedImage image = Options.Decoder.Decode(encoded, inputName, Options.Decode);
        if (Options.Dihedral)
        {
            PdqDihedralHashes all = PdqHasher.HashDihedral(image.Pixels);
            return new ImageHashes(md5, all.ToResult(), all, image.EncodedWidth, image.EncodedHeight, image.FormatName);
        }

        return new ImageHashes(md5, PdqHasher.Hash(image.Pixels), null, image.EncodedWidth, image.EncodedHeight, image.FormatName);
    }

    /// <summary>
    /// Reads the stream into pooled memory, feeding MD5 chunk by chunk as it arrives, so the bytes are read once and
    /// hashed while still in cache. Never holds more than <see cref="ImageHasherOptions.MaxInputBytes"/>.
    /// </summary>
    private byte[] ReadAll(Stream stream, string inputName, IncrementalHash md5, out int length)
    {
        long limit = Options.MaxInputBytes;
        int capacity = ReadChunk;
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > limit)
            {
                throw TooLong(inputName);
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
                if (length == buffer.Length)
                {
                    if (length >= limit)
                    {
                        throw TooLong(inputName);
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Min((long)buffer.Length * 2, limit + 1)));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = stream.Read(buffer, length, Math.Min(ReadChunk, buffer.Length - length));
                if (read == 0)
                {
                    return buffer;
                }

                md5.AppendData(buffer, length, read);
                length += read;
                if (length > limit)
                {
                    throw TooLong(inputName);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private HashMatchException TooLong(string inputName) =>
        new(inputName, HashMatchErrorReason.TooLarge, $"the input is longer than the limit of {Options.MaxInputBytes:N0} bytes");
}
