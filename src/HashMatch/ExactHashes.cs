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
        return Hashing.DigestingReader.Digest(stream, inputName, cancellationToken);
    }
}
