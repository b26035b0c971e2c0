using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Indexing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.Api;

/// <summary><c>GET /v1/index</c> (what this replica serves), <c>POST /v1/index/rebuild</c>, and the health probes.</summary>
internal static class IndexEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/index", Describe).WithTags("index").RequireReadKey()
            .WithSummary("This replica's index: change sequence, staleness, and per bank the base and delta sizes, tombstones, memory and build time.");
        app.MapPost("/v1/index/rebuild", Rebuild).WithTags("index").RequireWriteKey()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Starts a full rebuild of every bank (or ?bank=NAME) beside the live index, which keeps serving; 202.");

        // Probes carry no secrets and need no key: load balancers and orchestrators call them.
        app.MapGet("/health/live", () => TypedResults.Ok(new HealthResponse { Status = "live" })).WithTags("health")
            .WithSummary("200 while the process serves HTTP.");
        app.MapGet("/health/ready", Ready).WithTags("health")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("200 when the index is loaded and not stale (a poll of the bank store succeeded recently); 503 otherwise.");
    }

    private static Results<Ok<IndexResponse>, RetryAfterResult> Describe(ServerServices services)
    {
        IndexFollower index = services.Index;
        if (index.Current is not { } snapshot)
        {
            return MatchEndpoints.NotReady();
        }

        return TypedResults.Ok(new IndexResponse
        {
            Sequence = snapshot.Sequence,
            StalenessSeconds = Math.Round(index.Staleness.TotalSeconds, 3),
            Rebuilding = index.IsRebuilding,
            LastRebuildSeconds = index.LastRebuild is { } last ? Math.Round(last.TotalSeconds, 3) : null,
            Store = services.Store.Description,
            Banks = [.. snapshot.Banks.Select(b => new IndexBankJson
            {
                Name = b.Name,
                Enabled = b.Record.Settings.Enabled,
                BaseEntries = b.List.BaseCount,
                DeltaEntries = b.List.AddedCount,
                Videos = b.Videos.Count,
                Tombstones = b.List.RemovedIdCount,
                MemoryBytes = b.MemoryBytes,
                BaseSequence = b.BaseSequence,
                BuiltAt = b.BuiltAt,
                BuildSeconds = Math.Round(b.BuildTime.TotalSeconds, 3),
                PendingRebuild = b.Incomplete,
            })],
        });
    }

    private static Results<Accepted<HealthResponse>, ProblemHttpResult, RetryAfterResult> Rebuild(ServerServices services, string? bank)
    {
        if (services.Index.Current is not { } snapshot)
        {
            return MatchEndpoints.NotReady();
        }

        if (bank is null)
        {
            services.Index.RequestRebuild(null);
        }
        else if (snapshot.Bank(bank) is { } found)
        {
            services.Index.RequestRebuild(found.Record.Id);
        }
        else
        {
            return BankEndpoints.NotFound(bank);
        }

        return TypedResults.Accepted((string?)null, new HealthResponse { Status = "rebuilding", Sequence = snapshot.Sequence });
    }

    private static Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>> Ready(ServerServices services)
    {
        IndexFollower index = services.Index;
        double staleness = Math.Round(index.Staleness.TotalSeconds, 3);
        if (index.Current is not { } snapshot)
        {
            return TypedResults.Json(new HealthResponse { Status = "loading" }, ServerJson.Default.HealthResponse, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return index.IsReady
            ? TypedResults.Ok(new HealthResponse { Status = "ready", Sequence = snapshot.Sequence, StalenessSeconds = staleness })
            : TypedResults.Json(new HealthResponse { Status = "stale", Sequence = snapshot.Sequence, StalenessSeconds = staleness }, ServerJson.Default.HealthResponse, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
