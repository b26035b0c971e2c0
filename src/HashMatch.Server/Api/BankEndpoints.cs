using HashMatch.Matching;
using HashMatch.Pdq;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Indexing;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.Api;

/// <summary><c>GET|POST /v1/banks</c>, <c>GET|PATCH|DELETE /v1/banks/{name}</c>.</summary>
internal static class BankEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder banks = app.MapGroup("/v1/banks").WithTags("banks");
        banks.MapGet("", List).RequireReadKey()
            .WithSummary("Every bank with its settings and the entries this replica serves.");
        banks.MapGet("/{name}", Get).RequireReadKey()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One bank.");
        banks.MapPost("", Create).RequireWriteKey().ProducesStoreWriteProblems()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Creates a bank (only the name is required).");
        banks.MapMethods("/{name}", ["PATCH"], Update).RequireWriteKey().ProducesStoreWriteProblems()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Changes a bank's threshold, quality limits, query variants, role or enabled flag.");
        banks.MapDelete("/{name}", Delete).RequireWriteKey().ProducesStoreWriteProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Deletes a bank and its entries.");
    }

    private static async Task<Ok<BankListResponse>> List(ServerServices services, CancellationToken cancellationToken)
    {
        IReadOnlyList<BankRecord> records = await services.Store.BanksAsync(cancellationToken);
        IndexSnapshot? served = services.Index.Current;
        return TypedResults.Ok(new BankListResponse { Banks = [.. records.Select(r => ContractMapping.Bank(r, served?.Bank(r.Name)))] });
    }

    private static async Task<Results<Ok<BankResponse>, ProblemHttpResult>> Get(string name, ServerServices services, CancellationToken cancellationToken) =>
        await services.Store.BankAsync(name, cancellationToken) is { } record
            ? TypedResults.Ok(ContractMapping.Bank(record, services.Index.Current?.Bank(name)))
            : NotFound(name);

    private static async Task<Results<Created<BankResponse>, ProblemHttpResult>> Create(CreateBankRequest? request, ServerServices services, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.Result(400, "Invalid bank", "the body is a JSON object with at least a name");
        }

        if (BankSettings.NameProblem(request.Name) is { } nameProblem)
        {
            return Problems.Result(400, "Invalid bank name", nameProblem);
        }

        var (settings, problem) = Apply(new BankSettings { Name = request.Name! }, request.MaxDistance, request.MinQueryQuality, request.MinEntryQuality, request.Variants, request.Role, request.Enabled, request.VpdqMatchPercent, request.TmkMatchPercent, request.LocalMinInliers);
        if (problem is not null)
        {
            return Problems.Result(400, "Invalid bank settings", problem);
        }

        if (await services.Store.CreateBankAsync(settings!, cancellationToken) is not { } created)
        {
            return Problems.Result(409, "Bank exists", $"a bank named '{settings!.Name}' exists");
        }

        await services.Index.WaitForAsync(created.Sequence, null, services.ApplyWait, cancellationToken);
        // No Location header: the answer carries the bank, and clients address banks by name.
        return TypedResults.Created((string?)null, ContractMapping.Bank(created.Bank, services.Index.Current?.Bank(created.Bank.Name), created.Sequence));
    }

    private static async Task<Results<Ok<BankResponse>, ProblemHttpResult>> Update(string name, UpdateBankRequest? request, ServerServices services, CancellationToken cancellationToken)
    {
        if (await services.Store.BankAsync(name, cancellationToken) is not { } existing)
        {
            return NotFound(name);
        }

        request ??= new UpdateBankRequest();
        var (settings, problem) = Apply(existing.Settings, request.MaxDistance, request.MinQueryQuality, request.MinEntryQuality, request.Variants, request.Role, request.Enabled, request.VpdqMatchPercent, request.TmkMatchPercent, request.LocalMinInliers);
        if (problem is not null)
        {
            return Problems.Result(400, "Invalid bank settings", problem);
        }

        if (await services.Store.UpdateBankAsync(settings!, cancellationToken) is not { } updated)
        {
            return NotFound(name);
        }

        await services.Index.WaitForAsync(updated.Sequence, null, services.ApplyWait, cancellationToken);
        return TypedResults.Ok(ContractMapping.Bank(updated.Bank, services.Index.Current?.Bank(name), updated.Sequence));
    }

    private static async Task<Results<Ok<ChangeResponse>, ProblemHttpResult>> Delete(string name, ServerServices services, CancellationToken cancellationToken)
    {
        if (await services.Store.DeleteBankAsync(name, cancellationToken) is not { } sequence)
        {
            return NotFound(name);
        }

        bool applied = await services.Index.WaitForAsync(sequence, null, services.ApplyWait, cancellationToken);
        return TypedResults.Ok(new ChangeResponse { Bank = name, Sequence = sequence, Applied = applied });
    }

    /// <summary>The 404 problem for a bank that does not exist.</summary>
    public static ProblemHttpResult NotFound(string name) => Problems.Result(404, "No such bank", $"there is no bank named '{name}'");

    private static (BankSettings? Settings, string? Problem) Apply(BankSettings settings, int? maxDistance, int? minQueryQuality, int? minEntryQuality, string? variants, string? role, bool? enabled, int? vpdqMatchPercent, int? tmkMatchPercent, int? localMinInliers)
    {
        if (variants is not null && WireNames.ParseVariants(variants) is null)
        {
            return (null, $"variants: '{variants}' is not none, all or a comma-separated list of {string.Join(", ", QueryVariantNames.Single)}");
        }

        if (role is not null && WireNames.ParseRole(role) is null)
        {
            return (null, $"role: '{role}' is not known or exclusion");
        }

        KnownListOptions options = settings.Options;
        BankSettings changed = settings with
        {
            Options = options with
            {
                MaxDistance = maxDistance ?? options.MaxDistance,
                MinQueryQuality = minQueryQuality ?? options.MinQueryQuality,
                MinEntryQuality = minEntryQuality ?? options.MinEntryQuality,
                Variants = variants is null ? options.Variants : WireNames.ParseVariants(variants)!.Value,
                Role = role is null ? options.Role : WireNames.ParseRole(role)!.Value,
#pragma warning disable HASHMATCH0002 // the bank's threshold for the experimental local-feature signal
                LocalMinInliers = localMinInliers ?? options.LocalMinInliers,
#pragma warning restore HASHMATCH0002
            },
            Enabled = enabled ?? settings.Enabled,
            VpdqMatchPercent = vpdqMatchPercent ?? settings.VpdqMatchPercent,
            TmkMatchPercent = tmkMatchPercent ?? settings.TmkMatchPercent,
        };
        return changed.OptionsProblem() is { } problem ? (null, problem) : (changed, null);
    }
}
