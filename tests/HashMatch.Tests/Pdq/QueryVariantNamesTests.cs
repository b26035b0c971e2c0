using HashMatch.Pdq;

namespace HashMatch.Tests.Pdq;

/// <summary>The one table of query variant names the CLI and the service share.</summary>
public sealed class QueryVariantNamesTests
{
    [Fact]
    public void Every_set_of_variants_reads_back_from_its_name()
    {
        for (int bits = 0; bits <= (int)QueryVariants.All; bits++)
        {
            var variants = (QueryVariants)bits;
            string name = QueryVariantNames.Format(variants);
            Assert.True(QueryVariantNames.TryParse(name, out QueryVariants parsed, out _), name);
            Assert.Equal(variants, parsed);
            Assert.True(QueryVariantNames.TryParse(name.ToUpperInvariant(), out parsed, out _));
            Assert.Equal(variants, parsed);
        }

        Assert.Equal("none", QueryVariantNames.Format(QueryVariants.None));
        Assert.Equal("all", QueryVariantNames.Format(QueryVariants.All));
        Assert.Equal("pixel-dihedral,region", QueryVariantNames.Format(QueryVariants.PixelDihedral | QueryVariants.Region));
    }

    [Fact]
    public void An_unknown_name_is_refused_and_named()
    {
        Assert.False(QueryVariantNames.TryParse("region, rotate", out QueryVariants variants, out string? unknown));
        Assert.Equal(QueryVariants.None, variants);
        Assert.Equal("rotate", unknown);
        Assert.True(QueryVariantNames.TryParse("", out variants, out _));
        Assert.Equal(QueryVariants.None, variants);
    }
}
