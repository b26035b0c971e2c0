using HashMatch.Lists;

namespace HashMatch.Tests.Lists;

/// <summary>The one table of layout names the CLI and the service share.</summary>
public sealed class HashListFormatNamesTests
{
    [Fact]
    public void Every_layout_has_one_name_that_parses_back_to_it()
    {
        foreach (HashListFormat format in Enum.GetValues<HashListFormat>())
        {
            string name = HashListFormatNames.Of(format);
            Assert.True(HashListFormatNames.TryParse(name, out HashListFormat parsed), name);
            Assert.Equal(format, parsed);
            Assert.True(HashListFormatNames.TryParse(name.ToUpperInvariant(), out parsed), "case-insensitive");
            Assert.Equal(format, parsed);
        }

        Assert.Equal(Enum.GetValues<HashListFormat>().Length, HashListFormatNames.All.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("auto", HashListFormatNames.All[0]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("json")]
    [InlineData("PlainPdq")]
    public void Unknown_names_do_not_parse(string? name) => Assert.False(HashListFormatNames.TryParse(name, out _));

    [Fact]
    public void A_value_that_is_not_a_layout_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HashListFormatNames.Of((HashListFormat)999));
}
