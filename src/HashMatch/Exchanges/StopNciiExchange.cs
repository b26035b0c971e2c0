using System.Globalization;
using System.Net;
using System.Text.Json;
using HashMatch.Lists;

namespace HashMatch.Exchanges;

/// <summary>
/// StopNCII.org's hash API (JSON over HTTPS; an Azure API Management subscription key in
/// <c>Ocp-Apim-Subscription-Key</c> and the endpoint's function key in <c>x-functions-key</c>):
/// <c>GET /v1/FetchHashes?startTimestamp=&amp;pageSize=&amp;nextPageToken=</c> returns the hash records changed since
/// a time, 800 a page, while <c>hasMoreRecords</c>; each record is the hash's whole current state, so a later record
/// replaces an earlier one. A record whose <c>hashStatus</c> is <c>Withdrawn</c> or <c>Deleted</c> withdraws the hash
/// (python-threatexchange compares the hash value instead and so never withdraws one). The checkpoint keeps the
/// window's start and the paging token; a token the API no longer accepts starts the window again. Ids are the hash
/// values (lower-case hex); tags are the platforms' feedback tags. Feedback (<c>POST /v1/SubmitFeedback</c>, with the
/// SubmitFeedback function key as the credentials' third part) says <c>Blocked</c> for a confirmed match and
/// <c>NotBlocked</c> for a false positive, StopNCII's values for "reviewed, and is" and "reviewed, inconclusive".
/// </summary>
internal sealed class StopNciiExchange(ExchangeSettings settings, HttpClient http, Func<TimeSpan, CancellationToken, Task>? wait) : IHashExchange, IExchangeFeedback
{
    /// <summary>Records per page, as python-threatexchange asks for.</summary>
    private const int PageSize = 800;

    /// <summary>The first start StopNCII's client uses (its API refuses 0).</summary>
    private const long FirstStart = 10;

    private static readonly Uri Production = new("https://api.stopncii.org/v1");

    private readonly ExchangeHttp _http = new(http, "stopncii", wait);
    private readonly string _base = (settings.BaseUrl ?? Production).ToString().TrimEnd('/');

    public string Name => "stopncii";

