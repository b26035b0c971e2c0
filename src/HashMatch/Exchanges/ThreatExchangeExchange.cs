using System.Globalization;
using System.Net;
using System.Text.Json;
using HashMatch.Lists;

namespace HashMatch.Exchanges;

/// <summary>
/// Meta's ThreatExchange (Graph API v21.0; the app's access token <c>APP_ID|SECRET</c> as the <c>access_token</c>
/// parameter): <c>GET /{privacy_group}/threat_updates/?start_time=&amp;limit=&amp;fields=</c> lists the indicators
/// changed since a time, oldest first, the next page's address in <c>paging.next</c>. An indicator with
/// <c>should_delete</c>, or without descriptors, is withdrawn. The checkpoint keeps the newest <c>last_updated</c>
/// applied and, while paging, the next page's address without the token (a checkpoint is shown in status answers;
/// the token never is); a link the API refuses starts again from the time. Ids are ThreatExchange's indicator ids;
/// tags are the descriptors' tags, the category their status (<c>MALICIOUS</c> when any says so), the note the
/// descriptor ids. Feedback reacts to each descriptor (<c>POST /{descriptor_id}/?reactions=</c>): <c>HELPFUL</c> for
/// a confirmed match, <c>NOT_HELPFUL</c> for a false positive (python-threatexchange's up- and down-votes).
/// </summary>
internal sealed class ThreatExchangeExchange(ExchangeSettings settings, HttpClient http, Func<TimeSpan, CancellationToken, Task>? wait, TimeProvider clock) : IHashExchange, IExchangeFeedback
{
    /// <summary>Indicators per page.</summary>
    private const int PageSize = 500;

    /// <summary>The fields asked of each indicator (Graph field expansion for its descriptors).</summary>
    private const string Fields = "id,indicator,type,last_updated,should_delete,descriptors{id,owner{id},tags,status,added_on}";

    private static readonly Uri Production = new("https://graph.facebook.com/v21.0");

    /// <summary>How an entry's note starts when it names the indicator's descriptors (feedback reacts to them).</summary>
    private const string DescriptorsNote = "descriptors ";

    private readonly ExchangeHttp _http = new(http, $"threatexchange:{settings.PrivacyGroup}", wait);
    private readonly string _base = (settings.BaseUrl ?? Production).ToString().TrimEnd('/');

    public string Name => $"threatexchange:{settings.PrivacyGroup}";

    /// <summary>
    /// How long a checkpoint stays usable: ThreatExchange keeps an indicator's deletion for 90 days, so after a longer
    /// gap withdrawals may have been forgotten; python-threatexchange refetches everything after 85 days, and so does
    /// this client (as one full-list page, so that what is no longer listed is withdrawn).
    /// </summary>
    public static readonly TimeSpan CheckpointLifetime = TimeSpan.FromDays(85);

