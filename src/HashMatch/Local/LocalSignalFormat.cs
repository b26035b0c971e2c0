using System.Buffers.Binary;
using System.IO.Hashing;

namespace HashMatch.Local;

/// <summary>
/// The stored form of a <see cref="LocalSignal"/>, version 1, little-endian:
/// <c>"HMLF"</c>, version (1 byte), feature count (1 byte, at most <see cref="MaxFeatures"/>), flags (1 byte: bit 0
/// set when the signal is of the mirrored picture, the rest zero), a reserved zero byte,
/// width and height (4 bytes each); then per feature the 8-byte descriptor projection and 3 bytes of geometry
/// (grid column in bits 0–6, grid row in 7–13, level in 14–15, orientation bin in 16–20, bits 21–23 zero); then the
/// XxHash3 (64-bit) of everything before it — the checksum the index files use (<c>SectionFile</c>).
/// </summary>
internal static class LocalSignalFormat
{
    /// <summary>Most features a stored signal may hold: 24 + 11 × 90 = 1,014 bytes, within the 1 KB budget.</summary>
    public const int MaxFeatures = 90;

    /// <summary>The version this code writes and reads.</summary>
    public const byte Version = 1;

    private const int HeaderLength = 16, FeatureLength = 11, ChecksumLength = 8;

    private static ReadOnlySpan<byte> Magic => "HMLF"u8;

    /// <summary>Bytes of a stored signal with <paramref name="features"/> features.</summary>
    public static int EncodedLength(int features) => HeaderLength + (FeatureLength * features) + ChecksumLength;

    public static byte[] Write(LocalSignal signal)
    {
        ReadOnlySpan<LocalFeature> features = signal.Features;
        var bytes = new byte[EncodedLength(features.Length)];
        Span<byte> span = bytes;
        Magic.CopyTo(span);
        span[4] = Version;
        span[5] = (byte)features.Length;
        span[6] = (byte)(signal.Mirrored ? 1 : 0);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], signal.Width);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], signal.Height);
        for (int i = 0; i < features.Length; i++)
        {
            Span<byte> at = span.Slice(HeaderLength + (i * FeatureLength), FeatureLength);
            LocalFeature f = features[i];
            BinaryPrimitives.WriteUInt64LittleEndian(at, f.Descriptor);
            int geometry = f.GridX | (f.GridY << 7) | (f.Level << 14) | (f.Angle << 16);
            at[8] = (byte)geometry;
            at[9] = (byte)(geometry >> 8);
            at[10] = (byte)(geometry >> 16);
        }

        int body = bytes.Length - ChecksumLength;
        BinaryPrimitives.WriteUInt64LittleEndian(span[body..], XxHash3.HashToUInt64(span[..body]));
        return bytes;
    }

    public static LocalSignal Read(ReadOnlySpan<byte> bytes, string inputName)
    {
        HashMatchException Error(HashMatchErrorReason reason, string detail) => new(inputName, reason, detail);

        if (bytes.Length == 0)
        {
            throw Error(HashMatchErrorReason.Empty, "a local signal has at least a header");
        }

        if (bytes.Length < Magic.Length && Magic.StartsWith(bytes))
        {
            throw Error(HashMatchErrorReason.Truncated, $"{bytes.Length} bytes; the header and checksum alone are {EncodedLength(0)}");
        }

        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw Error(HashMatchErrorReason.UnsupportedFormat, "not a local-feature signal (expected the magic HMLF)");
        }

        if (bytes.Length < EncodedLength(0))
        {
            throw Error(HashMatchErrorReason.Truncated, $"{bytes.Length} bytes; the header and checksum alone are {EncodedLength(0)}");
        }

        if (bytes[4] != Version)
        {
            throw Error(HashMatchErrorReason.UnsupportedFormat, $"version {bytes[4]}; this library reads version {Version}");
        }

        int count = bytes[5];
        if (count > MaxFeatures)
        {
            throw Error(HashMatchErrorReason.TooLarge, $"{count} features; a signal holds at most {MaxFeatures}");
        }

        int expected = EncodedLength(count);
        if (bytes.Length < expected)
        {
            throw Error(HashMatchErrorReason.Truncated, $"{bytes.Length} bytes; {count} features need {expected}");
        }

        if (bytes.Length > expected)
        {
            throw Error(HashMatchErrorReason.Corrupt, $"{bytes.Length - expected} bytes after the checksum");
        }

        int body = expected - ChecksumLength;
        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes[body..]) != XxHash3.HashToUInt64(bytes[..body]))
        {
            throw Error(HashMatchErrorReason.Corrupt, "checksum mismatch");
        }

        if ((bytes[6] & ~1) != 0 || bytes[7] != 0)
        {
            throw Error(HashMatchErrorReason.Corrupt, "reserved header bits are not zero");
        }

        int width = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]), height = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        if (width <= 0 || height <= 0)
        {
            throw Error(HashMatchErrorReason.Corrupt, $"picture size {width}×{height} is not positive");
        }

        var features = new LocalFeature[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> at = bytes.Slice(HeaderLength + (i * FeatureLength), FeatureLength);
            int geometry = at[8] | (at[9] << 8) | (at[10] << 16);
            if (geometry >> 21 != 0)
            {
                throw Error(HashMatchErrorReason.Corrupt, $"feature {i}: reserved geometry bits are not zero");
            }

            features[i] = new LocalFeature(
                BinaryPrimitives.ReadUInt64LittleEndian(at),
                (byte)(geometry & 127), (byte)((geometry >> 7) & 127), (byte)((geometry >> 14) & 3), (byte)((geometry >> 16) & 31));
        }

        return new LocalSignal(width, height, (bytes[6] & 1) != 0, features);
    }
}