    public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken = default)
    {
        Checkpoint state = ExchangeCheckpoints.Read(Name, checkpoint, ExchangeJson.Default.StopNciiCheckpoint)
            ?? new Checkpoint(settings.Since is { } since ? Math.Max(FirstStart, since.ToUnixTimeSeconds()) : FirstStart, null);
        (string subscription, string fetchKey, _) = Keys();

        ExchangeHttp.ExchangeAnswer answer = await GetAsync(state, subscription, fetchKey, cancellationToken);
        if (answer.Status >= HttpStatusCode.BadRequest && state.Token is not null)
        {
            state = state with { Token = null }; // the token expired: the window again, from its start
            answer = await GetAsync(state, subscription, fetchKey, cancellationToken);
        }

        if (answer.Status >= HttpStatusCode.BadRequest)
        {
            throw new HashMatchException(Name, HashMatchErrorReason.Unreadable, $"GET {_base}/FetchHashes answered {(int)answer.Status}");
        }

        using var page = new ExchangeJsonPage(Name, $"{_base}/FetchHashes", answer.Body);
        var changes = new List<ExchangeChange>();
        foreach (JsonElement record in page.Array(page.Root, "hashRecords"))
        {
            string type = page.String(record, "signalType", required: true)!;
            string value = page.String(record, "hashValue", required: true)!.Trim().ToLowerInvariant();
            string status = page.String(record, "hashStatus") ?? "Unknown";
            var signals = new ExchangeSignals(Name, page.Where);
            switch (type)
            {
                case "ImagePDQ": signals.Pdq(value, $"hash {value} hashValue"); break;
                case "VideoMD5": signals.Exact(ExactHashAlgorithm.Md5, value, $"hash {value} hashValue"); break;
                default: continue; // TMK, text and URL records: nothing HashMatch matches
            }

            if (status is "Withdrawn" or "Deleted")
            {
                changes.Add(ExchangeChange.Removal(value));
                continue;
            }

            var tags = new List<string>();
            var feedback = new List<string>();
            foreach (JsonElement csp in page.Array(record, "CSPFeedbacks", optional: true))
            {
                tags.AddRange(page.Array(csp, "tags", optional: true).Select(t => t.ValueKind == JsonValueKind.String ? t.GetString()! : throw page.Malformed($"hash {value} CSPFeedbacks tags", "are not strings")));
                if (page.String(csp, "feedbackValue") is { } verdict)
                {
                    feedback.Add(page.String(csp, "source") is { } source ? $"{source}: {verdict}" : verdict);
                }
            }

            if (type == "VideoMD5")
            {
                tags.Insert(0, ListEntryBuilder.VideoTag);
            }

            changes.Add(signals.Change(value, new EntryMetadata
            {
                Tags = [.. tags.Distinct(StringComparer.Ordinal)],
                Source = Name,
                Note = feedback.Count > 0 ? string.Join("; ", feedback) : null,
            }));
        }

        bool more = page.Bool(page.Root, "hasMoreRecords");
        string? token = page.String(page.Root, "nextPageToken");
        if (more && string.IsNullOrEmpty(token))
        {
            throw page.Malformed("nextPageToken", "is missing while hasMoreRecords is true");
        }

        long next = page.Number(page.Root, "nextSetTimestamp") is { } t ? (long)t : state.Start;
        Checkpoint after = more ? state with { Token = token } : new Checkpoint(Math.Max(next, state.Start), null);
        return new ExchangePage(changes, ExchangeCheckpoints.Write(after, ExchangeJson.Default.StopNciiCheckpoint), more);
    }

    public async Task SendFeedbackAsync(ListEntry entry, bool confirmed, CancellationToken cancellationToken = default)
    {
        (string subscription, _, string? feedbackKey) = Keys();
        if (feedbackKey is null)
        {
            throw new HashMatchException(Name, HashMatchErrorReason.Malformed, "feedback needs the SubmitFeedback function key as the credentials' third part (subscription:fetch_key:feedback_key)");
        }

        using var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteNumber("count", 1);
            json.WriteStartArray("hashFeedbacks");
            json.WriteStartObject();
            json.WriteStartArray("tags");
            foreach (string tag in entry.Metadata.Tags.Where(t => t != ListEntryBuilder.VideoTag))
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteString("feedbackValue", confirmed ? "Blocked" : "NotBlocked");
            json.WriteString("hashValue", entry.Id);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        byte[] content = body.ToArray();
        await _http.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{_base}/SubmitFeedback") { Content = new ByteArrayContent(content) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Add("Ocp-Apim-Subscription-Key", subscription);
            request.Headers.Add("x-functions-key", feedbackKey);
            return request;
        }, cancellationToken);
    }

    /// <summary>The subscription key, the FetchHashes function key and, when given, the SubmitFeedback function key.</summary>
    private (string Subscription, string FetchKey, string? FeedbackKey) Keys()
    {
        string secret = ExchangeSecret.Read(Name, settings.Credentials);
        (string subscription, string rest) = ExchangeSecret.Pair(Name, secret, "the subscription key and the FetchHashes function key (and the SubmitFeedback one)");
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (subscription, rest[..colon], rest[(colon + 1)..]) : (subscription, rest, null);
    }

    private Task<ExchangeHttp.ExchangeAnswer> GetAsync(Checkpoint state, string subscription, string fetchKey, CancellationToken cancellationToken)
    {
        string url = string.Create(CultureInfo.InvariantCulture, $"{_base}/FetchHashes?startTimestamp={state.Start}&pageSize={PageSize}")
            + (state.Token is { } token ? "&nextPageToken=" + Uri.EscapeDataString(token) : "");
        return _http.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Ocp-Apim-Subscription-Key", subscription);
            request.Headers.Add("x-functions-key", fetchKey);
            return request;
        }, null, answerRefusals: true, cancellationToken);
    }

    /// <summary>The window's start (Unix seconds) and, while it is being paged, the next page's token.</summary>
    internal sealed record Checkpoint(long Start, string? Token);
}
