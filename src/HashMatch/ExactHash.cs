using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace HashMatch;

/// <summary>
/// An immutable cryptographic digest of a file's exact bytes — MD5, SHA-1 or SHA-256 — with its algorithm. Two exact
/// hashes are equal when algorithm and bytes are; the text form is the lowercase hex of the digest (32, 40 or 64
/// digits).
/// </summary>
public readonly struct ExactHash : IEquatable<ExactHash>, ISpanFormattable
{
    private const int MaxBytes = 32;

    private readonly Bytes _bytes;

    private ExactHash(ExactHashAlgorithm algorithm, ReadOnlySpan<byte> digest)
    {
        Algorithm = algorithm;
        digest.CopyTo(_bytes);
    }

    /// <summary>Which digest this is.</summary>
    public ExactHashAlgorithm Algorithm { get; }

    /// <summary>Digest length in bytes: 16, 20 or 32.</summary>
    public int ByteLength => ByteLengthOf(Algorithm);

    /// <summary>Whether this is a digest at all (false for <c>default</c>).</summary>
    public bool IsEmpty => Algorithm == 0;

    /// <summary>Bytes of a digest of <paramref name="algorithm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown algorithm.</exception>
    public static int ByteLengthOf(ExactHashAlgorithm algorithm) => algorithm switch
    {
        ExactHashAlgorithm.Md5 => 16,
        ExactHashAlgorithm.Sha1 => 20,
        ExactHashAlgorithm.Sha256 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown exact-hash algorithm."),
    };

    /// <summary>The lowercase name used in lists and output columns: md5, sha1, sha256.</summary>
    public static string NameOf(ExactHashAlgorithm algorithm) => algorithm switch
    {
        ExactHashAlgorithm.Md5 => "md5",
        ExactHashAlgorithm.Sha1 => "sha1",
        ExactHashAlgorithm.Sha256 => "sha256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown exact-hash algorithm."),
    };

    /// <summary>A digest from its bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not the algorithm's length.</exception>
    public static ExactHash FromBytes(ExactHashAlgorithm algorithm, ReadOnlySpan<byte> digest)
    {
        int length = ByteLengthOf(algorithm);
        if (digest.Length != length)
        {
            throw new ArgumentException($"A {NameOf(algorithm)} digest is {length} bytes; got {digest.Length}.", nameof(digest));
        }

        return new ExactHash(algorithm, digest);
    }

    /// <summary>Computes the digest of <paramref name="data"/>.</summary>
    public static ExactHash Compute(ExactHashAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[MaxBytes];
        int length = algorithm switch
        {
            ExactHashAlgorithm.Md5 => System.Security.Cryptography.MD5.HashData(data, digest),
            ExactHashAlgorithm.Sha1 => System.Security.Cryptography.SHA1.HashData(data, digest),
            ExactHashAlgorithm.Sha256 => System.Security.Cryptography.SHA256.HashData(data, digest),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown exact-hash algorithm."),
        };
        return new ExactHash(algorithm, digest[..length]);
    }

    /// <summary>Parses the hex form of a digest of <paramref name="algorithm"/> (either case).</summary>
    /// <exception cref="FormatException">The text is not the algorithm's number of hex digits.</exception>
    public static ExactHash Parse(ExactHashAlgorithm algorithm, ReadOnlySpan<char> hex) =>
        TryParseCore(algorithm, hex, out ExactHash hash, out string? error) ? hash : throw new FormatException(error);

    /// <summary>Parses the hex form of a digest of <paramref name="algorithm"/>; false on anything else.</summary>
    public static bool TryParse(ExactHashAlgorithm algorithm, ReadOnlySpan<char> hex, out ExactHash hash) => TryParseCore(algorithm, hex, out hash, out _);

    /// <summary>Parses hex, reporting why the text is not a digest (for list readers, which add the file and line).</summary>
    internal static bool TryParseCore(ExactHashAlgorithm algorithm, ReadOnlySpan<char> hex, out ExactHash hash, [NotNullWhen(false)] out string? error)
    {
        hash = default;
        int length = ByteLengthOf(algorithm);
        if (hex.Length != 2 * length)
        {
            error = $"an {NameOf(algorithm).ToUpperInvariant()} is {2 * length} hex digits (got {hex.Length} characters)";
            return false;
        }

        Span<byte> digest = stackalloc byte[length];
        if (Convert.FromHexString(hex, digest, out _, out int written) != System.Buffers.OperationStatus.Done || written != length)
        {
            error = $"an {NameOf(algorithm).ToUpperInvariant()} must be hex digits only";
            return false;
        }

        hash = new ExactHash(algorithm, digest);
        error = null;
        return true;
    }

    /// <summary>Writes the digest's bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="ByteLength"/>.</exception>
    public void WriteBytes(Span<byte> destination)
    {
        if (destination.Length < ByteLength)
        {
            throw new ArgumentException($"The digest needs {ByteLength} bytes.", nameof(destination));
        }

        Digest.CopyTo(destination);
    }

    /// <summary>The digest's bytes (empty for <c>default</c>).</summary>
    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    private ReadOnlySpan<byte> Digest => IsEmpty ? [] : ((ReadOnlySpan<byte>)_bytes)[..ByteLength];

    /// <summary>Writes the lowercase hex digits.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten) => Convert.TryToHexStringLower(Digest, destination, out charsWritten);

    /// <summary>The lowercase hex digits (empty for <c>default</c>).</summary>
    public override string ToString() => Convert.ToHexStringLower(Digest);

    bool ISpanFormattable.TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        TryFormat(destination, out charsWritten);

    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool Equals(ExactHash other) => Algorithm == other.Algorithm && ((ReadOnlySpan<byte>)_bytes).SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ExactHash other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        // A digest's bytes are already uniformly distributed: its first eight are a good hash code.
        return HashCode.Combine(Algorithm, System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(_bytes));
    }

    /// <summary>True when algorithm and digest are equal.</summary>
    public static bool operator ==(ExactHash left, ExactHash right) => left.Equals(right);

    /// <summary>True when algorithm or digest differ.</summary>
    public static bool operator !=(ExactHash left, ExactHash right) => !left.Equals(right);

    [InlineArray(MaxBytes)]
    private struct Bytes
    {
        private byte _element;
    }
}
