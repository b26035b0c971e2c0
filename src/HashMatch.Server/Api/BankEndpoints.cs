using HashMatch.Pdq;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Indexing;
using HashMatch.Server.Security;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.Api;

/// <summary><c>GET|POST /v1/banks</c>, <c>GET|PATCH|DELETE /v1/banks/{name}</c>.</summary>
internal static class BankEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder banks = app.MapGroup("/v1/banks").WithTags("banks");
        banks.MapGet("", List).RequireAuthorization(ApiKeyAuthentication.ReadPolicy)
            .WithSummary("Every bank with its settings and the entries this replica serves.");
        banks.MapGet("/{name}", Get).RequireAuthorization(ApiKeyAuthentication.ReadPolicy)
            .WithSummary("One bank.");
        banks.MapPost("", Create).RequireAuthorization(ApiKeyAuthentication.WritePolicy)
            .WithSummary("Creates a bank (only the name is required).");
        banks.MapMethods("/{name}", ["PATCH"], Update).RequireAuthorization(ApiKeyAuthentication.WritePolicy)
            .WithSummary("Changes a bank's threshold, quality limits, query variants, role or enabled flag.");
        banks.MapDelete("/{name}", Delete).RequireAuthorization(ApiKeyAuthentication.WritePolicy)
            .WithSummary("Deletes a bank and its entries.");
    }

    private static async Task<IResult> List(ServerServices services, CancellationToken cancellationToken)
    {
        IReadOnlyList<BankRecord> records = await services.Store.BanksAsync(cancellationToken);
        IndexSnapshot? served = services.Index.Current;
        return Results.Json(new BankListResponse { Banks = [.. records.Select(r => ContractMapping.Bank(r, served?.Bank(r.Name)))] }, ServerJson.Default.BankListResponse);
    }

    private static async Task<IResult> Get(string name, ServerServices services, CancellationToken cancellationToken) =>
        await services.Store.BankAsync(name, cancellationToken) is { } record
            ? Results.Json(ContractMapping.Bank(record, services.Index.Current?.Bank(name)), ServerJson.Default.BankResponse)
            : NotFound(name);

    private static async Task<IResult> Create(CreateBankRequest? request, ServerServices services, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.Result(400, "Invalid bank", "the body is a JSON object with at least a name");
        }

        if (BankSettings.NameProblem(request.Name) is { } nameProblem)
        {
            return Problems.Result(400, "Invalid bank name", nameProblem);
        }

        var (settings, problem) = Apply(new BankSettings { Name = request.Name! }, request.MaxDistance, request.MinQueryQuality, request.MinEntryQuality, request.Variants, request.Role, request.Enabled);
        if (problem is not null)
        {
            return Problems.Result(400, "Invalid bank settings", problem);
        }

        if (await services.Store.CreateBankAsync(settings!, cancellationToken) is not { } created)
        {
            return Problems.Result(409, "Bank exists", $"a bank named '{settings!.Name}' exists");
        }

        await services.Index.WaitForAsync(created.Sequence, null, services.ApplyWait, cancellationToken);
        return Results.Json(ContractMapping.Bank(created.Bank, services.Index.Current?.Bank(created.Bank.Name), created.Sequence), ServerJson.Default.BankResponse,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Update(string name, UpdateBankRequest? request, ServerServices services, CancellationToken cancellationToken)
    {
        if (await services.Store.BankAsync(name, cancellationToken) is not { } existing)
        {
            return NotFound(name);
        }

        request ??= new UpdateBankRequest();
        var (settings, problem) = Apply(existing.Settings, request.MaxDistance, request.MinQueryQuality, request.MinEntryQuality, request.Variants, request.Role, request.Enabled);
        if (problem is not null)
        {
            return Problems.Result(400, "Invalid bank settings", problem);
        }

        if (await services.Store.UpdateBankAsync(settings!, cancellationToken) is not { } updated)
        {
            return NotFound(name);
        }

        await services.Index.WaitForAsync(updated.Sequence, null, services.ApplyWait, cancellationToken);
        return Results.Json(ContractMapping.Bank(updated.Bank, services.Index.Current?.Bank(name), updated.Sequence), ServerJson.Default.BankResponse);
    }

    private static async Task<IResult> Delete(string name, ServerServices services, CancellationToken cancellationToken)
    {
        if (await services.Store.DeleteBankAsync(name, cancellationToken) is not { } sequence)
        {
            return NotFound(name);
        }

        bool applied = await services.Index.WaitForAsync(sequence, null, services.ApplyWait, cancellationToken);
        return Results.Json(new ChangeResponse { Bank = name, Sequence = sequence, Applied = applied }, ServerJson.Default.ChangeResponse);
    }

    public static IResult NotFound(string name) => Problems.Result(404, "No such bank", $"there is no bank named '{name}'");

    private static (BankSettings? Settings, string? Problem) Apply(BankSettings settings, int? maxDistance, int? minQueryQuality, int? minEntryQuality, string? variants, string? role, bool? enabled)
    {
        if (variants is not null && WireNames.ParseVariants(variants) is null)
        {
            return (null, $"variants: '{variants}' is not none, all or a comma-separated list of {string.Join(", ", QueryVariantNames.Single)}");
        }

        if (role is not null && WireNames.ParseRole(role) is null)
        {
            return (null, $"role: '{role}' is not known or exclusion");
        }

        BankSettings changed = settings with
        {
            MaxDistance = maxDistance ?? settings.MaxDistance,
            MinQueryQuality = minQueryQuality ?? settings.MinQueryQuality,
            MinEntryQuality = minEntryQuality ?? settings.MinEntryQuality,
            Variants = variants is null ? settings.Variants : WireNames.ParseVariants(variants)!.Value,
            Role = role is null ? settings.Role : WireNames.ParseRole(role)!.Value,
            Enabled = enabled ?? settings.Enabled,
        };
        return changed.OptionsProblem() is { } problem ? (null, problem) : (changed, null);
    }
}
