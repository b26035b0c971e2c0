using System.Diagnostics.CodeAnalysis;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using HashMatch.IO;

namespace HashMatch.Video;

/// <summary>
/// Reads and writes TMK's binary <c>.tmk</c> files in the reference's layout (<c>tmk/cpp/io/tmkiotypes.h</c>,
/// <c>tmkio.cpp</c>, <c>TMKFeatureVectors::writeToOutputStream</c>), all little-endian.
/// </summary>
/// <remarks>Byte layout and what reading checks: <c>docs/formats.md</c>, "TMK files".</remarks>
[Experimental(VideoApi.DiagnosticId)]
public static class TmkFile
{
    /// <summary>Bytes in the header.</summary>
    private const int HeaderLength = 32;

    // Generous bounds for hand-made or future files; the reference writes 4, 32 and 256.
    private const int MaxPeriods = 64;
    private const int MaxCoefficients = 1024;
    private const int MaxDimension = 4096;

    /// <summary>Most cosine (and sine) floats read: 64 MiB each; the reference's files hold 32,768.</summary>
    private const long MaxFeatureFloats = 1 << 24;

    /// <summary>Reads a <c>.tmk</c> file.</summary>
    /// <exception cref="HashMatchException">The file is missing, empty, not a TMK feature-vector file, truncated or inconsistent.</exception>
    public static TmkHash Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using FileStream stream = InputFile.OpenRead(path);
            return Read(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, e.Message, e);
        }
    }

    /// <summary>Reads a <c>.tmk</c> hash from <paramref name="stream"/>; <paramref name="inputName"/> names it in errors.</summary>
    /// <exception cref="HashMatchException">As for <see cref="Read(string)"/>.</exception>
    public static TmkHash Read(Stream stream, string inputName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(inputName);
        Span<byte> header = stackalloc byte[HeaderLength];
        int got = stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        if (got == 0)
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.Empty, "the file has no bytes");
        }

        if (got >= 8 && !(header[..4].SequenceEqual("TMK1"u8) && header[4..8].SequenceEqual("FVEC"u8)))
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.UnsupportedFormat, "not a TMK feature-vector file (expected the magic TMK1FVEC)");
        }

        if (got < HeaderLength)
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.Truncated, $"the {HeaderLength}-byte header is cut short");
        }

        string algorithm = System.Text.Encoding.ASCII.GetString(header[8..12]);
        if (algorithm != "PDQF")
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.UnsupportedFormat, $"frame-feature algorithm '{Printable(algorithm)}' is not PDQF");
        }

        int framesPerSecond = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        int periodCount = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        int coefficientCount = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
        int dimension = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        int frameCount = BinaryPrimitives.ReadInt32LittleEndian(header[28..]);
        if (framesPerSecond <= 0 || periodCount is < 0 or > MaxPeriods || coefficientCount is < 0 or > MaxCoefficients
            || dimension is <= 0 or > MaxDimension || frameCount < 0)
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.Corrupt,
                $"implausible header: {framesPerSecond} fps, {periodCount} periods, {coefficientCount} coefficients, dimension {dimension}, {frameCount} frames");
        }

        long featureFloats = (long)periodCount * coefficientCount * dimension;
        long expectedPayload = (4L * periodCount) + (4L * coefficientCount) + (4L * dimension) + (8L * featureFloats);
        if (featureFloats > MaxFeatureFloats)
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.TooLarge, $"the header describes {featureFloats:N0} feature floats (limit {MaxFeatureFloats:N0})");
        }

        if (stream.CanSeek && stream.Length - stream.Position != expectedPayload)
        {
            long actual = stream.Length - stream.Position;
            throw new HashMatchException(inputName, actual < expectedPayload ? HashMatchErrorReason.Truncated : HashMatchErrorReason.Corrupt,
                $"the header describes {HeaderLength + expectedPayload:N0} bytes; the file has {HeaderLength + actual:N0}");
        }

        var periods = new int[periodCount];
        var coefficients = new float[coefficientCount];
        var average = new float[dimension];
        var cosine = new float[(int)featureFloats];
        var sine = new float[(int)featureFloats];
        ReadExactly(stream, MemoryMarshal.AsBytes(periods.AsSpan()), inputName, expectedPayload);
        ReadExactly(stream, MemoryMarshal.AsBytes(coefficients.AsSpan()), inputName, expectedPayload);
        ReadExactly(stream, MemoryMarshal.AsBytes(average.AsSpan()), inputName, expectedPayload);
        ReadExactly(stream, MemoryMarshal.AsBytes(cosine.AsSpan()), inputName, expectedPayload);
        ReadExactly(stream, MemoryMarshal.AsBytes(sine.AsSpan()), inputName, expectedPayload);
        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) != 0)
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.Corrupt, $"bytes follow the {HeaderLength + expectedPayload:N0} the header describes");
        }

        if (!BitConverter.IsLittleEndian)
        {
            ReverseEndianness(periods, coefficients, average, cosine, sine);
        }

        foreach (int period in periods)
        {
            if (period <= 0)
            {
                throw new HashMatchException(inputName, HashMatchErrorReason.Corrupt, $"period {period} is not positive");
            }
        }

        return new TmkHash(algorithm, framesPerSecond, frameCount, periods, coefficients, average, cosine, sine);
    }

    /// <summary>Writes <paramref name="hash"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="HashMatchException">The file cannot be written.</exception>
    public static void Write(string path, TmkHash hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        AtomicFile.Write(path, stream => Write(stream, hash));
    }

    /// <summary>Writes <paramref name="hash"/> to <paramref name="stream"/> in the reference layout.</summary>
    public static void Write(Stream stream, TmkHash hash)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(hash);
        Span<byte> header = stackalloc byte[HeaderLength];
        "TMK1"u8.CopyTo(header);
        "FVEC"u8.CopyTo(header[4..]);
        System.Text.Encoding.ASCII.GetBytes(hash.Algorithm.AsSpan(0, 4), header[8..12]);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], hash.FramesPerSecond);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], hash.Periods.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], hash.FourierCoefficients.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], hash.FeatureDimension);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], hash.FrameCount);
        stream.Write(header);
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(hash.Periods));
            stream.Write(MemoryMarshal.AsBytes(hash.FourierCoefficients));
            stream.Write(MemoryMarshal.AsBytes(hash.PureAverageFeature));
            stream.Write(MemoryMarshal.AsBytes(hash.AllCosine));
            stream.Write(MemoryMarshal.AsBytes(hash.AllSine));
        }
        else
        {
            int[] periods = hash.Periods.ToArray();
            float[] coefficients = hash.FourierCoefficients.ToArray(), average = hash.PureAverageFeature.ToArray();
            float[] cosine = hash.AllCosine.ToArray(), sine = hash.AllSine.ToArray();
            ReverseEndianness(periods, coefficients, average, cosine, sine);
            stream.Write(MemoryMarshal.AsBytes(periods.AsSpan()));
            stream.Write(MemoryMarshal.AsBytes(coefficients.AsSpan()));
            stream.Write(MemoryMarshal.AsBytes(average.AsSpan()));
            stream.Write(MemoryMarshal.AsBytes(cosine.AsSpan()));
            stream.Write(MemoryMarshal.AsBytes(sine.AsSpan()));
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> destination, string inputName, long expectedPayload)
    {
        if (stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) < destination.Length)
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.Truncated, $"the file ends before the {HeaderLength + expectedPayload:N0} bytes its header describes");
        }
    }

    private static void ReverseEndianness(int[] periods, params float[][] floats)
    {
        BinaryPrimitives.ReverseEndianness(periods, periods);
        foreach (float[] array in floats)
        {
            Span<int> bits = MemoryMarshal.Cast<float, int>(array.AsSpan());
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }
    }

    private static string Printable(string text) => string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c : '?'));
}
