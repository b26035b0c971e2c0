using System.Buffers.Binary;
using System.IO.Hashing;
using HashMatch.Evaluation;
using HashMatch.Local;
using SkiaSharp;

namespace HashMatch.Tests.Local;

/// <summary>Malformed stored signals are refused with a <see cref="HashMatchException"/> naming the input and the reason.</summary>
public sealed class LocalSignalFormatTests
{
    private static readonly byte[] Stored = StoredSignal();

    [Fact]
    public void Every_truncation_is_refused_as_truncated()
    {
        Assert.Equal(HashMatchErrorReason.Empty, Refused([]).Reason);
        for (int length = 1; length < Stored.Length; length++)
        {
            HashMatchException error = Refused(Stored.AsSpan(0, length).ToArray());
            Assert.Equal(HashMatchErrorReason.Truncated, error.Reason);
            Assert.Equal("row 7", error.Input);
        }
    }

    [Fact]
    public void Every_flipped_bit_is_refused()
    {
        for (int at = 0; at < Stored.Length; at++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] damaged = (byte[])Stored.Clone();
                damaged[at] ^= (byte)(1 << bit);
                HashMatchException error = Refused(damaged);
                HashMatchErrorReason expected = at switch
                {
                    < 5 => HashMatchErrorReason.UnsupportedFormat, // the magic and the version
                    5 => error.Reason, // the count: too large, truncated or trailing bytes, each checked below
                    _ => HashMatchErrorReason.Corrupt,
                };
                Assert.Equal(expected, error.Reason);
            }
        }
    }

    [Fact]
    public void A_checksum_mismatch_is_corrupt()
    {
        byte[] damaged = (byte[])Stored.Clone();
        damaged[20] ^= 0x10;
        HashMatchException error = Refused(damaged);
        Assert.Equal(HashMatchErrorReason.Corrupt, error.Reason);
        Assert.Contains("checksum", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_version_is_unsupported()
    {
        byte[] other = Rewritten(bytes => bytes[4] = 2);
        HashMatchException error = Refused(other);
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, error.Reason);
        Assert.Contains("version 2", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_count_over_the_bound_is_too_large()
    {
        byte[] over = new byte[LocalSignalFormat.EncodedLength(LocalSignal.MaxFeatures + 1)];
        Stored.AsSpan(0, 16).CopyTo(over);
        over[5] = (byte)(LocalSignal.MaxFeatures + 1);
        Seal(over);
        HashMatchException error = Refused(over);
        Assert.Equal(HashMatchErrorReason.TooLarge, error.Reason);
        Assert.Contains($"at most {LocalSignal.MaxFeatures}", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_are_corrupt() => Assert.Equal(HashMatchErrorReason.Corrupt, Refused([.. Stored, 0]).Reason);

    [Fact]
    public void Reserved_bits_and_sizes_are_checked_under_a_valid_checksum()
    {
        Assert.Contains("reserved header", Refused(Rewritten(b => b[7] = 1)).Detail, StringComparison.Ordinal);
        Assert.Contains("reserved header", Refused(Rewritten(b => b[6] = 2)).Detail, StringComparison.Ordinal);
        Assert.Contains("not positive", Refused(Rewritten(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(8), 0))).Detail, StringComparison.Ordinal);
        Assert.Contains("reserved geometry", Refused(Rewritten(b => b[16 + 10] |= 0x80)).Detail, StringComparison.Ordinal);
        Assert.All(new[] { Refused(Rewritten(b => b[7] = 1)) }, e => Assert.Equal(HashMatchErrorReason.Corrupt, e.Reason));
    }

    [Fact]
    public void Not_a_signal_is_unsupported() =>
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, Refused("PDQ1 not a signal at all, but long enough"u8.ToArray()).Reason);

    private static HashMatchException Refused(byte[] bytes) => Assert.Throws<HashMatchException>(() => LocalSignal.Parse(bytes, "row 7"));

    private static byte[] Rewritten(Action<byte[]> change)
    {
        byte[] bytes = (byte[])Stored.Clone();
        change(bytes);
        Seal(bytes);
        return bytes;
    }

    private static void Seal(byte[] bytes) =>
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), XxHash3.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8)));

    private static byte[] StoredSignal()
    {
        var generator = new SyntheticImageGenerator(LocalPictures.Seed);
        using SKBitmap picture = generator.Generate(LocalPictures.Distinct(generator).First(i => generator.Describe(i).Family == ImageFamily.Shapes));
        byte[] bytes = LocalSignal.Compute(LocalPictures.Pixels(picture)).ToBytes();
        Assert.True(bytes.Length > 100);
        return bytes;
    }
}
