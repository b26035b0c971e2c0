using System.Text.Json;
using HashMatch.Matching;
using HashMatch.Pdq;
using HashMatch.Server;
using HashMatch.Server.Api;

namespace HashMatch.Tests.Server;

/// <summary>
/// A <c>/v1/match</c> candidate on the wire (issue 23): <c>query_region</c> says where in the upload the known
/// picture is when a region variant matched, and is absent otherwise.
/// </summary>
public sealed class CandidateContractTests
{
    private static JsonElement Wire(MatchCandidate candidate)
    {
        string json = JsonSerializer.Serialize(ContractMapping.Candidate(candidate), ServerJson.Default.CandidateJson);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static MatchCandidate Candidate(QueryVariant variant) => new()
    {
        List = "known",
        EntryId = "7",
        Method = MatchMethod.Pdq,
        Distance = 12,
        Variant = variant,
        Verdict = MatchVerdict.Match,
    };

    [Fact]
    public void A_region_candidate_carries_its_rectangle()
    {
        JsonElement wire = Wire(Candidate(QueryVariant.ForRegion(new QueryRegion(40, 420, 1000, 560))));
        Assert.Equal("region", wire.GetProperty("query_variant").GetString());
        JsonElement region = wire.GetProperty("query_region");
        Assert.Equal((40, 420, 1000, 560), (region.GetProperty("x").GetInt32(), region.GetProperty("y").GetInt32(), region.GetProperty("width").GetInt32(), region.GetProperty("height").GetInt32()));
    }

    [Fact]
    public void Other_candidates_have_no_region()
    {
        Assert.False(Wire(Candidate(QueryVariant.Turned(PdqVariant.Rotate90))).TryGetProperty("query_region", out _));
        Assert.False(Wire(Candidate(QueryVariant.Original)).TryGetProperty("query_region", out _));
    }
}
