using System.Text.Json;

namespace HashMatch.Tests.Server;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> is complete enough for a client generator: the API key scheme and
/// where it is required, the bodies of uploads and imports, every status an endpoint answers with its problem schema,
/// and the schemas of the answers.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class OpenApiDocumentTests(PostgresCluster cluster)
{
    /// <summary>Every /v1 operation, whether it needs a scope (then 403 for a key without it), and the statuses only it (or its kind) answers beyond the shared ones.</summary>
    public static readonly TheoryData<string, string, bool, int[]> Operations = new()
    {
        { "/v1/banks", "get", true, [] },
        { "/v1/banks", "post", true, [400, 409, 413, 415, 507] },
        { "/v1/banks/{name}", "get", true, [404] },
        { "/v1/banks/{name}", "patch", true, [400, 404, 413, 415, 507] },
        { "/v1/banks/{name}", "delete", true, [404, 507] },
        { "/v1/banks/{name}/entries", "post", true, [400, 404, 413, 415, 507] },
        { "/v1/banks/{name}/entries", "delete", true, [400, 404, 413, 415, 507] },
        { "/v1/banks/{name}/entries", "get", true, [400, 404, 409] },
        { "/v1/banks/{name}/videos", "post", true, [400, 404, 413, 415, 507] },
        { "/v1/banks/{name}/import", "post", true, [400, 404, 413, 507] },
        { "/v1/banks/{name}/export", "get", true, [400, 404] },
        { "/v1/match", "post", true, [400, 413, 422, 503] },
        { "/v1/hash", "post", true, [400, 413, 422] },
        { "/v1/lookup", "post", true, [400, 413] },
        { "/v1/index", "get", true, [] },
        { "/v1/index/rebuild", "post", true, [404] },
        { "/v1/decisions/{id}", "get", true, [400, 404] },
        { "/v1/decisions", "get", true, [400] },
        { "/v1/reviews", "post", true, [400, 404] },
        { "/v1/complaints", "post", true, [400, 404] },
        { "/v1/complaints/{id}", "patch", true, [400, 404] },
        { "/v1/reports/errors", "get", true, [400] },
        { "/v1/reports/thresholds", "get", true, [400] },
        { "/v1/quarantine", "post", true, [400, 404, 507] },
        { "/v1/quarantine/release", "post", true, [400, 404, 507] },
        { "/v1/quarantine", "get", true, [400, 404] },
        { "/v1/exclusions", "post", true, [400, 404, 507] },
        { "/v1/key", "get", false, [] },
        { "/v1/keys", "get", true, [] },
        { "/v1/keys", "post", true, [400, 409] },
        { "/v1/keys/{idOrName}", "delete", true, [404] },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Every_v1_operation_requires_the_api_key_and_lists_its_problems(string path, string method, bool scoped, int[] statuses)
    {
        JsonElement operation = (await Document()).GetProperty("paths").GetProperty(path).GetProperty(method);

        JsonElement security = Assert.Single(operation.GetProperty("security").EnumerateArray());
        Assert.True(security.TryGetProperty("ApiKey", out _), $"{method} {path} does not require the ApiKey scheme");

        JsonElement responses = operation.GetProperty("responses");
        int[] shared = scoped ? [401, 403, 429, 503] : [401, 429, 503];
        foreach (int status in shared.Concat(statuses))
        {
            Assert.True(responses.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out JsonElement response), $"{method} {path} does not list {status}");
            Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out JsonElement problem), $"{method} {path} {status} is not a problem");
            Assert.EndsWith("/ProblemDetails", problem.GetProperty("schema").GetProperty("$ref").GetString());
        }

        Assert.Equal(scoped, responses.TryGetProperty("403", out _)); // every key may be refused for its scope, except on /v1/key
    }

    [Fact]
    public async Task The_document_has_the_api_key_scheme_and_no_requirement_on_the_probes()
    {
        JsonElement document = await Document();
        JsonElement scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));

        foreach (string probe in (string[])["/health/live", "/health/ready"])
        {
            Assert.False(document.GetProperty("paths").GetProperty(probe).GetProperty("get").TryGetProperty("security", out _), $"{probe} requires a key");
        }
    }

    [Theory]
    [InlineData("/v1/match")]
    [InlineData("/v1/hash")]
    public async Task Image_uploads_document_the_multipart_form_and_the_raw_body(string path)
    {
        JsonElement content = (await Document()).GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody").GetProperty("content");

        JsonElement form = content.GetProperty("multipart/form-data").GetProperty("schema");
        JsonElement file = form.GetProperty("properties").GetProperty("file");
        Assert.Equal(("string", "binary"), (file.GetProperty("type").GetString(), file.GetProperty("format").GetString()));
        Assert.Contains("file", form.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        foreach (string raw in (string[])["application/octet-stream", "image/*"])
        {
            Assert.Equal("binary", content.GetProperty(raw).GetProperty("schema").GetProperty("format").GetString());
        }
    }

    [Fact]
    public async Task The_match_upload_also_documents_videos()
    {
        JsonElement body = (await Document()).GetProperty("paths").GetProperty("/v1/match").GetProperty("post").GetProperty("requestBody");
        Assert.Equal("binary", body.GetProperty("content").GetProperty("video/*").GetProperty("schema").GetProperty("format").GetString());
        Assert.Contains("video", body.GetProperty("description").GetString());
        Assert.False((await Document()).GetProperty("paths").GetProperty("/v1/hash").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("video/*", out _));
    }

    [Fact]
    public async Task The_import_documents_its_list_formats_as_text_bodies()
    {
        JsonElement content = (await Document()).GetProperty("paths").GetProperty("/v1/banks/{name}/import").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        foreach (string media in (string[])["text/tab-separated-values", "text/csv", "application/x-ndjson", "application/jsonl", "application/json", "text/plain"])
        {
            Assert.True(content.TryGetProperty(media, out JsonElement body), $"the import does not document {media}");
            Assert.Equal("string", body.GetProperty("schema").GetProperty("type").GetString());
        }
    }

    [Theory]
    [InlineData("/v1/match", "post", "200", "MatchResponse", "matched")]
    [InlineData("/v1/hash", "post", "200", "HashResponse", "pdq")]
    [InlineData("/v1/lookup", "post", "200", "LookupResponse", "results")]
    [InlineData("/v1/banks", "get", "200", "BankListResponse", "banks")]
    [InlineData("/v1/banks", "post", "201", "BankResponse", "max_distance")]
    [InlineData("/v1/banks/{name}/entries", "post", "200", "ChangeResponse", "applied")]
    [InlineData("/v1/index", "get", "200", "IndexResponse", "staleness_seconds")]
    [InlineData("/v1/index/rebuild", "post", "202", "HealthResponse", "status")]
    public async Task Answers_reference_their_schemas_with_snake_case_properties(string path, string method, string status, string schema, string property)
    {
        JsonElement document = await Document();
        JsonElement json = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status)
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal($"#/components/schemas/{schema}", json.GetProperty("$ref").GetString());
        Assert.True(document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties").TryGetProperty(property, out _),
            $"{schema} has no property {property}");
    }

    [Fact]
    public async Task Match_response_lists_results_and_matched()
    {
        JsonElement properties = (await Document()).GetProperty("components").GetProperty("schemas").GetProperty("MatchResponse").GetProperty("properties");
        foreach (string property in (string[])["sequence", "hashes", "matched", "excluded", "candidates"])
        {
            Assert.True(properties.TryGetProperty(property, out _), $"MatchResponse has no {property}");
        }
    }

    [Fact]
    public async Task A_candidate_names_its_list_as_the_cli_does()
    {
        // The CLI's match output calls the field list; the API called it bank until both used one name.
        JsonElement properties = (await Document()).GetProperty("components").GetProperty("schemas").GetProperty("CandidateJson").GetProperty("properties");
        foreach (string property in (string[])["list", "entry_id", "method", "distance", "query_variant", "verdict"])
        {
            Assert.True(properties.TryGetProperty(property, out _), $"CandidateJson has no {property}");
        }

        Assert.False(properties.TryGetProperty("bank", out _));
    }

    private async Task<JsonElement> Document()
    {
        await using TestStore store = await TestStore.CreateAsync(StoreKind.Sqlite, cluster);
        await using TestServer server = await TestServer.StartAsync(store);
        return await TestServer.Send(server.Read, HttpMethod.Get, "/openapi/v1.json", null);
    }
}
