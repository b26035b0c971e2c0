using HashMatch.Evaluation;

namespace HashMatch.Tests.Local;

/// <summary>No false match among 1,000 distinct pictures of the seeded corpus at the default threshold (about 4·10⁵ ordered pairs).</summary>
[Trait("Cost", "Slow")]
public sealed class LocalFalseMatchTests
{
    [Fact]
    public void A_thousand_distinct_pictures_do_not_match_each_other() =>
        LocalIndexTests.AssertNoFalseMatches([.. LocalPictures.Distinct(new SyntheticImageGenerator(LocalPictures.Seed)).Skip(120).Take(1000)]);
}
