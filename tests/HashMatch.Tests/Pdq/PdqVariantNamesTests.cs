using HashMatch.Pdq;

namespace HashMatch.Tests.Pdq;

/// <summary>The one table of dihedral names, and the query variant names built on it.</summary>
public sealed class PdqVariantNamesTests
{
    [Fact]
    public void Every_variant_has_one_name_that_reads_back_in_any_case()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (PdqVariant variant in Enum.GetValues<PdqVariant>())
        {
            string name = PdqVariantNames.Name(variant);
            Assert.True(names.Add(name), name);
            Assert.True(PdqVariantNames.TryParse(name.ToUpperInvariant(), out PdqVariant parsed));
            Assert.Equal(variant, parsed);
        }

        Assert.Equal(["original", "rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1"], Enum.GetValues<PdqVariant>().Select(PdqVariantNames.Name));
        Assert.False(PdqVariantNames.TryParse("Rotate90", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => PdqVariantNames.Name((PdqVariant)8));
    }

    [Fact]
    public void The_columns_are_the_seven_turns_prefixed_and_the_original_has_none()
    {
        Assert.Equal(["pdq_rot90", "pdq_rot180", "pdq_rot270", "pdq_flipx", "pdq_flipy", "pdq_flipplus1", "pdq_flipminus1"], PdqVariantNames.Turns.Select(PdqVariantNames.Column));
        foreach (PdqVariant turn in PdqVariantNames.Turns)
        {
            Assert.True(PdqVariantNames.TryParseColumn(PdqVariantNames.Column(turn), out PdqVariant parsed));
            Assert.Equal(turn, parsed);
        }

        Assert.False(PdqVariantNames.TryParseColumn("pdq_original", out _));
        Assert.False(PdqVariantNames.TryParseColumn("rot90", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => PdqVariantNames.Column(PdqVariant.Original));
    }

    [Fact]
    public void Query_variants_are_named_by_the_same_table()
    {
        Assert.Equal("original", QueryVariant.Original.Name);
        Assert.Equal(QueryVariant.Original, QueryVariant.Turned(PdqVariant.Original));
        Assert.Equal(QueryVariantKind.Turned, QueryVariant.Turned(PdqVariant.FlipY).Kind);
        Assert.Equal(["original", "rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1"], Enum.GetValues<PdqVariant>().Select(v => QueryVariant.Turned(v).ToString()));
        Assert.Equal(["upscaled", "region"], new[] { QueryVariant.Upscaled, QueryVariant.ForRegion(new QueryRegion(0, 0, 10, 10)) }.Select(v => v.Name));
        Assert.Throws<ArgumentOutOfRangeException>(() => QueryVariant.Turned((PdqVariant)8));
    }
}
