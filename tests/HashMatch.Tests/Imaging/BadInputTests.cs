using System.Buffers.Binary;
using HashMatch.Hashing;
using HashMatch.Imaging;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Imaging;

/// <summary>
/// Every kind of bad input gets a <see cref="HashMatchException"/> naming the input and the reason, without
/// allocating pixel memory for images it refuses.
/// </summary>
public sealed class BadInputTests
{
    /// <summary>Managed bytes any rejection may allocate; far below a single refused image's pixels.</summary>
    private const long AllocationBudget = 8L * 1024 * 1024;

    private static HashMatchException Rejected(byte[] input, ImageHasherOptions? options = null)
    {
        var hasher = new ImageHasher(options);
        hasher.HashEncoded(SyntheticImages.Encode(64, 64, 1, SKEncodedImageFormat.Png), "warm-up"); // load natives first
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<HashMatchException>(() => hasher.HashEncoded(input, "upload.bin"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < AllocationBudget, $"rejecting the input allocated {allocated:N0} bytes");
        Assert.Equal("upload.bin", error.Input);
        Assert.StartsWith("upload.bin: ", error.Message);
        return error;
    }

    [Fact]
    public void Empty_input_is_Empty() => Assert.Equal(HashMatchErrorReason.Empty, Rejected([]).Reason);

    [Fact]
    public void Random_bytes_are_UnsupportedFormat()
    {
        var bytes = new byte[10_000];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x00; // not accidentally a JPEG/BMP signature
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, Rejected(bytes).Reason);
    }

