using HashMatch.Hashing;
using HashMatch.Matching;
using HashMatch.Pdq;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Indexing;
using HashMatch.Server.Limits;
using HashMatch.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.Api;

/// <summary>
/// The read side: <c>POST /v1/match</c> (an uploaded image against every enabled bank), <c>POST /v1/lookup</c> (a
/// batch of hashes) and <c>POST /v1/hash</c> (an image's hashes only). All go through the library's
/// <see cref="HashMatcher"/> of the live snapshot; decoding endpoints share the concurrent-decode limit.
/// </summary>
internal static class MatchEndpoints
{
    /// <summary>Most hashes one lookup may carry.</summary>
    public const int MaxLookup = 10_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder v1 = app.MapGroup("/v1").WithTags("matching").RequireAuthorization(ApiKeyAuthentication.ReadPolicy);
        v1.MapPost("/match", Match).RequireRateLimiting(RequestLimits.DecodePolicy).DisableAntiforgery()
            .Produces<MatchResponse>()
            .WithSummary("Hashes an uploaded image (multipart field 'file', or the raw body) and matches it against every enabled bank: exact hashes first, then PDQ with each bank's threshold, quality limits and query variants.");
        v1.MapPost("/hash", Hash).RequireRateLimiting(RequestLimits.DecodePolicy).DisableAntiforgery()
            .Produces<HashResponse>()
            .WithSummary("An uploaded image's MD5, SHA-1, SHA-256 and PDQ (?variants= adds query variant hashes). Nothing is stored.");
        v1.MapPost("/lookup", Lookup)
            .WithSummary("Looks up to 10,000 hashes (PDQ with quality, and/or MD5, SHA-1, SHA-256) in every enabled bank.");
    }

    private static async Task<IResult> Match(HttpRequest request, ServerServices services, CancellationToken cancellationToken)
    {
        if (services.Index.Current is not { } snapshot)
        {
            return NotReady();
        }

        var (bytes, name, problem) = await Uploads.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        MatchReport report = snapshot.Resolve(snapshot.Matcher.MatchEncoded(bytes, name));
        if (report.Error is { Reason: HashMatchErrorReason.TooLarge } tooLarge)
        {
            return Problems.Result(413, "Image too large", tooLarge.Message);
        }

        services.Metrics.Queries.WithLabels("match").Inc();
        services.Metrics.Count(report);
        return Results.Json(new MatchResponse
        {
            Sequence = snapshot.Sequence,
            Hashes = new HashesJson
            {
                Md5 = report.Exact?.Md5.ToString(),
                Sha1 = report.Exact?.Sha1.ToString(),
                Sha256 = report.Exact?.Sha256.ToString(),
                Pdq = report.Pdq?.Hash.ToString(),
                Quality = report.Pdq?.Quality,
            },
            Matched = report.IsMatch,
            Excluded = report.IsExcluded,
            Candidates = ContractMapping.Candidates(report),
            Error = report.Error is { } error ? new ErrorJson { Reason = error.Reason.ToString(), Detail = error.Message } : null,
        }, ServerJson.Default.MatchResponse);
    }

    private static async Task<IResult> Hash(HttpRequest request, ServerServices services, [FromQuery] string? variants, CancellationToken cancellationToken)
    {
        QueryVariants? asked = variants is null ? QueryVariants.None : WireNames.ParseVariants(variants);
        if (asked is null)
        {
            return Problems.Result(400, "Unknown query variants", $"variants: '{variants}' is not none, all or a comma-separated list of {string.Join(", ", QueryVariantNames.Single)}");
        }

        var (bytes, name, problem) = await Uploads.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var hasher = new ImageHasher(services.Index.Hashing with { Variants = asked.Value });
            ImageHashes hashes = hasher.HashEncoded(bytes.Span, name);
            return Results.Json(new HashResponse
            {
                Md5 = hashes.Exact.Md5.ToString(),
                Sha1 = hashes.Exact.Sha1.ToString(),
                Sha256 = hashes.Exact.Sha256.ToString(),
                Pdq = hashes.Pdq.Hash.ToString(),
                Quality = hashes.Pdq.Quality,
                Width = hashes.Width,
                Height = hashes.Height,
                Format = hashes.EncodedFormat,
                Variants = asked == QueryVariants.None ? null
                    : [.. hashes.Variants.Skip(1).Select(v => new VariantHashJson { Variant = WireNames.Variant(v.Variant), Pdq = v.Result.Hash.ToString(), Quality = v.Result.Quality })],
            }, ServerJson.Default.HashResponse);
        }
        catch (HashMatchException e)
        {
            return Problems.Result(e.Reason == HashMatchErrorReason.TooLarge ? 413 : 422, "Cannot hash the image", e.Message,
                new Dictionary<string, object?> { ["reason"] = e.Reason.ToString() });
        }
    }

    private static IResult Lookup(LookupRequest? request, ServerServices services, CancellationToken cancellationToken)
    {
        if (services.Index.Current is not { } snapshot)
        {
            return NotReady();
        }

        if (request?.Hashes is not { } hashes || hashes.Count == 0)
        {
            return Problems.Result(400, "No hashes", "the body is {\"hashes\":[{\"pdq\":\"<64 hex digits>\"},...]}");
        }

        if (hashes.Count > MaxLookup)
        {
            return Problems.Result(413, "Too many hashes", $"{hashes.Count:N0} hashes; at most {MaxLookup:N0} per request");
        }

        var results = new LookupResult[hashes.Count];
        for (int i = 0; i < hashes.Count; i++)
        {
            if ((i & 63) == 63)
            {
                cancellationToken.ThrowIfCancellationRequested(); // the request timeout
            }

            LookupHash? hash = hashes[i];
            if (hash is null)
            {
                return Problems.Result(400, "Invalid hash", $"hashes[{i}]: null");
            }

            var (pdq, md5, sha1, sha256, problem) = ContractMapping.Hashes(hash.Pdq, hash.Quality, hash.Md5, hash.Sha1, hash.Sha256);
            if (problem is not null)
            {
                return Problems.Result(400, "Invalid hash", $"hashes[{i}]{problem}");
            }

            ExactHashes? exact = md5 is null && sha1 is null && sha256 is null ? null : new ExactHashes(md5 ?? default, sha1 ?? default, sha256 ?? default);
            PdqHashResult? query = pdq is { } p ? new PdqHashResult(p, hash.Quality ?? 100) : null;
            MatchReport report = snapshot.Resolve(snapshot.Matcher.MatchHashes(hash.Id ?? "lookup", exact, query));
            services.Metrics.Count(report);
            results[i] = new LookupResult
            {
                Index = i,
                Id = hashes[i].Id,
                Matched = report.IsMatch,
                Excluded = report.IsExcluded,
                Candidates = ContractMapping.Candidates(report),
            };
        }

        services.Metrics.Queries.WithLabels("lookup").Inc(hashes.Count);
        return Results.Json(new LookupResponse { Sequence = snapshot.Sequence, Results = results }, ServerJson.Default.LookupResponse);
    }

    public static IResult NotReady() => Problems.RetryLater(503, "Index not loaded", "the index is still loading; retry shortly", 1);
}
