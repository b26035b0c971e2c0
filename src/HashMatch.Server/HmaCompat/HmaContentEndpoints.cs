using System.Globalization;
using System.Text.Json;
using HashMatch.Lists;
using HashMatch.Server.Api;
using HashMatch.Server.Limits;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA's bank content on HashMatch's entries (write key for all, as <c>/v1</c>'s entry routes: content shows the
/// entry's source, where HMA's metadata is kept). <c>POST /c/bank/{name}/signal</c> and <c>/content</c> add one
/// entry through the store's <see cref="IBankStore.AddNumberedEntry"/>, which gives it a new integer id (HMA's
/// <c>bank_content_id</c>), and wait until this replica serves it, as <c>/v1</c>'s adds do. <c>GET|PUT|DELETE
/// /c/bank/{name}/content/{id}</c> act on the entries of that bank with that id (HMA does not check the bank;
/// here ids belong to their bank). A HashMatch entry is never switched off or edited in place, so a PUT that would
/// disable the content or change its note answers 501.
/// </summary>
internal static class HmaContentEndpoints
{
    /// <summary>HMA's longest note.</summary>
    public const int MaxNoteLength = 255;

    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder bank = app.MapGroup("/c/bank/{name}").RequireWriteKey();
        bank.MapPost("/signal", AddSignal);
        bank.MapPost("/content", AddContent).DisableAntiforgery();
        bank.MapGet("/content/{id}", Get);
        bank.MapPut("/content/{id}", Update);
        bank.MapDelete("/content/{id}", Delete);
    }

    /// <summary>Adds hashes as one content: <c>{"pdq": "...", "video_md5": "...", "note": "..."}</c>.</summary>
    private static async Task<Results<JsonHttpResult<HmaContentAdded>, JsonHttpResult<HmaMessage>>> AddSignal(string name, HttpRequest request, ServerServices services, CancellationToken cancellationToken)
    {
        if (await HmaJsonBody.ReadObjectAsync(request, cancellationToken) is not { } body)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, "the body is a JSON object of signal type to signal");
        }

        if (await services.Store.BankAsync(name, cancellationToken) is not { } bank)
        {
            return HmaResults.BankNotFound(name);
        }

        var entry = new ListEntry { Id = "" };
        foreach (JsonProperty member in body.EnumerateObject().Where(m => m.Name != "note"))
        {
            if (!HmaSignal.IsType(member.Name))
            {
                return HmaResults.Error(StatusCodes.Status400BadRequest, $"No such signal type {member.Name}");
            }

            var (signal, problem) = member.Value.ValueKind == JsonValueKind.String ? HmaSignal.Parse(member.Name, member.Value.GetString()!) : (null, "not a string");
            if (problem is not null)
            {
                return HmaResults.Error(StatusCodes.Status400BadRequest, $"Invalid {member.Name} signal: {problem}");
            }

            entry = entry with { Pdq = signal!.Value.Pdq ?? entry.Pdq, Md5 = signal.Value.Md5 ?? entry.Md5 };
        }

        if (!entry.HasHash)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, "No signals given");
        }

        var (note, noteProblem) = Note(body.TryGetProperty("note", out JsonElement n) ? n : null);
        if (noteProblem is not null)
        {
            return noteProblem;
        }

        return await AddAsync(bank, WithMetadata(entry, note, null), services, cancellationToken);
    }

    /// <summary>
    /// Adds an uploaded photo (its PDQ and quality) or video (its MD5) as one content, with the form's optional
    /// <c>metadata</c> (a JSON object) and <c>note</c>. <c>?url=</c> answers 501: HashMatch fetches nothing.
    /// </summary>
    private static async Task<Results<JsonHttpResult<HmaContentAdded>, JsonHttpResult<HmaMessage>>> AddContent(
        string name, string? url, HttpRequest request, ServerServices services, DecodeSlots slots, CancellationToken cancellationToken)
    {
        if (await services.Store.BankAsync(name, cancellationToken) is not { } bank)
        {
            return HmaResults.BankNotFound(name);
        }

        if (url is not null)
        {
            return HmaResults.NotImplemented(HmaUnmappedEndpoints.UrlFetching);
        }

        if (!request.HasFormContentType)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, "Neither `url` nor multipart file upload was received");
        }

        var (upload, problem) = await HmaMediaUpload.ReadAsync(request, services.Options.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        HmaContentMetadata? metadata = null;
        if (upload!.Form["metadata"] is { Count: > 0 } metadataField && !string.IsNullOrEmpty(metadataField[0]))
        {
            JsonElement parsed;
            try
            {
                using JsonDocument document = JsonDocument.Parse(metadataField[0]!);
                parsed = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return HmaResults.Error(StatusCodes.Status400BadRequest, "metadata form field must be valid JSON");
            }

            (metadata, string? metadataProblem) = HmaContentMetadataText.Parse(parsed);
            if (metadataProblem is not null)
            {
                return HmaResults.Error(StatusCodes.Status400BadRequest, metadataProblem);
            }
        }

        string? noteField = upload.Form["note"] is { Count: > 0 } noteValues ? noteValues[0] : null;
        if (noteField is { Length: > MaxNoteLength })
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, $"note must be at most {MaxNoteLength} characters");
        }

        var (hashed, hashProblem) = await HmaMediaHashing.HashAsync(upload, services.Index.Hashing, slots, request.HttpContext.Response, cancellationToken);
        if (hashProblem is not null)
        {
            return hashProblem;
        }

        var entry = new ListEntry { Id = "", Pdq = hashed!.Pdq?.Hash, Quality = hashed.Pdq?.Quality, Md5 = hashed.Md5 };
        return await AddAsync(bank, WithMetadata(entry, string.IsNullOrEmpty(noteField) ? null : noteField, metadata), services, cancellationToken);
    }

    /// <summary>
    /// One content: HMA 1.1's shape. <c>include_signals</c> is on only for <c>true</c> (any case), as in HMA;
    /// <c>include_metadata</c> defaults to on. Always enabled (<c>disable_until_ts</c> 1): a HashMatch entry
    /// matches while it is in its bank.
    /// </summary>
    private static async Task<Results<JsonHttpResult<HmaContent>, JsonHttpResult<HmaMessage>>> Get(
        string name, string id, [FromQuery(Name = "include_signals")] string? includeSignals, [FromQuery(Name = "include_metadata")] string? includeMetadata,
        ServerServices services, CancellationToken cancellationToken)
    {
        if (HmaQueryFlag.Parse(includeMetadata, true) is not { } withMetadata)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, HmaQueryFlag.Invalid);
        }

        var (bank, entry, problem) = await FindAsync(name, id, services, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        IReadOnlyDictionary<string, string> signals = HmaSignal.Of(entry!);
        return HmaResults.Json(new HmaContent
        {
            Id = new HmaContentId(entry!.Id),
            DisableUntilTs = Enabled,
            Bank = HmaBankEndpoints.Bank(bank!),
            Signals = string.Equals(includeSignals, "true", StringComparison.OrdinalIgnoreCase) && signals.Count > 0 ? signals : null,
            Metadata = withMetadata ? HmaContentMetadataText.Read(entry) : null,
            Note = entry.Metadata.Note,
        }, HmaJson.Default.HmaContent);
    }

    /// <summary>
    /// HMA's content change, <c>{"disable_until_ts": ..., "note": ...}</c>, checked as HMA checks it. What leaves
    /// the content as it is (enabled, the same note) answers HMA's full record; disabling it or changing its note
    /// answers 501 with what to do instead.
    /// </summary>
    private static async Task<Results<JsonHttpResult<HmaContentRecord>, JsonHttpResult<HmaMessage>>> Update(
        string name, string id, HttpRequest request, ServerServices services, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await HmaJsonBody.ReadObjectAsync(request, cancellationToken) is not { } body)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, "the body is a JSON object");
        }

        var (bank, entry, problem) = await FindAsync(name, id, services, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body.TryGetProperty("disable_until_ts", out JsonElement until) && until.ValueKind != JsonValueKind.Null)
        {
            string text = until.ValueKind == JsonValueKind.String ? until.GetString()! : until.GetRawText();
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long ts))
            {
                return HmaResults.Error(StatusCodes.Status400BadRequest, $"Invalid int: '{text}'");
            }

            if (ts < 0)
            {
                return HmaResults.Error(StatusCodes.Status400BadRequest, "disable_until_ts must be a non-negative integer");
            }

            if (ts > clock.GetUtcNow().AddYears(5).ToUnixTimeSeconds())
            {
                return HmaResults.Error(StatusCodes.Status400BadRequest, "disable_until_ts must be less than 5 years in the future");
            }

            if (ts != Enabled)
            {
                return HmaResults.NotImplemented("disabling content is not supported: a HashMatch entry matches while it is in an enabled bank; delete the content (DELETE), or quarantine the entry with POST /v1/quarantine (a reviewer releases it)");
            }
        }

        if (body.TryGetProperty("note", out JsonElement noteValue) && noteValue.ValueKind != JsonValueKind.Null)
        {
            var (note, noteProblem) = Note(noteValue);
            if (noteProblem is not null)
            {
                return noteProblem;
            }

            if (note != entry!.Metadata.Note)
            {
                return HmaResults.NotImplemented("changing a note is not supported: HashMatch entries are not edited in place; delete the content and add it again with the note");
            }
        }

        return HmaResults.Json(new HmaContentRecord
        {
            Id = new HmaContentId(entry!.Id),
            DisableUntilTs = Enabled,
            CollabMetadata = new Dictionary<string, string>(),
            Bank = HmaBankEndpoints.Bank(bank!),
            UserMetadata = HmaContentMetadataText.Read(entry),
            Note = entry.Metadata.Note,
        }, HmaJson.Default.HmaContentRecord);
    }

    /// <summary>Removes the bank's entries with the id (as <c>DELETE /v1/banks/{name}/entries</c> does): <c>{"deleted": 1}</c>, or 0 when there were none.</summary>
    private static async Task<Results<JsonHttpResult<HmaDeleted>, JsonHttpResult<HmaMessage>>> Delete(string name, string id, ServerServices services, CancellationToken cancellationToken)
    {
        if (await services.Store.BankAsync(name, cancellationToken) is not { } bank)
        {
            return HmaResults.BankNotFound(name);
        }

        try
        {
            var (sequence, removed) = await services.Store.RemoveEntriesAsync(bank.Id, [id], cancellationToken);
            if (removed > 0)
            {
                await services.Index.WaitForAsync(sequence, bank.Id, services.ApplyWait, cancellationToken);
            }

            return HmaResults.Json(new HmaDeleted(removed > 0 ? 1 : 0), HmaJson.Default.HmaDeleted);
        }
        catch (KeyNotFoundException)
        {
            return HmaResults.BankNotFound(name);
        }
    }

    /// <summary>HMA's <c>disable_until_ts</c> of enabled content.</summary>
    private const long Enabled = 1;

    /// <summary>Stores the entry under a new integer id and waits until this replica serves it.</summary>
    private static async Task<Results<JsonHttpResult<HmaContentAdded>, JsonHttpResult<HmaMessage>>> AddAsync(BankRecord bank, ListEntry entry, ServerServices services, CancellationToken cancellationToken)
    {
        if (ListEntryLimits.Problem(entry with { Id = "0" }) is { } tooLong)
        {
            return HmaResults.Error(StatusCodes.Status400BadRequest, $"Invalid metadata: {tooLong}");
        }

        try
        {
            var (sequence, number) = await Task.Run(() => services.Store.AddNumberedEntry(bank.Id, id => entry with { Id = id }, cancellationToken), cancellationToken);
            await services.Index.WaitForAsync(sequence, bank.Id, services.ApplyWait, cancellationToken);
            return HmaResults.Json(new HmaContentAdded(new HmaContentId(number.ToString(CultureInfo.InvariantCulture)), HmaSignal.Of(entry)), HmaJson.Default.HmaContentAdded);
        }
        catch (KeyNotFoundException)
        {
            return HmaResults.BankNotFound(bank.Name);
        }
    }

    /// <summary>The bank and its first entry with the id (an original before its crops), or HMA's 404.</summary>
    private static async Task<(BankRecord? Bank, ListEntry? Entry, JsonHttpResult<HmaMessage>? Problem)> FindAsync(string name, string id, ServerServices services, CancellationToken cancellationToken)
    {
        if (await services.Store.BankAsync(name, cancellationToken) is not { } bank)
        {
            return (null, null, HmaResults.BankNotFound(name));
        }

        IReadOnlyList<ListEntry> entries = await services.Store.EntriesAsync(bank.Id, id, cancellationToken);
        return entries.Count == 0
            ? (bank, null, HmaResults.Error(StatusCodes.Status404NotFound, $"content '{id}' not found"))
            : (bank, entries.FirstOrDefault(e => !e.Augmented) ?? entries[0], null);
    }

    /// <summary>A note as HMA takes it: a string of at most 255 characters; empty means none.</summary>
    private static (string? Note, JsonHttpResult<HmaMessage>? Problem) Note(JsonElement? value) =>
        value is not { } note || note.ValueKind == JsonValueKind.Null ? (null, null)
        : note.ValueKind != JsonValueKind.String ? (null, HmaResults.Error(StatusCodes.Status400BadRequest, "note should be a string"))
        : note.GetString()!.Length > MaxNoteLength ? (null, HmaResults.Error(StatusCodes.Status400BadRequest, $"note must be at most {MaxNoteLength} characters"))
        : (string.IsNullOrEmpty(note.GetString()) ? null : note.GetString(), null);

    /// <summary>The entry with HMA's note and metadata (kept as its source: <see cref="HmaContentMetadataText"/>).</summary>
    private static ListEntry WithMetadata(ListEntry entry, string? note, HmaContentMetadata? metadata) =>
        note is null && metadata is null ? entry : entry with
        {
            Metadata = new EntryMetadata { Note = note, Source = metadata is null ? null : HmaContentMetadataText.Write(metadata) },
        };
}
