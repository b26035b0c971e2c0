using System.Text;
using HashMatch.Hashing;
using HashMatch.Lists;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Fuzzing;

/// <summary>
/// What the seeded mutation test and afl-fuzz found, pinned down one by one (each failed before its fix;
/// docs/bad-input.md, "Fuzzing", lists them).
/// </summary>
public sealed class FuzzFindingTests
{
    private static byte[] Seed(string name) => File.ReadAllBytes(TestData.Path($"fuzz/seeds/decoder/{name}"));

    private static HashMatchErrorReason Refusal(byte[] bytes) =>
        Assert.Throws<HashMatchException>(() => ImageHasher.Default.HashEncoded(bytes, "cut")).Reason;

    [Fact]
    public void A_png_cut_before_its_IEND_chunk_is_truncated()
    {
        // libpng has every row by then and reported success.
        byte[] png = Seed("rgb.png");
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal(png[..^12]));
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal(png[..^16]));
    }

    [Fact]
    public void An_animation_cut_after_its_first_frame_is_truncated()
    {
        byte[] gif = Seed("animated.gif");
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal(gif[..^1])); // only the trailer lost
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal(gif[..(gif.Length * 2 / 3)]));
        byte[] webp = Seed("animated.webp");
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal(webp[..(webp.Length * 2 / 3)]));
    }

    [Fact]
    public void A_cut_icon_is_truncated_not_an_unsupported_format()
    {
        byte[] ico = Seed("two-sizes.ico");
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal(ico[..3]));
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal(ico[..30]));
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal(ico[..^1]));
    }

    [Fact]
    public void A_bmp_cut_inside_its_palette_and_a_webp_cut_inside_a_chunk_are_truncated_not_corrupt()
    {
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal(Seed("palette8.bmp")[..60]));
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal(Seed("lossy.webp")[..32]));
    }

    [Fact]
    public void A_file_cut_inside_its_signature_is_truncated()
    {
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal([0xFF]));
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal([0x89, (byte)'P', (byte)'N']));
        Assert.Equal(HashMatchErrorReason.Truncated, Refusal("RIFF\x10\0\0\0WE"u8.ToArray()));
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, Refusal("RIFF\x10\0\0\0WAVE"u8.ToArray()));
    }

    [Theory]
    [InlineData("rgb.png")]
    [InlineData("animated.gif")]
    [InlineData("animated.webp")]
    [InlineData("two-sizes.ico")]
    [InlineData("rgb24.bmp")]
    public void Bytes_after_the_end_of_a_complete_file_are_accepted(string seed)
    {
        // The end checks walk chunks and blocks, so padding after the end is not taken for a cut.
        byte[] whole = Seed(seed);
        byte[] padded = [.. whole, .. new byte[37]];
        Assert.Equal(ImageHasher.Default.HashEncoded(whole).Pdq, ImageHasher.Default.HashEncoded(padded).Pdq);
    }

    [Fact]
    public void An_os2_bitmap_is_not_read_as_a_windows_header()
    {
        // The 12-byte OS/2 core header has 16-bit fields; read as a Windows header, pixel bytes 18 00 00 00 00 00 at
        // offset 28 look like "24 bits, uncompressed" and the pixel array like a gigabyte: a complete file refused.
        byte[] os2 = Seed("os2.bmp");
        os2[28] = 0x18;
        os2.AsSpan(29, 5).Clear();
        Assert.Equal(48, ImageHasher.Default.HashEncoded(os2, "os2.bmp").Width);
    }

    [Fact]
    public void A_vics_string_that_is_not_utf8_is_a_typed_error()
    {
        // An escaped string ("\\") with a byte that is not UTF-8 made Utf8JsonReader throw InvalidOperationException.
        byte[] vics = [.. "{\"@odata.context\": \"http://x/$metadata#Media\", \"value\": [{\"MediaID\": 1, \"MD5\": \"797A940A921CEFAADAD7BE2E353FA86A\", \"MediaFiles\": [{\"FilePath\": \"a\\\\"u8, 0xE9, .. "b\"}]}]}"u8];
        var error = Assert.Throws<HashMatchException>(() => ListReader.ReadEach(new MemoryStream(vics), "vics.json", ListFormat.Vics, (_, _) => { }, null));
        Assert.Equal(HashMatchErrorReason.Malformed, error.Reason);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Fact]
    public void Linting_a_short_list_allocates_little()
    {
        // The duplicate check took a 20 MB chunk per hash kind up front: 21 MB to lint two lines.
        ListContents contents = ListReader.ReadFrom(new StringReader(
            "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\n0000000000000000000000000000000000000000000000000000000000000001\n"), "short.txt");
        long before = GC.GetAllocatedBytesForCurrentThread();
        ListLinter.Lint(contents);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }
}
