using System.Text.Json;
using System.Text.Json.Nodes;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Pdq;
using HashMatch.Server;
using HashMatch.Server.Api;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Server;

/// <summary>
/// A candidate reads the same in the service's answers (the typed contract its OpenAPI document describes) as in
/// <c>hashmatch match --format jsonl</c> (the library's <see cref="MatchCandidateJson"/>): same members, names and
/// values, except the metadata's <c>source</c>, which answers leave out on purpose. A member added to one writer and
/// not the other fails here.
/// </summary>
public sealed class CandidateWireTests
{
    public static readonly TheoryData<string> Cases = new() { "plain", "exact", "turned-low-quality", "augmented-with-metadata", "source-only", "excluded", "region", "local" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_service_writes_a_candidate_as_the_cli_does(string name)
    {
        MatchCandidate candidate = Candidate(name);

        JsonNode cli = JsonNode.Parse(CandidateText.Of(candidate))!;
        if (cli["metadata"] is JsonObject metadata)
        {
            metadata.Remove("source");
            if (metadata.Count == 0)
            {
                cli.AsObject().Remove("metadata");
            }
        }

        JsonNode service = JsonNode.Parse(JsonSerializer.Serialize(ContractMapping.Candidate(candidate), ServerJson.Default.CandidateJson))!;
        Assert.True(JsonNode.DeepEquals(cli, service), $"CLI:     {cli.ToJsonString()}\nservice: {service.ToJsonString()}");
    }

    private static MatchCandidate Candidate(string name) => name switch
    {
        "plain" => new() { List = "known", EntryId = "e1", Method = MatchMethod.Pdq, Distance = 7, QueryQuality = 100, EntryQuality = 90, Verdict = MatchVerdict.Match },
        "exact" => new() { List = "known", EntryId = "e2", Method = MatchMethod.Sha256, Verdict = MatchVerdict.Match },
        "turned-low-quality" => new() { List = "l", EntryId = "3", Method = MatchMethod.Pdq, Distance = 30, Variant = QueryVariant.Turned(PdqVariant.Rotate90), QueryQuality = 20, Verdict = MatchVerdict.QueryLowQuality },
        "augmented-with-metadata" => new()
        {
            List = "known", EntryId = "e4", Method = MatchMethod.Pdq, Distance = 2, QueryQuality = 80, Verdict = MatchVerdict.Match, Augmented = true,
            Metadata = new EntryMetadata { Category = "c1", Tags = ["a", "b"], Source = "/cases/1/x.jpg", Note = "n" },
        },
        "source-only" => new() { List = "known", EntryId = "e5", Method = MatchMethod.Md5, Verdict = MatchVerdict.Match, Metadata = new EntryMetadata { Source = "/x" } },
        "region" => new() { List = "known", EntryId = "e7", Method = MatchMethod.Pdq, Distance = 12, Variant = QueryVariant.ForRegion(new QueryRegion(40, 420, 1000, 560)), QueryQuality = 90, Verdict = MatchVerdict.Match },
        "local" => new()
        {
            List = "own", EntryId = "e8", Method = MatchMethod.Local, QueryQuality = 88, EntryQuality = 100, Verdict = MatchVerdict.Match, Inliers = 23,
            Transform = new HashMatch.Local.LocalTransform
            {
                Scale = 1.00049, RotationDegrees = -4.96, Mirrored = true, OffsetX = 160.2, OffsetY = -3.3,
                CropLeft = 160.04, CropTop = -3.31, CropRight = 1601.26, CropBottom = 1006.14,
            },
        },
        _ => new() { List = "allow", EntryId = "e6", Method = MatchMethod.Pdq, Distance = 0, QueryQuality = 100, EntryQuality = 100, Verdict = MatchVerdict.Excluded },
    };

    [Fact]
    public void A_region_candidate_carries_its_rectangle_and_others_none()
    {
        JsonElement wire = Service(Candidate("region"));
        Assert.Equal("region", wire.GetProperty("query_variant").GetString());
        JsonElement region = wire.GetProperty("query_region");
        Assert.Equal((40, 420, 1000, 560), (region.GetProperty("x").GetInt32(), region.GetProperty("y").GetInt32(), region.GetProperty("width").GetInt32(), region.GetProperty("height").GetInt32()));
        Assert.False(Service(Candidate("turned-low-quality")).TryGetProperty("query_region", out _));
        Assert.False(Service(Candidate("plain")).TryGetProperty("query_region", out _));
    }

    private static JsonElement Service(MatchCandidate candidate) =>
        JsonDocument.Parse(JsonSerializer.Serialize(ContractMapping.Candidate(candidate), ServerJson.Default.CandidateJson)).RootElement.Clone();
}
