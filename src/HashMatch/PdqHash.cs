using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace HashMatch;

/// <summary>
/// An immutable 256-bit PDQ hash.
/// </summary>
/// <remarks>
/// <para>
/// Bit <c>k = 16·i + j</c> is set when coefficient (row <c>i</c>, column <c>j</c>) of the 16×16 DCT block is
/// strictly greater than the median, as in Meta's reference (<c>pdq/cpp/common/pdqhashtypes.cpp</c>).
/// </para>
/// <para>
/// The text form is the reference's: 64 lowercase hex digits of the 256-bit number Σ bit_k·2^k written
/// big-endian, so the first four digits are DCT row 15 and the last four are row 0. The byte form
/// (<see cref="WriteBytes"/>) is the same number as 32 big-endian bytes, i.e. exactly what the hex digits spell.
/// </para>
/// </remarks>
public readonly struct PdqHash : IEquatable<PdqHash>, ISpanFormattable, ISpanParsable<PdqHash>
{
    /// <summary>Number of bits in a PDQ hash.</summary>
    public const int BitLength = 256;

    /// <summary>Number of bytes in the binary form of a PDQ hash.</summary>
    public const int ByteLength = 32;

    /// <summary>Number of hex digits in the text form of a PDQ hash.</summary>
    public const int HexLength = 64;

    // _w0 holds bits 0..63 (DCT rows 0..3), _w3 holds bits 192..255 (rows 12..15).
    private readonly ulong _w0, _w1, _w2, _w3;

    /// <summary>Creates a hash from its four 64-bit words, least significant (bits 0..63) first.</summary>
    public PdqHash(ulong bits0To63, ulong bits64To127, ulong bits128To191, ulong bits192To255)
    {
        _w0 = bits0To63;
        _w1 = bits64To127;
        _w2 = bits128To191;
        _w3 = bits192To255;
    }

    /// <summary>The all-zero hash (what the reference returns for images too small to hash).</summary>
    public static PdqHash Zero => default;

    /// <summary>Returns the 64-bit word holding bits <c>64·index</c> to <c>64·index + 63</c>.</summary>
    public ulong GetWord(int index) => index switch
    {
        0 => _w0,
        1 => _w1,
        2 => _w2,
        3 => _w3,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "A PDQ hash has words 0 to 3."),
    };

    /// <summary>Returns bit <paramref name="index"/> (0..255); bit <c>16·i + j</c> is DCT coefficient (i, j).</summary>
    public bool GetBit(int index)
    {
        if ((uint)index >= BitLength)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "A PDQ hash has bits 0 to 255.");
        }

        return ((GetWord(index >> 6) >> (index & 63)) & 1) != 0;
    }

    /// <summary>Number of set bits (the reference's "norm"); 128 whenever the 256 DCT coefficients are distinct.</summary>
    public int PopCount =>
        BitOperations.PopCount(_w0) + BitOperations.PopCount(_w1) + BitOperations.PopCount(_w2) + BitOperations.PopCount(_w3);

    /// <summary>Number of bits in which two hashes differ (0..256).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int HammingDistance(in PdqHash a, in PdqHash b) =>
        BitOperations.PopCount(a._w0 ^ b._w0) + BitOperations.PopCount(a._w1 ^ b._w1) +
        BitOperations.PopCount(a._w2 ^ b._w2) + BitOperations.PopCount(a._w3 ^ b._w3);

    /// <summary>Number of bits in which this hash differs from <paramref name="other"/>.</summary>
    public int DistanceTo(in PdqHash other) => HammingDistance(this, other);

    /// <summary>Reads the 32-byte big-endian binary form (the bytes the hex digits spell).</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public static PdqHash FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength)
        {
            throw new ArgumentException($"A PDQ hash is {ByteLength} bytes; got {bytes.Length}.", nameof(bytes));
        }

        return new PdqHash(
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes));
    }

    /// <summary>Writes the 32-byte big-endian binary form into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void WriteBytes(Span<byte> destination)
    {
        if (destination.Length < ByteLength)
        {
            throw new ArgumentException($"A PDQ hash needs {ByteLength} bytes; got {destination.Length}.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _w3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w0);
    }

    /// <summary>Returns the 32-byte big-endian binary form.</summary>
    public byte[] ToByteArray()
    {
        var bytes = new byte[ByteLength];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>Parses 64 hex digits (either case) in the reference layout.</summary>
    /// <exception cref="FormatException">The text is not exactly 64 hex digits.</exception>
    public static PdqHash Parse(ReadOnlySpan<char> hex)
    {
        if (!TryParseCore(hex, out var hash, out var error))
        {
            throw new FormatException(error);
        }

        return hash;
    }

    /// <summary>Parses 64 hex digits; returns false (and <see cref="Zero"/>) on anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out PdqHash hash) => TryParseCore(hex, out hash, out _);

    /// <summary>
    /// Parses 64 hex digits, reporting why the text is not a PDQ hash. The message is meant for people:
    /// hash-list readers put it next to the file name and line number.
    /// </summary>
    internal static bool TryParseCore(ReadOnlySpan<char> hex, out PdqHash hash, [NotNullWhen(false)] out string? error)
    {
        hash = default;
        if (hex.Length != HexLength)
        {
            error = $"a PDQ hash is {HexLength} hex digits; got {hex.Length} characters";
            return false;
        }

        Span<ulong> words = stackalloc ulong[4];
        for (int w = 0; w < 4; w++)
        {
            ulong value = 0;
            for (int d = 0; d < 16; d++)
            {
                int position = (w * 16) + d;
                int nibble = HexValue(hex[position]);
                if (nibble < 0)
                {
                    error = $"a PDQ hash is {HexLength} hex digits; character {position + 1} is '{hex[position]}'";
                    return false;
                }

                value = (value << 4) | (uint)nibble;
            }

            words[w] = value;
        }

        hash = new PdqHash(words[3], words[2], words[1], words[0]);
        error = null;
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Writes the 64 lowercase hex digits into <paramref name="destination"/>.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        if (destination.Length < HexLength)
        {
            charsWritten = 0;
            return false;
        }

        WriteHex(_w3, destination);
        WriteHex(_w2, destination[16..]);
        WriteHex(_w1, destination[32..]);
        WriteHex(_w0, destination[48..]);
        charsWritten = HexLength;
        return true;
    }

    private static void WriteHex(ulong value, Span<char> destination)
    {
        const string Digits = "0123456789abcdef";
        for (int i = 15; i >= 0; i--)
        {
            destination[i] = Digits[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    /// <summary>The 64 lowercase hex digits of the reference layout.</summary>
    public override string ToString() => string.Create(HexLength, this, static (span, hash) => hash.TryFormat(span, out _));

    bool ISpanFormattable.TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        TryFormat(destination, out charsWritten);

    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => ToString();

    static PdqHash ISpanParsable<PdqHash>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<PdqHash>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out PdqHash result) => TryParse(s, out result);

    static PdqHash IParsable<PdqHash>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<PdqHash>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out PdqHash result) => TryParse(s, out result);

    /// <inheritdoc/>
    public bool Equals(PdqHash other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is PdqHash other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    /// <summary>True when both hashes have the same 256 bits.</summary>
    public static bool operator ==(PdqHash left, PdqHash right) => left.Equals(right);

    /// <summary>True when the hashes differ in at least one bit.</summary>
    public static bool operator !=(PdqHash left, PdqHash right) => !left.Equals(right);
}
