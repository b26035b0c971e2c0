using HashMatch.Lists;
using HashMatch.Matching;
using StoredEntryColumns = HashMatch.Server.Storage.EntryColumns;

namespace HashMatch.Tests.Pdq;

/// <summary>The one check of a PDQ quality from outside: on the scale or refused, never clamped.</summary>
public sealed class PdqQualityScaleTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(100, true)]
    [InlineData(-1, false)]
    [InlineData(101, false)]
    [InlineData(long.MaxValue, false)]
    public void A_quality_is_on_the_scale_or_says_why_not(long quality, bool valid)
    {
        Assert.Equal(valid, PdqQualityScale.Contains(quality));
        Assert.Equal(valid ? null : $"must be an integer 0..100 (got {quality})", PdqQualityScale.Problem(quality));
    }

    [Fact]
    public void Text_that_is_no_integer_is_refused_with_the_text()
    {
        Assert.Null(PdqQualityScale.Problem("57", out int parsed));
        Assert.Equal(57, parsed);
        Assert.Equal("must be an integer 0..100 (got 'high')", PdqQualityScale.Problem("high", out _));
        Assert.Equal("must be an integer 0..100 (got '-3')", PdqQualityScale.Problem("-3", out _));
    }

    [Fact]
    public void Check_names_the_input_and_the_field()
    {
        Assert.Equal(100, PdqQualityScale.Check(100, "known", "quality"));
        HashMatchException error = Assert.Throws<HashMatchException>(() => PdqQualityScale.Check(101, "known", "MinQueryQuality"));
        Assert.Equal(("known", HashMatchErrorReason.OutOfRange, "MinQueryQuality: must be an integer 0..100 (got 101)"), (error.Input, error.Reason, error.Detail));
    }

    [Fact]
    public void A_list_with_a_quality_limit_off_the_scale_is_refused_by_name()
    {
        HashMatchException error = Assert.Throws<HashMatchException>(() => KnownList.Create("known", [], new KnownListOptions { MinEntryQuality = 101 }));
        Assert.Equal(("known", HashMatchErrorReason.OutOfRange, "MinEntryQuality: must be an integer 0..100 (got 101)"), (error.Input, error.Reason, error.Detail));

        // An entry's own quality off the scale is refused too, not stored as 100.
        var entry = new ListEntry { Id = "e9", Md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, [9]), Quality = -5 };
        Assert.Equal("e9", Assert.Throws<HashMatchException>(() => KnownList.Create("known", [entry])).Input);
    }

    [Fact]
    public void The_entry_store_refuses_a_quality_off_the_scale_instead_of_clamping_it()
    {
        // EntryColumns clamped 250 to 100: a caller's mistake was stored as the best quality there is.
        var entry = new ListEntry { Id = "e1", Md5 = ExactHash.Compute(ExactHashAlgorithm.Md5, [1, 2, 3]), Quality = 250 };
        HashMatchException error = Assert.Throws<HashMatchException>(() => StoredEntryColumns.Write(entry, new object?[StoredEntryColumns.Count]));
        Assert.Equal(("e1", HashMatchErrorReason.OutOfRange), (error.Input, error.Reason));

        var values = new object?[StoredEntryColumns.Count];
        StoredEntryColumns.Write(entry with { Quality = 100 }, values);
        Assert.Equal((short)100, values[2]);
    }
}
