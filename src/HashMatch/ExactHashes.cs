using System.Buffers;
using System.Security.Cryptography;

namespace HashMatch;

/// <summary>The exact hashes of one input, all computed in the one read of its bytes.</summary>
/// <param name="Md5">MD5 of the bytes.</param>
/// <param name="Sha1">SHA-1 of the bytes.</param>
/// <param name="Sha256">SHA-256 of the bytes.</param>
public readonly record struct ExactHashes(ExactHash Md5, ExactHash Sha1, ExactHash Sha256)
{
    /// <summary>MD5 of the bytes.</summary>
    public ExactHash Md5 { get; } = Md5;

    /// <summary>SHA-1 of the bytes.</summary>
    public ExactHash Sha1 { get; } = Sha1;

    /// <summary>SHA-256 of the bytes.</summary>
    public ExactHash Sha256 { get; } = Sha256;

    /// <summary>The three, MD5 first.</summary>
    public IEnumerable<ExactHash> All => [Md5, Sha1, Sha256];

    /// <summary>Computes all three over bytes held in memory.</summary>
    public static ExactHashes Compute(ReadOnlySpan<byte> data) => new(
        ExactHash.Compute(ExactHashAlgorithm.Md5, data),
        ExactHash.Compute(ExactHashAlgorithm.Sha1, data),
        ExactHash.Compute(ExactHashAlgorithm.Sha256, data));

    /// <summary>
    /// Computes all three over <paramref name="stream"/>, read to its end in chunks (memory stays the same whatever its
    /// length; the bytes are not kept).
    /// </summary>
    /// <param name="stream">Read from its current position.</param>
    /// <param name="inputName">Names the input in an error.</param>
    /// <param name="cancellationToken">Checked between chunks.</param>
    /// <exception cref="HashMatchException">Reading failed (<see cref="HashMatchErrorReason.Unreadable"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ExactHashes Compute(Stream stream, string inputName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(inputName);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(StreamChunk);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read;
                try
                {
                    read = stream.Read(buffer, 0, StreamChunk);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
                {
                    throw new HashMatchException(inputName, HashMatchErrorReason.Unreadable, e.Message, e);
                }

                if (read == 0)
                {
                    return Finish(md5, sha1, sha256);
                }

                md5.AppendData(buffer, 0, read);
                sha1.AppendData(buffer, 0, read);
                sha256.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Bytes read and digested per step when hashing a stream (one read call, small enough to stay in cache).</summary>
    internal const int StreamChunk = 1 << 20;

    /// <summary>The three digests' values (each reset for reuse).</summary>
    internal static ExactHashes Finish(IncrementalHash md5, IncrementalHash sha1, IncrementalHash sha256) =>
        new(Finish(md5, ExactHashAlgorithm.Md5), Finish(sha1, ExactHashAlgorithm.Sha1), Finish(sha256, ExactHashAlgorithm.Sha256));

    private static ExactHash Finish(IncrementalHash digest, ExactHashAlgorithm algorithm)
    {
        Span<byte> bytes = stackalloc byte[32];
        int written = digest.GetHashAndReset(bytes);
        return ExactHash.FromBytes(algorithm, bytes[..written]);
    }
}
