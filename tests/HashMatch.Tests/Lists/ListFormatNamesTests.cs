using HashMatch.Lists;

namespace HashMatch.Tests.Lists;

/// <summary>The one table of layout names the CLI and the service share.</summary>
public sealed class ListFormatNamesTests
{
    [Fact]
    public void Every_layout_has_one_name_that_parses_back_to_it()
    {
        foreach (ListFormat format in Enum.GetValues<ListFormat>())
        {
            string name = ListFormatNames.Of(format);
            Assert.True(ListFormatNames.TryParse(name, out ListFormat parsed), name);
            Assert.Equal(format, parsed);
            Assert.True(ListFormatNames.TryParse(name.ToUpperInvariant(), out parsed), "case-insensitive");
            Assert.Equal(format, parsed);
        }

        Assert.Equal(Enum.GetValues<ListFormat>().Length, ListFormatNames.All.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("auto", ListFormatNames.All[0]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("json")]
    [InlineData("PlainPdq")]
    public void Unknown_names_do_not_parse(string? name) => Assert.False(ListFormatNames.TryParse(name, out _));

    [Fact]
    public void A_value_that_is_not_a_layout_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ListFormatNames.Of((ListFormat)999));
}
