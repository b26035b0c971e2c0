using System.Text.Json;
using System.Text.Json.Nodes;
using HashMatch.Matching;
using HashMatch.Server.Api;
using HashMatch.Server.Decisions;
using HashMatch.Server.Indexing;
using HashMatch.Server.Limits;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA's matching routes under <c>/m</c> (read key): <c>GET /m/raw_lookup</c>, <c>GET|POST /m/lookup</c>,
/// <c>GET /m/index/status</c> and <c>POST /m/compare</c>. Lookups go through the live snapshot's matcher exactly as
/// <c>/v1/lookup</c> and <c>/v1/match</c> do (<see cref="HmaMatches"/>); a lookup's answer with a match is
/// recorded as a decision like theirs, and its id sent in the <c>X-HashMatch-Decision-Id</c> header (HMA's body has
/// no room for it). Metrics count them with <c>/v1</c>'s: a signal lookup as a <c>lookup</c>, an upload as a
/// <c>match</c>.
/// </summary>
internal static class HmaMatchingEndpoints
{
    /// <summary>The header naming the decision an HMA lookup recorded.</summary>
    public const string DecisionHeader = "X-HashMatch-Decision-Id";

    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder m = app.MapGroup("/m").RequireReadKey();
        m.MapGet("/raw_lookup", RawLookup);
        m.MapGet("/lookup", Lookup);
        m.MapPost("/lookup", LookupUpload).DisableAntiforgery();
        m.MapGet("/index/status", IndexStatus);
        m.MapPost("/compare", Compare);
    }

    /// <summary>
    /// Every candidate of the signal in every bank, disabled ones included, whatever its verdict (HMA's raw lookup
    /// skips content and bank switches): the candidates <c>/v1/lookup</c> reports for the same hash.
    /// </summary>
    private static Results<JsonHttpResult<HmaRawIds>, JsonHttpResult<HmaRawMatches>, JsonHttpResult<HmaMessage>> RawLookup(
        string? signal, [FromQuery(Name = "signal_type")] string? signalType, string? banks, [FromQuery(Name = "include_distance")] string? includeDistance, ServerServices services)
    {
        if (signal is null || signalType is null)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, signal is null ? "signal is required" : "signal_type is required");
        }

        if (HmaQueryFlag.Parse(includeDistance, false) is not { } withDistance)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, HmaQueryFlag.Invalid);
        }

        var (parsed, problem) = ParseSignal(signalType, signal);
        if (problem is not null)
        {
            return problem;
        }

        if (services.Index.Current is not { } snapshot)
        {
            return HmaResults.IndexNotReady();
        }

        MatchReport report = HmaMatches.Look(HmaMatches.EveryBankMatcher(snapshot, services.Index.Hashing), parsed!.Value);
        HmaMatch[] matches = [.. HmaMatches.ByBank(report, signalType, services.Options.MaxCandidates, matchesOnly: false, HmaMatches.BankFilter(banks)).Values.SelectMany(m => m)];
        return withDistance
            ? HmaResults.Json(new HmaRawMatches(matches), HmaJson.Default.HmaRawMatches)
            : HmaResults.Json(new HmaRawIds([.. matches.Select(m => m.BankContentId)]), HmaJson.Default.HmaRawIds);
    }

    /// <summary>
    /// The matches of a signal in the enabled banks, by bank: the candidates <c>/v1/lookup</c> reports with verdict
    /// <c>Match</c>. HMA's GET ignores <c>bypass_coinflip</c> and so does this; <c>seed</c> changes nothing (no
    /// coin is flipped: a bank is enabled or not).
    /// </summary>
    private static async Task<Results<JsonHttpResult<IReadOnlyDictionary<string, IReadOnlyList<HmaMatch>>>, JsonHttpResult<HmaMessage>>> Lookup(
        string? signal, [FromQuery(Name = "signal_type")] string? signalType, string? url, string? banks, HttpContext context, ServerServices services, DecisionRecorder decisions, CancellationToken cancellationToken)
    {
        if (url is not null)
        {
            return HmaResults.NotImplemented(HmaUnmappedEndpoints.UrlFetching);
        }

        if (signal is null || signalType is null)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, "Either url or both signal and signal_type are required");
        }

        var (parsed, problem) = ParseSignal(signalType, signal);
        if (problem is not null)
        {
            return problem;
        }

        if (services.Index.Current is not { } snapshot)
        {
            return HmaResults.IndexNotReady();
        }

        MatchReport report = HmaMatches.Look(snapshot.Matcher, parsed!.Value);
        services.Metrics.Queries.WithLabels("lookup").Inc();
        services.Metrics.Count(report);
        await RecordAsync(report, signal, snapshot, context, services, decisions, cancellationToken);
        return HmaResults.Json(HmaMatches.ByBank(report, signalType, services.Options.MaxCandidates, matchesOnly: true, HmaMatches.BankFilter(banks)),
            HmaJson.Default.IReadOnlyDictionaryStringIReadOnlyListHmaMatch);
    }

    /// <summary>
    /// An uploaded photo or video, hashed as HMA's content type says and matched: a photo through the library's
    /// matcher as <c>/v1/match</c> does (the banks' query variants included), a video by the MD5 of its bytes. With
    /// <c>bypass_coinflip=true</c> (only that spelling, as HMA) disabled banks are searched too.
    /// </summary>
    private static async Task<Results<JsonHttpResult<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<HmaMatch>>>>, JsonHttpResult<HmaMessage>>> LookupUpload(
        HttpContext context, string? banks, [FromQuery(Name = "bypass_coinflip")] string? bypassCoinflip, ServerServices services, DecodeSlots slots, DecisionRecorder decisions, CancellationToken cancellationToken)
    {
        var (upload, problem) = await HmaMediaUpload.ReadAsync(context.Request, services.Options.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (services.Index.Current is null)
        {
            return HmaResults.IndexNotReady();
        }

        bool everyBank = bypassCoinflip == "true";
        MatchReport report;
        string signalType;
        IndexSnapshot snapshot;
        if (upload!.ContentType == HmaMediaUpload.Video)
        {
            snapshot = services.Index.Current!;
            signalType = HmaSignal.VideoMd5Type;
            var video = new HmaSignal(signalType, "", null, ExactHash.Compute(ExactHashAlgorithm.Md5, upload.Bytes.Span));
            report = HmaMatches.Look(everyBank ? HmaMatches.EveryBankMatcher(snapshot, services.Index.Hashing) : snapshot.Matcher, video);
        }
        else
        {
            var (slot, busy) = await slots.AcquireAsync(cancellationToken);
            if (busy is not null)
            {
                return HmaMediaHashing.Busy(context.Response, busy.RetryAfterSeconds);
            }

            using (slot)
            {
                // The snapshot is taken after the upload arrived, as /v1/match takes it.
                snapshot = services.Index.Current!;
                signalType = HmaSignal.PdqType;
                report = (everyBank ? HmaMatches.EveryBankMatcher(snapshot, services.Index.Hashing) : snapshot.Matcher).MatchEncoded(upload.Bytes, upload.FileName);
            }

            if (report.Error is { } error)
            {
                // Fail closed: PDQ was never compared, so an empty answer would claim a look that did not happen.
                return HmaMediaHashing.CannotHash(error);
            }
        }

        services.Metrics.Queries.WithLabels("match").Inc();
        services.Metrics.Count(report);
        await RecordAsync(report, upload.FileName, snapshot, context, services, decisions, cancellationToken);
        var answer = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<HmaMatch>>>(StringComparer.Ordinal)
        {
            [signalType] = HmaMatches.ByBank(report, signalType, services.Options.MaxCandidates, matchesOnly: true, HmaMatches.BankFilter(banks)),
        };
        return HmaResults.Json<IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<HmaMatch>>>>(answer,
            HmaJson.Default.IReadOnlyDictionaryStringIReadOnlyDictionaryStringIReadOnlyListHmaMatch);
    }

    /// <summary>
    /// Per signal type: whether an index is loaded, when its newest bank base was built (unix seconds; -1 before
    /// any) and how many entries it serves. HashMatch has one index per bank holding every kind of hash, so both
    /// types report the same figures: all entries served.
    /// </summary>
    private static Results<JsonHttpResult<IReadOnlyDictionary<string, HmaIndexStatus>>, JsonHttpResult<HmaMessage>> IndexStatus(
        [FromQuery(Name = "signal_type")] string? signalType, ServerServices services)
    {
        if (signalType is not null && !HmaSignal.IsType(signalType))
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, $"No such signal type '{signalType}'");
        }

        IndexSnapshot? snapshot = services.Index.Current;
        HmaIndexStatus status = snapshot is null
            ? new HmaIndexStatus(false, -1, 0)
            : new HmaIndexStatus(true, snapshot.Banks.Count == 0 ? -1 : snapshot.Banks.Max(b => b.BuiltAt.ToUnixTimeSeconds()), snapshot.Banks.Sum(b => (long)b.List.Count));
        var answer = new Dictionary<string, HmaIndexStatus>(StringComparer.Ordinal);
        foreach (string type in signalType is null ? HmaSignal.Types : [signalType])
        {
            answer[type] = status;
        }

        return HmaResults.Json<IReadOnlyDictionary<string, HmaIndexStatus>>(answer, HmaJson.Default.IReadOnlyDictionaryStringHmaIndexStatus);
    }

    /// <summary>
    /// Compares pairs of hashes: <c>{"pdq": [true, {"distance": 9}]}</c>, a match at the library's default PDQ
    /// threshold (31, as HMA's PDQ index); <c>video_md5</c> pairs match when equal, with an empty similarity object.
    /// </summary>
    private static async Task<Results<JsonHttpResult<JsonObject>, JsonHttpResult<HmaMessage>>> Compare(HttpRequest request, CancellationToken cancellationToken)
    {
        if (await HmaJsonBody.ReadObjectAsync(request, cancellationToken) is not { } body)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, "Request input was not a dict");
        }

        var answer = new JsonObject();
        foreach (JsonProperty pair in body.EnumerateObject())
        {
            string type = pair.Name;
            if (pair.Value.ValueKind != JsonValueKind.Array)
            {
                return HmaResults.Error(StatusCodes.Status400BadRequest, $"Comparison hashes for {type} was not a list");
            }

            if (pair.Value.GetArrayLength() != 2)
            {
                return HmaResults.Error(StatusCodes.Status400BadRequest, "Comparison hash list length must be exactly 2");
            }

            if (!HmaSignal.IsType(type))
            {
                return HmaResults.Error(StatusCodes.Status400BadRequest, $"No such SignalType '{type}'");
            }

            var signals = new HmaSignal[2];
            for (int i = 0; i < 2; i++)
            {
                JsonElement value = pair.Value[i];
                var (signal, problem) = value.ValueKind == JsonValueKind.String ? HmaSignal.Parse(type, value.GetString()!) : (null, "not a string");
                if (problem is not null)
                {
                    return HmaResults.Error(StatusCodes.Status400BadRequest, $"Invalid {type} hash: {problem}");
                }

                signals[i] = signal!.Value;
            }

            if (signals[0].Pdq is { } left && signals[1].Pdq is { } right)
            {
                int distance = left.DistanceTo(right);
                answer[type] = new JsonArray(distance <= HashMatchDefaults.PdqMatchThreshold, new JsonObject { ["distance"] = distance });
            }
            else
            {
                answer[type] = new JsonArray(signals[0].Md5 == signals[1].Md5, new JsonObject());
            }
        }

        return HmaResults.Json(answer, HmaJson.Default.JsonObject);
    }

    /// <summary>The signal, or HMA's 400 for an unknown type or an invalid value.</summary>
    private static (HmaSignal? Signal, JsonHttpResult<HmaMessage>? Problem) ParseSignal(string type, string value)
    {
        if (!HmaSignal.IsType(type))
        {
            return (null, HmaResults.Error(StatusCodes.Status400BadRequest, $"No such SignalType '{type}'"));
        }

        var (signal, problem) = HmaSignal.Parse(type, value);
        return problem is null ? (signal, null) : (null, HmaResults.Error(StatusCodes.Status400BadRequest, $"invalid signal: {problem}"));
    }

    /// <summary>Records the lookup as a decision when something matched (as <c>/v1</c> answers are) and names it in <see cref="DecisionHeader"/>.</summary>
    private static async Task RecordAsync(MatchReport report, string queryId, IndexSnapshot snapshot, HttpContext context, ServerServices services, DecisionRecorder decisions, CancellationToken cancellationToken)
    {
        if (!decisions.Enabled || MatchDecision.Of(report, "hma-lookup", queryId, snapshot, services.Options.MaxCandidates, context.User.Identity?.Name, decisions.Now) is not { } decision)
        {
            return;
        }

        if (await decisions.RecordAsync([decision], cancellationToken) is null)
        {
            context.Response.Headers[DecisionHeader] = decision.Id;
        }
    }
}
