using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace HashMatch;

/// <summary>An immutable 128-bit MD5 digest of a file's exact bytes; text form is 32 lowercase hex digits.</summary>
public readonly struct Md5Hash : IEquatable<Md5Hash>, ISpanFormattable
{
    /// <summary>Number of bytes in an MD5 digest.</summary>
    public const int ByteLength = 16;

    /// <summary>Number of hex digits in the text form.</summary>
    public const int HexLength = 32;

    private readonly ulong _high, _low;

    private Md5Hash(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>Reads a 16-byte digest.</summary>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not 16 bytes.</exception>
    public static Md5Hash FromBytes(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != ByteLength)
        {
            throw new ArgumentException($"An MD5 digest is {ByteLength} bytes; got {digest.Length}.", nameof(digest));
        }

        return new Md5Hash(BinaryPrimitives.ReadUInt64BigEndian(digest), BinaryPrimitives.ReadUInt64BigEndian(digest[8..]));
    }

    /// <summary>Computes the MD5 of <paramref name="data"/>.</summary>
    public static Md5Hash Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[ByteLength];
        System.Security.Cryptography.MD5.HashData(data, digest);
        return FromBytes(digest);
    }

    /// <summary>Writes the 16 digest bytes.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>Parses 32 hex digits (either case).</summary>
    /// <exception cref="FormatException">The text is not exactly 32 hex digits.</exception>
    public static Md5Hash Parse(ReadOnlySpan<char> hex) =>
        TryParse(hex, out var hash) ? hash : throw new FormatException($"An MD5 hash is {HexLength} hex digits; got \"{hex}\".");

    /// <summary>Parses 32 hex digits; false on anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out Md5Hash hash)
    {
        hash = default;
        if (hex.Length != HexLength)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[ByteLength];
        if (Convert.FromHexString(hex, digest, out _, out int written) != System.Buffers.OperationStatus.Done || written != ByteLength)
        {
            return false;
        }

        hash = FromBytes(digest);
        return true;
    }

    /// <summary>Writes the 32 lowercase hex digits.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        Span<byte> digest = stackalloc byte[ByteLength];
        WriteBytes(digest);
        return Convert.TryToHexStringLower(digest, destination, out charsWritten);
    }

    /// <summary>The 32 lowercase hex digits.</summary>
    public override string ToString() => string.Create(HexLength, this, static (span, hash) => hash.TryFormat(span, out _));

    bool ISpanFormattable.TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        TryFormat(destination, out charsWritten);

    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool Equals(Md5Hash other) => _high == other._high && _low == other._low;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Md5Hash other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_high, _low);

    /// <summary>True when the digests are equal.</summary>
    public static bool operator ==(Md5Hash left, Md5Hash right) => left.Equals(right);

    /// <summary>True when the digests differ.</summary>
    public static bool operator !=(Md5Hash left, Md5Hash right) => !left.Equals(right);
}