    [Fact]
    public void Text_is_UnsupportedFormat() =>
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, Rejected("hello, this is not an image"u8.ToArray()).Reason);

    [Theory]
    [InlineData(0.4)]
    [InlineData(0.6)]
    [InlineData(0.9)]
    public void Truncated_jpeg_is_Truncated_by_default(double keep)
    {
        byte[] jpeg = SyntheticImages.Encode(800, 600, 3, SKEncodedImageFormat.Jpeg);
        byte[] cut = jpeg[..(int)(jpeg.Length * keep)];
        HashMatchException error = Rejected(cut);
        Assert.Equal(HashMatchErrorReason.Truncated, error.Reason);
    }

    [Fact]
    public void Truncated_jpeg_is_accepted_when_allowed_and_then_hashes_differently()
    {
        byte[] jpeg = SyntheticImages.Encode(800, 600, 3, SKEncodedImageFormat.Jpeg);
        var lenient = new ImageHasher(new ImageHasherOptions { Decode = ImageDecodeOptions.Default with { AllowTruncated = true } });
        PdqHash full = lenient.HashEncoded(jpeg).Pdq.Hash;
        PdqHash partial = lenient.HashEncoded(jpeg[..(jpeg.Length * 6 / 10)]).Pdq.Hash;
        Assert.True(full.DistanceTo(partial) > 0);
    }

    [Fact]
    public void Truncated_png_is_Truncated()
    {
        byte[] png = SyntheticImages.Encode(300, 200, 4, SKEncodedImageFormat.Png);
        Assert.Equal(HashMatchErrorReason.Truncated, Rejected(png[..(png.Length / 2)]).Reason);
    }

    [Fact]
    public void File_cut_inside_its_header_is_Truncated()
    {
        byte[] png = SyntheticImages.Encode(300, 200, 4, SKEncodedImageFormat.Png);
        Assert.Equal(HashMatchErrorReason.Truncated, Rejected(png[..20]).Reason);
    }

    [Fact]
    public void Png_decompression_bomb_is_TooLarge_before_allocating()
    {
        // 100,000 × 100,000 pixels claimed by a file of a few hundred bytes.
        byte[] bomb = PngWriter.Write(100_000, 100_000, 8, PngWriter.Rgb, new byte[1000]);
        HashMatchException error = Rejected(bomb);
        Assert.Equal(HashMatchErrorReason.TooLarge, error.Reason);
        Assert.Contains("100000×100000", error.Message);
    }

    [Fact]
    public void Jpeg_whose_header_claims_65000_squared_is_TooLarge()
    {
        byte[] jpeg = SyntheticImages.Encode(64, 64, 5, SKEncodedImageFormat.Jpeg);
        int sof = FindStartOfFrame(jpeg);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 65000); // height
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 65000); // width
        Assert.Equal(HashMatchErrorReason.TooLarge, Rejected(jpeg).Reason);
    }

    [Fact]
    public void Pixel_limit_is_configurable()
    {
        byte[] png = SyntheticImages.Encode(300, 200, 4, SKEncodedImageFormat.Png);
        var strict = new ImageHasherOptions { Decode = ImageDecodeOptions.Default with { MaxPixels = 300 * 200 - 1 } };
        Assert.Equal(HashMatchErrorReason.TooLarge, Rejected(png, strict).Reason);
        Assert.Equal(300, new ImageHasher(strict with { Decode = strict.Decode with { MaxPixels = 300 * 200 } }).HashEncoded(png).Width);
    }

    [Fact]
    public void Png_with_zero_width_is_rejected()
    {
        byte[] png = PngWriter.Write(0, 10, 8, PngWriter.Gray, new byte[11]);
        HashMatchException error = Rejected(png);
        Assert.True(error.Reason is HashMatchErrorReason.Corrupt or HashMatchErrorReason.UnsupportedFormat, error.Message);
    }

    [Fact]
    public void Png_with_damaged_pixel_data_is_Corrupt_or_Truncated()
    {
        // A valid header, then deflate data that is noise.
        var noise = new byte[2000];
        new Random(11).NextBytes(noise);
        HashMatchException error = Rejected(PngWriter.WriteCompressed(40, 40, 8, PngWriter.Rgb, noise));
        Assert.True(error.Reason is HashMatchErrorReason.Corrupt or HashMatchErrorReason.Truncated, error.Message);
    }

    [Fact]
    public void Input_longer_than_the_byte_limit_is_TooLarge()
    {
        byte[] png = SyntheticImages.Encode(300, 200, 4, SKEncodedImageFormat.Png);
        var options = new ImageHasherOptions { MaxInputBytes = png.Length - 1 };
        Assert.Equal(HashMatchErrorReason.TooLarge, Rejected(png, options).Reason);
        var stream = new NonSeekableStream(png);
        Assert.Equal(HashMatchErrorReason.TooLarge, Assert.Throws<HashMatchException>(() => new ImageHasher(options).HashStream(stream, "s")).Reason);
    }

    [Fact]
    public void Missing_file_is_Unreadable_and_named()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hashmatch-missing-{Guid.NewGuid():N}.jpg");
        var error = Assert.Throws<HashMatchException>(() => ImageHasher.Default.HashFile(path));
        Assert.Equal(HashMatchErrorReason.Unreadable, error.Reason);
        Assert.Equal(path, error.Input);
    }

    [Fact]
    public void Every_prefix_of_a_small_jpeg_is_rejected_cleanly_or_hashed()
    {
        // No prefix may crash or hang the process; all but the complete file must be refused.
        byte[] jpeg = SyntheticImages.Encode(48, 40, 6, SKEncodedImageFormat.Jpeg);
        for (int length = 0; length < jpeg.Length - 2; length += 7)
        {
            var error = Assert.Throws<HashMatchException>(() => ImageHasher.Default.HashEncoded(jpeg.AsSpan(0, length), "prefix"));
            Assert.NotEqual(HashMatchErrorReason.Unreadable, error.Reason);
        }

        Assert.Equal(48, ImageHasher.Default.HashEncoded(jpeg).Width);
    }

    private static int FindStartOfFrame(byte[] jpeg)
    {
        for (int i = 2; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                return i;
            }
        }

        throw new InvalidDataException("no SOF marker");
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    }
}
