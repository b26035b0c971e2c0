using System.Text;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Pdq;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.Api;

/// <summary>
/// A bank's entries: <c>POST|DELETE /v1/banks/{name}/entries</c> (JSON batches), <c>POST /v1/banks/{name}/import</c>
/// (a list file in any layout the library reads) and <c>GET /v1/banks/{name}/export</c> (streamed from the store).
/// </summary>
internal static class EntryEndpoints
{
    /// <summary>Most entries or ids one JSON batch may carry.</summary>
    public const int MaxBatch = 10_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder bank = app.MapGroup("/v1/banks/{name}").WithTags("entries").RequireWriteKey()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        bank.MapPost("/entries", Add).ProducesStoreWriteProblems()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Adds up to 10,000 entries (one change).");
        bank.MapDelete("/entries", Remove).ProducesStoreWriteProblems()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Removes every entry with one of up to 10,000 ids.");
        bank.MapGet("/entries", Search)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Finds entries: ?id= by id, ?pdq= by PDQ hash within ?max_distance= (default the bank's threshold; this replica's index, closest first), ?q= text in id, category, tags, source or note; else every entry. Paged by ?offset= and ?limit= (at most 500, default 50).");
        bank.MapPost("/import", Import).DisableRequestTimeout().ProducesStoreWriteProblems()
            .AcceptsHashList()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Adds the entries of a hash list in the body (any layout: the TSV 'hashmatch hash' writes, CSV, JSON lines, VICS, ...; ?format= names it, else the content type, else detected). All or nothing.");
        bank.MapGet("/export", Export)
            .Produces<string>(StatusCodes.Status200OK, ListMediaTypes.Export[0], [.. ListMediaTypes.Export.Skip(1)])
            .DisableRequestTimeout()
            .WithSummary("The bank's entries as a hash list (?format=tsv|csv|jsonl|... default tsv).");
    }

    private static async Task<Results<Ok<ChangeResponse>, ProblemHttpResult>> Add(string name, AddEntriesRequest? request, ServerServices services, CancellationToken cancellationToken)
    {
        if (request?.Entries is not { } items || items.Count == 0)
        {
            return Problems.Result(400, "No entries", "the body is {\"entries\":[{\"id\":...,\"pdq\":...},...]}");
        }

        if (items.Count > MaxBatch)
        {
            return Problems.Result(413, "Too many entries", $"{items.Count:N0} entries; at most {MaxBatch:N0} per request (use /import for lists)");
        }

        var entries = new List<ListEntry>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            var (entry, problem) = ContractMapping.Entry(items[i], $"entries[{i}]");
            if (problem is not null)
            {
                return Problems.Result(400, "Invalid entry", problem);
            }

            entries.Add(entry!);
        }

        if (await services.Store.BankAsync(name, cancellationToken) is not { } bank)
        {
            return BankEndpoints.NotFound(name);
        }

        return await Added(name, bank.Id, services, () => services.Store.AddEntries(bank.Id, add => entries.ForEach(add), cancellationToken), cancellationToken);
    }

    /// <summary>Most entries one search answers.</summary>
    public const int MaxFound = 500;

    private static async Task<Results<Ok<EntrySearchResponse>, ProblemHttpResult>> Search(
        string name, ServerServices services, string? id, string? q, string? pdq, [FromQuery(Name = "max_distance")] int? maxDistance, int? offset, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxFound || offset is < 0)
        {
            return Problems.Result(400, "Invalid page", $"limit: 1 to {MaxFound}; offset: at least 0");
        }

        if (await services.Store.BankAsync(name, cancellationToken) is not { } bank)
        {
            return BankEndpoints.NotFound(name);
        }

        int take = limit ?? 50, skip = offset ?? 0;
        if (pdq is null)
        {
            IReadOnlyList<ListEntry> page = id is not null
                ? [.. (await services.Store.EntriesAsync(bank.Id, id, cancellationToken)).Skip(skip).Take(take)]
                : await services.Store.SearchEntriesAsync(bank.Id, string.IsNullOrEmpty(q) ? null : q, skip, take, cancellationToken);
            return TypedResults.Ok(new EntrySearchResponse { Entries = [.. page.Select(e => new FoundEntryJson { Entry = ContractMapping.EntryJson(e) })] });
        }

        if (!PdqHash.TryParse(pdq, out PdqHash hash))
        {
            return Problems.Result(400, "Invalid hash", "pdq: not a PDQ hash (64 hex digits)");
        }

        if (maxDistance is < 0 or > BankSettings.MaxDistanceLimit)
        {
            return Problems.Result(400, "Invalid distance", $"max_distance: 0 to {BankSettings.MaxDistanceLimit}");
        }

        if (services.Index.Current?.Bank(name) is not { } served)
        {
            return MatchEndpointsNotServed(name);
        }

        // The bank's list as this replica serves it, asked with the chosen radius and no quality limits or variants:
        // a search shows what is near, whatever a match would decide about it.
        KnownList list = served.List.WithOptions(served.List.Options with
        {
            MaxDistance = maxDistance ?? served.List.Options.MaxDistance,
            MinQueryQuality = 0,
            MinEntryQuality = 0,
            Variants = QueryVariants.None,
            Role = ListRole.Known,
        });
        MatchReport report = new HashMatcher([list]).MatchHashes("search", null, new PdqHashResult(hash, 100));
        var found = new List<FoundEntryJson>();
        foreach (MatchCandidate candidate in report.Candidates.OrderBy(c => c.Distance).DistinctBy(c => c.EntryId).Skip(skip).Take(take))
        {
            foreach (ListEntry entry in await services.Store.EntriesAsync(bank.Id, candidate.EntryId, cancellationToken))
            {
                found.Add(new FoundEntryJson { Entry = ContractMapping.EntryJson(entry), Distance = entry.Pdq is { } p ? p.DistanceTo(hash) : null });
            }
        }

        return TypedResults.Ok(new EntrySearchResponse { Entries = found });
    }

    private static ProblemHttpResult MatchEndpointsNotServed(string name) =>
        Problems.Result(409, "Bank not served yet", $"this replica does not serve bank '{name}' yet; retry shortly");

    private static async Task<Results<Ok<ChangeResponse>, ProblemHttpResult>> Remove(string name, [FromBody] RemoveEntriesRequest? request, ServerServices services, CancellationToken cancellationToken)
    {
        if (request?.Ids is not { } ids || ids.Count == 0 || ids.Any(string.IsNullOrEmpty))
        {
            return Problems.Result(400, "No ids", "the body is {\"ids\":[\"...\",...]} with non-empty ids");
        }

        if (ids.Count > MaxBatch)
        {
            return Problems.Result(413, "Too many ids", $"{ids.Count:N0} ids; at most {MaxBatch:N0} per request");
        }

        if (await services.Store.BankAsync(name, cancellationToken) is not { } bank)
        {
            return BankEndpoints.NotFound(name);
        }

        try
        {
            var (sequence, removed) = await services.Store.RemoveEntriesAsync(bank.Id, ids, cancellationToken);
            bool applied = await services.Index.WaitForAsync(sequence, bank.Id, services.ApplyWait, cancellationToken);
            return TypedResults.Ok(new ChangeResponse { Bank = name, Removed = removed, Sequence = sequence, Applied = applied });
        }
        catch (KeyNotFoundException)
        {
            return BankEndpoints.NotFound(name);
        }
    }

    private static async Task<Results<Ok<ChangeResponse>, ProblemHttpResult>> Import(string name, HttpContext context, ServerServices services, [FromQuery] string? format, CancellationToken cancellationToken)
    {
        if (LayoutOf(format, context.Request.ContentType) is not { } layout)
        {
            return Problems.Result(400, "Unknown list format", $"format '{format}' is not one of: auto, {string.Join(", ", LayoutNames)}");
        }

        if (await services.Store.BankAsync(name, cancellationToken) is not { } bank)
        {
            return BankEndpoints.NotFound(name);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = services.Options.MaxImportBytes;
        }

        // The body is spooled to a file first: the list readers are synchronous, and the import is one transaction
        // that should not wait on a slow client.
        string spool = ImportSpool.NewFile(services.Options);
        try
        {
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await context.Request.Body.CopyToAsync(file, cancellationToken);
            }

            string inputName = $"import into bank '{name}'";
            ListFormat read = layout;
            var (sequence, count) = await Task.Run(() => services.Store.AddEntries(bank.Id, add =>
            {
                using var input = new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                // Every entry the reader gives has a hash: a record without one is malformed, and the first malformed record throws.
                read = ListReader.ReadEach(input, inputName, layout, (entry, _) => add(entry), null);
            }, cancellationToken), cancellationToken);
            bool applied = count == 0 || await services.Index.WaitForAsync(sequence, bank.Id, services.ApplyWait, cancellationToken);
            return TypedResults.Ok(new ChangeResponse { Bank = name, Added = count, Sequence = sequence, Applied = applied, Format = NameOf(read) });
        }
        catch (HashMatchException e)
        {
            return Problems.Result(400, "Invalid list", e.Message, new Dictionary<string, object?> { ["reason"] = e.Reason.ToString() });
        }
        catch (KeyNotFoundException)
        {
            return BankEndpoints.NotFound(name);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private static async Task Export(string name, HttpContext context, ServerServices services, [FromQuery] string? format, CancellationToken cancellationToken)
    {
        ListFormat layout = format is null ? ListFormat.Tsv : LayoutOf(format, null) ?? ListFormat.Auto;
        if (layout == ListFormat.Auto || !ListWriter.CanWrite(layout))
        {
            await Problems.Write(context, 400, "Unknown list format", $"format '{format}' is not a layout with a writer: {string.Join(", ", LayoutNames.Where(n => ListFormatNames.TryParse(n, out ListFormat f) && ListWriter.CanWrite(f)))}");
            return;
        }

        if (await services.Store.BankAsync(name, cancellationToken) is not { } bank)
        {
            await Problems.Write(context, 404, "No such bank", $"there is no bank named '{name}'");
            return;
        }

        string media = layout switch
        {
            ListFormat.Csv or ListFormat.Icse => ListMediaTypes.Csv,
            ListFormat.Tsv => ListMediaTypes.Tsv,
            ListFormat.JsonLines => ListMediaTypes.JsonLines,
            ListFormat.Vics or ListFormat.Vics1 or ListFormat.Caid => ListMediaTypes.Json,
            _ => ListMediaTypes.Text,
        };
        context.Response.ContentType = $"{media}; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.{NameOf(layout)}\"";

        // The library's writers are synchronous: let them write straight to the response from a worker thread.
        if (context.Features.Get<IHttpBodyControlFeature>() is { } body)
        {
            body.AllowSynchronousIO = true;
        }

        await Task.Run(() =>
        {
            using IBankStoreReader reader = services.Store.OpenReader();
            using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            ListWriter.Write(writer, reader.Entries(bank.Id, 0, reader.Head), layout);
        }, cancellationToken);
    }

    private static async Task<Results<Ok<ChangeResponse>, ProblemHttpResult>> Added(string name, long bankId, ServerServices services, Func<(long Sequence, long Count)> add, CancellationToken cancellationToken)
    {
        try
        {
            var (sequence, count) = await Task.Run(add, cancellationToken);
            bool applied = await services.Index.WaitForAsync(sequence, bankId, services.ApplyWait, cancellationToken);
            return TypedResults.Ok(new ChangeResponse { Bank = name, Added = count, Sequence = sequence, Applied = applied });
        }
        catch (KeyNotFoundException)
        {
            return BankEndpoints.NotFound(name);
        }
    }

    /// <summary>Layout names for <c>?format=</c>, as the CLI's <c>--list-format</c> spells them.</summary>
    /// <summary>The layouts by name, without <c>auto</c> (named separately where it is allowed).</summary>
    private static readonly string[] LayoutNames = [.. ListFormatNames.All.Where(n => n != "auto")];

    private static string NameOf(ListFormat layout) => ListFormatNames.Of(layout);

    /// <summary>The layout <c>?format=</c> names, else the one the content type implies, else detection; null for an unknown name.</summary>
    private static ListFormat? LayoutOf(string? format, string? contentType)
    {
        if (format is not null)
        {
            return ListFormatNames.TryParse(format, out ListFormat named) ? named : null;
        }

        string media = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return media switch
        {
            ListMediaTypes.Tsv => ListFormat.Tsv,
            ListMediaTypes.Csv => ListFormat.Csv,
            ListMediaTypes.JsonLines => ListFormat.JsonLines,
            _ when ListMediaTypes.JsonLinesAliases.Contains(media) => ListFormat.JsonLines,
            _ => ListFormat.Auto,
        };
    }
}
