using FsCheck.Xunit;

namespace HashMatch.Tests.Pdq;

public sealed class PdqHashTests
{
    private const string BridgeHex = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";

    private static PdqHash Make(ulong a, ulong b, ulong c, ulong d) => new(a, b, c, d);

    [Property]
    public bool Hex_round_trips(ulong a, ulong b, ulong c, ulong d)
    {
        PdqHash hash = Make(a, b, c, d);
        string hex = hash.ToString();
        return hex.Length == 64 && hex == hex.ToLowerInvariant() && PdqHash.Parse(hex) == hash && PdqHash.Parse(hex.ToUpperInvariant()) == hash;
    }

    [Property]
    public bool Bytes_round_trip_and_spell_the_hex(ulong a, ulong b, ulong c, ulong d)
    {
        PdqHash hash = Make(a, b, c, d);
        byte[] bytes = hash.ToByteArray();
        return PdqHash.FromBytes(bytes) == hash && Convert.ToHexStringLower(bytes) == hash.ToString();
    }

    [Property]
    public bool Distance_to_itself_is_zero_and_symmetric(ulong a, ulong b, ulong c, ulong d, ulong e, ulong f, ulong g, ulong h)
    {
        PdqHash x = Make(a, b, c, d), y = Make(e, f, g, h);
        return x.DistanceTo(x) == 0 && x.DistanceTo(y) == y.DistanceTo(x) && (x.DistanceTo(y) == 0) == (x == y);
    }

    [Property]
    public bool Distance_obeys_the_triangle_inequality(ulong a, ulong b, ulong c, ulong d, ulong e, ulong f, ulong g, ulong h, ulong i, ulong j, ulong k, ulong l)
    {
        PdqHash x = Make(a, b, c, d), y = Make(e, f, g, h), z = Make(i, j, k, l);
        return x.DistanceTo(z) <= x.DistanceTo(y) + y.DistanceTo(z);
    }

    [Property]
    public bool Distance_counts_the_differing_bits(ulong a, ulong b, ulong c, ulong d, byte bit)
    {
        PdqHash x = Make(a, b, c, d);
        ulong mask = 1UL << (bit & 63);
        PdqHash y = (bit >> 6) switch
        {
            0 => Make(a ^ mask, b, c, d),
            1 => Make(a, b ^ mask, c, d),
            2 => Make(a, b, c ^ mask, d),
            _ => Make(a, b, c, d ^ mask),
        };
        return x.DistanceTo(y) == 1 && x.GetBit(bit) != y.GetBit(bit);
    }

    [Fact]
    public void Hex_layout_follows_the_reference()
    {
        // Bit k = 16·i + j; the last four hex digits are row 0, and within them the low bit is column 0.
        PdqHash bit0 = new(1, 0, 0, 0);
        Assert.Equal(new string('0', 63) + "1", bit0.ToString());
        PdqHash bit255 = new(0, 0, 0, 1UL << 63);
        Assert.Equal("8" + new string('0', 63), bit255.ToString());
        PdqHash bridge = PdqHash.Parse(BridgeHex);
        Assert.Equal(BridgeHex, bridge.ToString());
        Assert.Equal(128, bridge.PopCount);
        Assert.True(bridge.GetBit(1)); // ...22: low nibble 2 = 0b0010, bit 1 of row 0
        Assert.False(bridge.GetBit(0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b2")] // 63 digits
    [InlineData("d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b222")] // 65 digits
    [InlineData("g8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22")] // non-hex
    [InlineData("d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b2 ")] // trailing space
    [InlineData("0xf8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22")] // prefix
    public void Malformed_hex_is_rejected(string text)
    {
        Assert.False(PdqHash.TryParse(text, out PdqHash parsed));
        Assert.Equal(PdqHash.Zero, parsed);
        var error = Assert.Throws<FormatException>(() => PdqHash.Parse(text));
        Assert.Contains("64 hex digits", error.Message);
    }

    [Fact]
    public void Null_is_rejected_as_text_that_is_not_a_hash()
    {
        // One overload takes text (a span); a null string converts to an empty one, which is not 64 hex digits.
        Assert.False(PdqHash.TryParse((string?)null, out _));
        Assert.Throws<FormatException>(() => PdqHash.Parse((string)null!));
    }

    [Fact]
    public void Wrong_byte_count_is_rejected() => Assert.Throws<ArgumentException>(() => PdqHash.FromBytes(new byte[31]));
}
