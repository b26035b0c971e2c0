using System.Text.Json;
using HashMatch.Server.Api;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using BankAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<HashMatch.Server.HmaCompat.HmaBank>,
    Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<HashMatch.Server.HmaCompat.HmaMessage>>;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA's banks, <c>GET|POST /c/banks</c> and <c>GET|PUT|DELETE /c/bank/{name}</c>, on HashMatch's banks (the same
/// store and index as <c>/v1/banks</c>): reads need the read key, changes the write key. HMA's
/// <c>matching_enabled_ratio</c> is HashMatch's enabled flag: 1 is enabled and 0 disabled; any ratio between, HMA's
/// coin flip per lookup, answers 501, and so does a rename (HashMatch names a bank for life: decisions, index files
/// and metrics carry it). Banks made here get HashMatch's defaults (PDQ threshold 31, quality limits 50).
/// </summary>
internal static class HmaBankEndpoints
{
    public const string RatioNotMapped = "matching_enabled_ratio other than 0 or 1 is not supported: a HashMatch bank is enabled (1) or disabled (0), and every lookup searches every enabled bank";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/c/banks", List).RequireReadKey();
        app.MapPost("/c/banks", Create).RequireWriteKey();
        app.MapGet("/c/bank/{name}", Get).RequireReadKey();
        app.MapPut("/c/bank/{name}", Update).RequireWriteKey();
        app.MapDelete("/c/bank/{name}", Delete).RequireWriteKey();
    }

    /// <summary>The HMA form of a bank.</summary>
    public static HmaBank Bank(BankRecord record) => new(record.Settings.Enabled ? 1.0m : 0.0m, record.Name);

    private static async Task<JsonHttpResult<IReadOnlyList<HmaBank>>> List(ServerServices services, CancellationToken cancellationToken)
    {
        IReadOnlyList<BankRecord> banks = await services.Store.BanksAsync(cancellationToken);
        return HmaResults.Json<IReadOnlyList<HmaBank>>([.. banks.Select(Bank)], HmaJson.Default.IReadOnlyListHmaBank);
    }

    private static async Task<BankAnswer> Get(string name, ServerServices services, CancellationToken cancellationToken) =>
        await services.Store.BankAsync(name, cancellationToken) is { } bank
            ? HmaResults.Json(Bank(bank), HmaJson.Default.HmaBank)
            : HmaResults.BankNotFound(name);

    /// <summary>
    /// Creates a bank: <c>{"name": ..., "enabled_ratio": 1.0}</c> or <c>{"name": ..., "enabled": true}</c>; 201 with
    /// the bank. As HMA 1.0 reads the body: a ratio given wins over <c>enabled</c>; neither means enabled.
    /// </summary>
    private static async Task<BankAnswer> Create(HttpRequest request, ServerServices services, CancellationToken cancellationToken)
    {
        if (await HmaJsonBody.ReadObjectAsync(request, cancellationToken) is not { } body)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, "the body is a JSON object with a name");
        }

        if (!body.TryGetProperty("name", out JsonElement nameValue) || nameValue.ValueKind != JsonValueKind.String)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, "name is required");
        }

        string name = nameValue.GetString()!;
        if (HmaBankName.Problem(name) is { } nameProblem)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, nameProblem);
        }

        var (enabled, problem) = Enabled(body, true);
        if (problem is not null)
        {
            return problem;
        }

        if (await services.Store.CreateBankAsync(new BankSettings { Name = name, Enabled = enabled }, cancellationToken) is not { } created)
        {
            return HmaResults.Error(StatusCodes.Status403Forbidden, "Bank already exists");
        }

        await services.Index.WaitForAsync(created.Sequence, null, services.ApplyWait, cancellationToken);
        return HmaResults.Json(Bank(created.Bank), HmaJson.Default.HmaBank, StatusCodes.Status201Created);
    }

    /// <summary>
    /// Changes a bank: <c>enabled</c> and then <c>enabled_ratio</c> (which wins, as in HMA) set its enabled flag. A
    /// <c>name</c> other than the bank's is checked as HMA checks it (400 for a bad name, 403 for a taken one) and
    /// then answers 501.
    /// </summary>
    private static async Task<BankAnswer> Update(string name, HttpRequest request, ServerServices services, CancellationToken cancellationToken)
    {
        if (await HmaJsonBody.ReadObjectAsync(request, cancellationToken) is not { } body)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, "the body is a JSON object");
        }

        if (await services.Store.BankAsync(name, cancellationToken) is not { } bank)
        {
            return HmaResults.Error(StatusCodes.Status404NotFound, "Bank not found");
        }

        if (body.TryGetProperty("name", out JsonElement rename) && rename.ValueKind == JsonValueKind.String && rename.GetString() != name)
        {
            string newName = rename.GetString()!;
            return HmaBankName.Problem(newName) is { } nameProblem ? HmaResults.Error(StatusCodes.Status400BadRequest, nameProblem)
                : await services.Store.BankAsync(newName, cancellationToken) is not null ? HmaResults.Error(StatusCodes.Status403Forbidden, "Bank name already exists")
                : HmaResults.NotImplemented("renaming a bank is not supported: HashMatch names a bank for life (its decisions, index files and metrics carry the name); create a bank with the new name and import the old one's export into it");
        }

        var (enabled, problem) = Enabled(body, bank.Settings.Enabled);
        if (problem is not null)
        {
            return problem;
        }

        if (enabled != bank.Settings.Enabled)
        {
            if (await services.Store.UpdateBankAsync(bank.Settings with { Enabled = enabled }, cancellationToken) is not { } updated)
            {
                return HmaResults.Error(StatusCodes.Status404NotFound, "Bank not found");
            }

            await services.Index.WaitForAsync(updated.Sequence, null, services.ApplyWait, cancellationToken);
            bank = updated.Bank;
        }

        return HmaResults.Json(Bank(bank), HmaJson.Default.HmaBank);
    }

    /// <summary>Deletes a bank and its entries; HMA answers <c>{"message": "Done"}</c> whether or not the bank existed, and so does this.</summary>
    private static async Task<JsonHttpResult<HmaMessage>> Delete(string name, ServerServices services, CancellationToken cancellationToken)
    {
        if (await services.Store.DeleteBankAsync(name, cancellationToken) is { } sequence)
        {
            await services.Index.WaitForAsync(sequence, null, services.ApplyWait, cancellationToken);
        }

        return HmaResults.Json(new HmaMessage("Done"), HmaJson.Default.HmaMessage);
    }

    /// <summary>The enabled flag <paramref name="body"/> sets (<c>enabled</c>, then <c>enabled_ratio</c>), <paramref name="current"/> when it sets none, or HMA's error.</summary>
    private static (bool Enabled, JsonHttpResult<HmaMessage>? Problem) Enabled(JsonElement body, bool current)
    {
        bool enabled = current;
        if (body.TryGetProperty("enabled", out JsonElement flag) && flag.ValueKind != JsonValueKind.Null)
        {
            if (flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (current, HmaResults.Error(StatusCodes.Status400BadRequest, "enabled should be a boolean"));
            }

            enabled = flag.GetBoolean();
        }

        if (body.TryGetProperty("enabled_ratio", out JsonElement ratio) && ratio.ValueKind != JsonValueKind.Null)
        {
            if (ratio.ValueKind != JsonValueKind.Number || !ratio.TryGetDouble(out double value) || value is < 0 or > 1)
            {
                return (current, HmaResults.Error(StatusCodes.Status400BadRequest, $"Invalid float: '{ratio.GetRawText()}' (enabled_ratio is 0 to 1)"));
            }

            if (value is not (0 or 1))
            {
                return (current, HmaResults.NotImplemented(RatioNotMapped));
            }

            enabled = value == 1;
        }

        return (enabled, null);
    }
}