    public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken = default)
    {
        Checkpoint? state = ExchangeCheckpoints.Read(Name, checkpoint, ExchangeJson.Default.ThreatExchangeCheckpoint);
        long now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (state?.Fetched is not { } fetched || now - fetched <= CheckpointLifetime.TotalSeconds)
        {
            return await FetchPageAsync(state ?? new Checkpoint(settings.Since?.ToUnixTimeSeconds(), null, null), cancellationToken);
        }

        // Too long since the last fetch: every page from the start, applied as one whole list.
        var latest = new Dictionary<string, ExchangeChange>(StringComparer.Ordinal);
        ExchangePage page;
        var from = new Checkpoint(null, null, null);
        do
        {
            page = await FetchPageAsync(from, cancellationToken);
            foreach (ExchangeChange change in page.Changes)
            {
                latest[change.Id] = change;
            }

            from = ExchangeCheckpoints.Read(Name, page.Checkpoint, ExchangeJson.Default.ThreatExchangeCheckpoint)!;
        }
        while (page.HasMore);

        return new ExchangePage([.. latest.Values.Where(c => !c.Removed)], page.Checkpoint, hasMore: false, fullList: true);
    }

    private async Task<ExchangePage> FetchPageAsync(Checkpoint state, CancellationToken cancellationToken)
    {
        string token = ExchangeSecret.Read(Name, settings.Credentials);
        string first = $"{_base}/{Uri.EscapeDataString(settings.PrivacyGroup!)}/threat_updates/?limit={PageSize}&fields={Uri.EscapeDataString(Fields)}"
            + (state.UpdateTime is { } since ? string.Create(CultureInfo.InvariantCulture, $"&start_time={since}") : "");

        ExchangeHttp.ExchangeAnswer answer = await GetAsync(state.Next ?? first, token, cancellationToken);
        if (answer.Status >= HttpStatusCode.BadRequest && state.Next is not null)
        {
            answer = await GetAsync(first, token, cancellationToken); // the paging link expired: again from the time
        }

        if (answer.Status >= HttpStatusCode.BadRequest)
        {
            throw new HashMatchException(Name, HashMatchErrorReason.Unreadable, $"GET {_base}/{settings.PrivacyGroup}/threat_updates answered {(int)answer.Status}");
        }

        using var page = new ExchangeJsonPage(Name, $"{_base}/{settings.PrivacyGroup}/threat_updates", answer.Body);
        var changes = new List<ExchangeChange>();
        long? newest = state.UpdateTime;
        foreach (JsonElement update in page.Array(page.Root, "data"))
        {
            string id = page.String(update, "id", required: true)!;
            string type = page.String(update, "type", required: true)!;
            string indicator = page.String(update, "indicator", required: true)!;
            if (page.Number(update, "last_updated") is { } updated)
            {
                newest = Math.Max(newest ?? 0, (long)updated);
            }

            var signals = new ExchangeSignals(Name, page.Where);
            string field = $"indicator {id}";
            switch (type)
            {
                case "HASH_PDQ": signals.Pdq(indicator, field); break;
                case "HASH_MD5" or "HASH_VIDEO_MD5": signals.Exact(ExactHashAlgorithm.Md5, indicator, field); break;
                case "HASH_SHA1": signals.Exact(ExactHashAlgorithm.Sha1, indicator, field); break;
                case "HASH_SHA256" or "HASH_VIDEO_SHA256": signals.Exact(ExactHashAlgorithm.Sha256, indicator, field); break;
                default: continue; // URLs, text, other hashes: nothing HashMatch matches
            }

            bool hasDescriptors = update.TryGetProperty("descriptors", out JsonElement descriptors) && descriptors.ValueKind == JsonValueKind.Object;
            if (page.Bool(update, "should_delete") || !hasDescriptors)
            {
                changes.Add(ExchangeChange.Removal(id));
                continue;
            }

            var tags = new List<string>();
            var statuses = new List<string>();
            var descriptorIds = new List<string>();
            foreach (JsonElement descriptor in page.Array(descriptors, "data"))
            {
                if (page.String(descriptor, "id") is { } descriptorId)
                {
                    descriptorIds.Add(descriptorId);
                }

                if (page.String(descriptor, "status") is { } status)
                {
                    statuses.Add(status);
                }

                // Tags come as a Graph edge ({"data": [{"text": ...}]}) or as plain strings.
                IEnumerable<JsonElement> tagList = descriptor.TryGetProperty("tags", out JsonElement edge) && edge.ValueKind == JsonValueKind.Object
                    ? page.Array(edge, "data", optional: true) : page.Array(descriptor, "tags", optional: true);
                foreach (JsonElement tag in tagList)
                {
                    tags.Add(tag.ValueKind == JsonValueKind.String ? tag.GetString()! : page.String(tag, "text", required: true)!);
                }
            }

            if (type == "HASH_VIDEO_MD5" || type == "HASH_VIDEO_SHA256")
            {
                tags.Insert(0, ListEntryBuilder.VideoTag);
            }

            changes.Add(signals.Change(id, new EntryMetadata
            {
                Category = statuses.Contains("MALICIOUS") ? "MALICIOUS" : statuses.FirstOrDefault(),
                Tags = [.. tags.Distinct(StringComparer.Ordinal)],
                Source = Name,
                Note = descriptorIds.Count > 0 ? DescriptorsNote + string.Join(",", descriptorIds) : null,
            }));
        }

        string? next = page.Root.TryGetProperty("paging", out JsonElement paging) && paging.ValueKind == JsonValueKind.Object ? page.String(paging, "next") : null;
        if (next is not null && (!Uri.TryCreate(next, UriKind.Absolute, out Uri? link) || !link.GetLeftPart(UriPartial.Authority).Equals(new Uri(_base).GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)))
        {
            // The token is added to the link: it may only lead back to the Graph API.
            throw page.Malformed("paging.next", $"does not lead to {new Uri(_base).GetLeftPart(UriPartial.Authority)}");
        }

        var after = new Checkpoint(newest, next is null ? null : WithoutToken(next), clock.GetUtcNow().ToUnixTimeSeconds());
        return new ExchangePage(changes, ExchangeCheckpoints.Write(after, ExchangeJson.Default.ThreatExchangeCheckpoint), hasMore: next is not null);
    }

    public async Task SendFeedbackAsync(ListEntry entry, bool confirmed, CancellationToken cancellationToken = default)
    {
        string[] descriptors = entry.Metadata.Note is { } note && note.StartsWith(DescriptorsNote, StringComparison.Ordinal)
            ? note[DescriptorsNote.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        if (descriptors.Length == 0 || descriptors.Any(d => !d.All(char.IsAsciiDigit)))
        {
            throw new HashMatchException(Name, HashMatchErrorReason.Malformed, $"entry {entry.Id} names no descriptor to react to");
        }

        string token = ExchangeSecret.Read(Name, settings.Credentials);
        foreach (string descriptor in descriptors)
        {
            string url = $"{_base}/{descriptor}/?reactions={(confirmed ? "HELPFUL" : "NOT_HELPFUL")}&access_token={Uri.EscapeDataString(token)}";
            string answer = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, url), cancellationToken);
            using var page = new ExchangeJsonPage(Name, $"{_base}/{descriptor}", answer);
            if (!page.Bool(page.Root, "success"))
            {
                throw new HashMatchException(Name, HashMatchErrorReason.Unreadable, $"POST {_base}/{descriptor} did not answer success");
            }
        }
    }

    private Task<ExchangeHttp.ExchangeAnswer> GetAsync(string url, string token, CancellationToken cancellationToken)
    {
        string withToken = url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "access_token=" + Uri.EscapeDataString(token);
        return _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, withToken), null, answerRefusals: true, cancellationToken);
    }

    /// <summary><paramref name="url"/> without its <c>access_token</c> parameter.</summary>
    private static string WithoutToken(string url)
    {
        int question = url.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return url;
        }

        IEnumerable<string> kept = url[(question + 1)..].Split('&').Where(p => !p.StartsWith("access_token=", StringComparison.Ordinal));
        return url[..question] + "?" + string.Join("&", kept);
    }

    /// <summary>
    /// The newest <c>last_updated</c> applied (Unix seconds; fetching starts there again), while paging the next
    /// page's address without the token, and when the page was fetched (for <see cref="CheckpointLifetime"/>).
    /// </summary>
    internal sealed record Checkpoint(long? UpdateTime, string? Next, long? Fetched);
}
