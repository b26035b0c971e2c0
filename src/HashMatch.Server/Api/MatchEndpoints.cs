using HashMatch.Hashing;
using HashMatch.Matching;
using HashMatch.Pdq;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Decisions;
using HashMatch.Server.Indexing;
using HashMatch.Server.Limits;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.Api;

/// <summary>
/// The read side: <c>POST /v1/match</c> (an uploaded image, or video through <see cref="VideoMatching"/>, against every enabled bank), <c>POST /v1/lookup</c> (a
/// batch of hashes) and <c>POST /v1/hash</c> (an image's hashes only). All go through the library's
/// <see cref="HashMatcher"/> of the live snapshot; decoding endpoints share <see cref="DecodeSlots"/>, taken once the
/// body has arrived. An upload that cannot be hashed is never answered as "no match": it is a 422 problem naming the
/// reason, with whatever exact-hash candidates its bytes did find. An answer with a match is recorded as a decision
/// (<see cref="DecisionRecorder"/>) before it goes out, and names it (<c>decision_id</c>); when the store cannot take
/// it, the answer still goes out, without the id and saying why (<c>decision_unrecorded</c>).
/// </summary>
internal static class MatchEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder v1 = app.MapGroup("/v1").WithTags("matching").RequireReadKey()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        v1.MapPost("/match", Match).DisableAntiforgery()
            .AcceptsMediaUpload()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Hashes an uploaded image (multipart field 'file', or the raw body) and matches it against every enabled bank: exact hashes first, then PDQ with each bank's threshold, quality limits and query variants. A video (MP4/MOV, Matroska/WebM, AVI, FLV, MPEG-TS/PS, Ogg, ASF, recognised by its bytes) is matched by its exact hashes, vPDQ and TMK against the banks' video entries. An upload that cannot be decoded is 422 (413 over a limit, 503 when FFmpeg is missing or out of time), with its exact-hash candidates, never a 'no match'.");
        v1.MapPost("/hash", Hash).DisableAntiforgery()
            .AcceptsImageUpload()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("An uploaded image's MD5, SHA-1, SHA-256 and PDQ (?variants= adds query variant hashes). Nothing is stored.");
        v1.MapPost("/lookup", Lookup)
            .Accepts<LookupRequest>("application/json")
            .WithSummary("Looks up to 10,000 hashes (PDQ with quality, and/or MD5, SHA-1, SHA-256) in every enabled bank.");
    }

    private static async Task<Results<Ok<MatchResponse>, ProblemHttpResult, RetryAfterResult>> Match(HttpRequest request, ServerServices services, DecodeSlots slots, DecisionRecorder decisions, CancellationToken cancellationToken)
    {
        if (services.Index.Current is null)
        {
            return NotReady();
        }

        var (bytes, name, problem) = await Uploads.ReadAsync(request, services.Options.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (slot, busy) = await slots.AcquireAsync(cancellationToken);
        if (busy is not null)
        {
            return busy;
        }

        using (slot)
        {
            // The snapshot is taken after the upload arrived, so the answer reflects the banks as of the match.
            IndexSnapshot snapshot = services.Index.Current!;
            if (VideoUploads.IsVideo(bytes.Span))
            {
                return await VideoMatching.MatchAsync(request, bytes, name, snapshot, services, decisions, cancellationToken);
            }

            MatchReport report = snapshot.Matcher.MatchEncoded(bytes, name);
            services.Metrics.Queries.WithLabels("match").Inc();
            services.Metrics.Count(report);
            var (candidates, omitted) = ContractMapping.Candidates(report, services.Options.MaxCandidates);
            HashesJson hashes = new()
            {
                Md5 = report.Exact?.Md5.ToString(),
                Sha1 = report.Exact?.Sha1.ToString(),
                Sha256 = report.Exact?.Sha256.ToString(),
                Pdq = report.Pdq?.Hash.ToString(),
                Quality = report.Pdq?.Quality,
            };
            // Recorded before the answer goes out (group commit), so an answer never names a decision that was lost.
            DecisionRecord? decision = decisions.Enabled
                ? MatchDecision.Of(report, "match", name, snapshot, services.Options.MaxCandidates, request.HttpContext.User.Identity?.Name, decisions.Now)
                : null;
            string? unrecorded = decision is null ? null : await decisions.RecordAsync([decision], cancellationToken);
            string? decisionId = unrecorded is null ? decision?.Id : null;

            if (report.Error is { } error)
            {
                // Fail closed: PDQ was never compared, so "matched: false" would claim a look that did not happen.
                return Problems.Result(error.Reason == HashMatchErrorReason.TooLarge ? 413 : 422, "Cannot hash the image", error.Message,
                    new Dictionary<string, object?>
                    {
                        ["reason"] = error.Reason.ToString(),
                        ["sequence"] = snapshot.Sequence,
                        ["hashes"] = hashes,
                        ["matched"] = report.IsMatch,
                        ["excluded"] = report.IsExcluded,
                        ["candidates"] = candidates,
                        ["decision_id"] = decisionId,
                        ["decision_unrecorded"] = unrecorded,
                    });
            }

            return TypedResults.Ok(new MatchResponse
            {
                Sequence = snapshot.Sequence,
                Hashes = hashes,
                Matched = report.IsMatch,
                Excluded = report.IsExcluded,
                Candidates = candidates,
                CandidatesOmitted = omitted > 0 ? omitted : null,
                DecisionId = decisionId,
                DecisionUnrecorded = unrecorded,
            });
        }
    }

    private static async Task<Results<Ok<HashResponse>, ProblemHttpResult, RetryAfterResult>> Hash(HttpRequest request, ServerServices services, DecodeSlots slots, [FromQuery] string? variants, CancellationToken cancellationToken)
    {
        QueryVariants? asked = variants is null ? QueryVariants.None : WireNames.ParseVariants(variants);
        if (asked is null)
        {
            return Problems.Result(400, "Unknown query variants", $"variants: '{variants}' is not none, all or a comma-separated list of {string.Join(", ", QueryVariantNames.Single)}");
        }

        var (bytes, name, problem) = await Uploads.ReadAsync(request, services.Options.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (slot, busy) = await slots.AcquireAsync(cancellationToken);
        if (busy is not null)
        {
            return busy;
        }

        using (slot)
        {
            try
            {
                var hasher = new ImageHasher(services.Index.Hashing with { Variants = asked.Value });
                ImageHashes hashes = hasher.HashEncoded(bytes.Span, name);
                return TypedResults.Ok(new HashResponse
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
                        : [.. hashes.Variants.Skip(1).Select(v => new VariantHashJson { Variant = v.Variant.Name, Region = ContractMapping.Region(v.Variant.Region), Pdq = v.Result.Hash.ToString(), Quality = v.Result.Quality })],
                });
            }
            catch (HashMatchException e)
            {
                return Problems.Result(e.Reason == HashMatchErrorReason.TooLarge ? 413 : 422, "Cannot hash the image", e.Message,
                    new Dictionary<string, object?> { ["reason"] = e.Reason.ToString() });
            }
        }
    }

    private static async Task<Results<Ok<LookupResponse>, ProblemHttpResult, RetryAfterResult>> Lookup(HttpRequest request, ServerServices services, DecisionRecorder decisions, CancellationToken cancellationToken)
    {
        if (services.Index.Current is null)
        {
            return NotReady();
        }

        if (Uploads.DeclaredTooLarge(request, services.Options.MaxBodyBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        ReadOnlyMemory<byte> body = await Uploads.ReadBodyAsync(request, cancellationToken);
        var (hashes, problem) = LookupBody.Parse(body.Span);
        if (problem is not null)
        {
            return problem;
        }

        IndexSnapshot snapshot = services.Index.Current!;
        var results = new LookupResult[hashes!.Count];
        var recorded = new List<DecisionRecord>();
        string? apiKey = request.HttpContext.User.Identity?.Name;
        DateTimeOffset now = decisions.Now;
        for (int i = 0; i < hashes.Count; i++)
        {
            if ((i & 63) == 63)
            {
                cancellationToken.ThrowIfCancellationRequested(); // the request timeout
            }

            LookupHash hash = hashes[i];
            if (hash.Id is { } id && id.Length > Lists.ListEntryLimits.MaxIdLength)
            {
                return Problems.Result(400, "Invalid hash", $"hashes[{i}].id: at most {Lists.ListEntryLimits.MaxIdLength} characters");
            }

            var (pdq, md5, sha1, sha256, hashProblem) = ContractMapping.Hashes(hash.Pdq, hash.Quality, hash.Md5, hash.Sha1, hash.Sha256);
            if (hashProblem is not null)
            {
                return Problems.Result(400, "Invalid hash", $"hashes[{i}]{hashProblem}");
            }

            if (pdq is null && md5 is null && sha1 is null && sha256 is null)
            {
                return Problems.Result(400, "Invalid hash", $"hashes[{i}]: {ContractMapping.NoHash}");
            }

            ExactHashes? exact = md5 is null && sha1 is null && sha256 is null ? null : new ExactHashes(md5 ?? default, sha1 ?? default, sha256 ?? default);
            PdqHashResult? query = pdq is { } p ? new PdqHashResult(p, hash.Quality ?? 100) : null;
            MatchReport report = snapshot.Matcher.MatchHashes(hash.Id ?? "lookup", exact, query);
            services.Metrics.Count(report);
            var (candidates, omitted) = ContractMapping.Candidates(report, services.Options.MaxCandidates);
            DecisionRecord? decision = decisions.Enabled ? MatchDecision.Of(report, "lookup", hash.Id, snapshot, services.Options.MaxCandidates, apiKey, now) : null;
            if (decision is not null)
            {
                recorded.Add(decision);
            }

            results[i] = new LookupResult
            {
                Index = i,
                Id = hash.Id,
                Matched = report.IsMatch,
                Excluded = report.IsExcluded,
                Candidates = candidates,
                CandidatesOmitted = omitted > 0 ? omitted : null,
                DecisionId = decision?.Id,
            };
        }

        // One hand-over for the whole batch: its decisions commit together (and with other requests' ones).
        string? unrecorded = await decisions.RecordAsync(recorded, cancellationToken);
        if (unrecorded is not null)
        {
            for (int i = 0; i < results.Length; i++)
            {
                results[i] = results[i] with { DecisionId = null };
            }
        }

        services.Metrics.Queries.WithLabels("lookup").Inc(hashes.Count);
        return TypedResults.Ok(new LookupResponse { Sequence = snapshot.Sequence, Results = results, DecisionUnrecorded = unrecorded });
    }

    /// <summary>The 503 problem (with <c>Retry-After</c>) while no index is loaded.</summary>
    public static RetryAfterResult NotReady() => Problems.RetryLater(503, "Index not loaded", "the index is still loading; retry shortly", 1);
}
