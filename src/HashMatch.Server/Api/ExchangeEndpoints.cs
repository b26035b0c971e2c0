using System.Text.Json;
using HashMatch.Exchanges;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Exchanges;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.Api;

/// <summary>
/// <c>/v1/exchanges</c>: attach an exchange to a bank, list them with where their fetching stands, change their
/// schedule, detach them, and fetch one now. Admin scope only: an exchange's settings make the service read a
/// credential from its environment or files and send it to the address the settings give.
/// </summary>
internal static class ExchangeEndpoints
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1), MaxInterval = TimeSpan.FromDays(7), DefaultInterval = TimeSpan.FromMinutes(5);

    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder exchanges = app.MapGroup("/v1/exchanges").WithTags("exchanges").RequireAdminKey();
        exchanges.MapGet("", List).WithSummary("Every exchange with its bank, settings, schedule, checkpoint, counts and last error.");
        exchanges.MapPost("", Create)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Attaches an exchange to a bank; its first fetch follows within the exchange check interval.");
        exchanges.MapGet("/{name}", Get).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One exchange and where its fetching stands.");
        exchanges.MapPatch("/{name}", Update)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Enables or disables an exchange, or changes its interval.");
        exchanges.MapDelete("/{name}", Delete).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Detaches an exchange; its bank and the entries fetched so far stay.");
        exchanges.MapPost("/{name}/fetch", Fetch)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Fetches the exchange now, until caught up (or the request's time runs out: every page applied stays applied).");
    }

    private static async Task<Ok<ExchangeListResponse>> List(IExchangeStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ExchangeListResponse { Exchanges = [.. (await store.ExchangesAsync(cancellationToken)).Select(e => Json(e, clock))] });

    private static async Task<Results<Ok<ExchangeResponse>, ProblemHttpResult>> Get(string name, IExchangeStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        await store.ExchangeAsync(name, cancellationToken) is { } record ? TypedResults.Ok(Json(record, clock)) : Missing(name);

    private static async Task<Results<Created<ExchangeResponse>, ProblemHttpResult>> Create(
        CreateExchangeRequest? request, IBankStore banks, IExchangeStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request?.Name is not { } name || BankSettings.NameProblem(name, "exchange") is not null)
        {
            return Problems.Result(400, "Invalid exchange name", request?.Name is null ? "name: required" : BankSettings.NameProblem(request.Name, "exchange"));
        }

        if (request.Settings is not { ValueKind: JsonValueKind.Object } json)
        {
            return Problems.Result(400, "Invalid exchange settings", "settings: a JSON object with at least \"type\" (docs/exchanges.md)");
        }

        ExchangeSettings settings;
        try
        {
            settings = ExchangeSettings.Parse(json.GetRawText(), "settings");
        }
        catch (HashMatchException e)
        {
            return Problems.Result(400, "Invalid exchange settings", e.Message);
        }

        if (IntervalProblem(request.IntervalSeconds) is { } intervalProblem)
        {
            return Problems.Result(400, "Invalid interval", intervalProblem);
        }

        if (request.Bank is not { } bankName || await banks.BankAsync(bankName, cancellationToken) is not { } bank)
        {
            return Problems.Result(404, "No such bank", $"bank: there is no bank '{request.Bank}' (create it first)");
        }

        TimeSpan interval = request.IntervalSeconds is { } s ? TimeSpan.FromSeconds(s) : DefaultInterval;
        return await store.CreateExchangeAsync(name, bank.Id, settings.ToJson(), request.Enabled ?? true, settings.Feedback, interval, cancellationToken) is { } created
            ? TypedResults.Created($"/v1/exchanges/{name}", Json(created, clock))
            : Problems.Result(409, "Exchange exists", $"an exchange named '{name}' exists, or bank '{bank.Name}' already has one");
    }

    private static async Task<Results<Ok<ExchangeResponse>, ProblemHttpResult>> Update(string name, UpdateExchangeRequest? request, IExchangeStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IntervalProblem(request?.IntervalSeconds) is { } problem)
        {
            return Problems.Result(400, "Invalid interval", problem);
        }

        TimeSpan? interval = request?.IntervalSeconds is { } s ? TimeSpan.FromSeconds(s) : null;
        return await store.UpdateExchangeAsync(name, request?.Enabled, interval, cancellationToken) is { } record ? TypedResults.Ok(Json(record, clock)) : Missing(name);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string name, IExchangeStore store, CancellationToken cancellationToken) =>
        await store.DeleteExchangeAsync(name, cancellationToken) ? TypedResults.NoContent() : Missing(name);

    private static async Task<Results<Ok<ExchangeResponse>, ProblemHttpResult>> Fetch(string name, IExchangeStore store, ExchangeScheduler scheduler, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await store.ExchangeAsync(name, cancellationToken) is not { } record)
        {
            return Missing(name);
        }

        if (await scheduler.FetchAsync(record, cancellationToken) is { } refused)
        {
            return Problems.Result(409, "Exchange busy", refused);
        }

        return TypedResults.Ok(Json((await store.ExchangeAsync(name, cancellationToken))!, clock));
    }

    private static string? IntervalProblem(long? seconds) =>
        seconds is { } s && (s < MinInterval.TotalSeconds || s > MaxInterval.TotalSeconds)
            ? $"interval_seconds: {MinInterval.TotalSeconds:0} to {MaxInterval.TotalSeconds:0}" : null;

    private static ProblemHttpResult Missing(string name) => Problems.Result(404, "No such exchange", $"there is no exchange '{name}'");

    private static ExchangeResponse Json(ExchangeRecord record, TimeProvider clock)
    {
        using var settings = JsonDocument.Parse(record.Settings);
        return new ExchangeResponse
        {
            Name = record.Name,
            Bank = record.Bank,
            Settings = settings.RootElement.Clone(),
            Enabled = record.Enabled,
            IntervalSeconds = (long)record.Interval.TotalSeconds,
            Checkpoint = record.Checkpoint,
            LastFetchAt = record.LastFetch,
            LastSuccessAt = record.LastSuccess,
            LastError = record.LastError,
            Pages = record.Pages,
            Added = record.Added,
            Removed = record.Removed,
            FeedbackPending = record.FeedbackPending,
            FeedbackSent = record.FeedbackSent,
            FeedbackFailed = record.FeedbackFailed,
            Fetching = record.LeaseOwner is not null && record.LeaseUntil > clock.GetUtcNow(),
            CreatedAt = record.CreatedAt,
        };
    }
}
