using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace HashMatch.Tests.Exchanges;

/// <summary>
/// NCMEC's hash-sharing API v2 as its public client reads it: <c>GET /v2/entries?from=&amp;to=</c> (Basic
/// authentication), XML <c>&lt;queryResult&gt;</c> with <c>&lt;images&gt;</c>/<c>&lt;videos&gt;</c>, deleted entries as
/// <c>&lt;deletedImage&gt;</c>/<c>&lt;deletedVideo&gt;</c>, pages of <see cref="PageSize"/> (not in time order) linked by
/// <c>&lt;paging&gt;&lt;next&gt;</c> with <c>start</c>, <c>size</c> and <c>max</c>.
/// </summary>
internal sealed class NcmecServer(SourceHistory history, string user, string password) : ProgrammeServer(history)
{
    public const int PageSize = 3;

    /// <summary>When set, windows longer than 30 days that hold entries claim 200,000 (so the client cuts its window).</summary>
    public bool InflateLongWindows { get; init; }

    protected override string MalformedPage => "<queryResult xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\"><images count=\"1\"><image><member id=\"42\">M</member>";

    protected override bool HasCursor(HttpRequest request) => request.Query.ContainsKey("start");

    protected override (int, string, string) Answer(HttpRequest request, string body)
    {
        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        if (request.Headers.Authorization != expected)
        {
            return (401, "text/plain", "unauthorized");
        }

        if (request.Path != "/v2/entries")
        {
            return (404, "text/plain", "no such path");
        }

        long from = Parse(request.Query["from"]!), to = Parse(request.Query["to"]!);
        int start = int.TryParse(request.Query["start"], out int s) ? s : 1;
        List<SourceEvent> window = [.. History.Latest.Values.Where(e => e.Time >= from && e.Time < to).OrderBy(e => e.Id, StringComparer.Ordinal)];
        List<SourceEvent> page = [.. window.Skip(start - 1).Take(PageSize)];
        int max = InflateLongWindows && window.Count > 0 && to - from > 30 * 86400 ? 200_000 : window.Count;
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><queryResult xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\">");
        foreach (bool video in (bool[])[false, true])
        {
            string group = video ? "videos" : "images", item = video ? "video" : "image", deleted = video ? "deletedVideo" : "deletedImage";
            xml.Append(CultureInfo.InvariantCulture, $"<{group} count=\"{page.Count(e => e.Flag == video)}\">");
            foreach (SourceEvent e in page.Where(e => e.Flag == video))
            {
                string member = "<member id=\"42\">Example Member</member>";
                string stamp = $"<timestamp>{Format(e.Time)}</timestamp>";
                xml.Append(e.Pdq is null
                    ? $"<{deleted}>{member}<id>{e.Id}</id>{stamp}</{deleted}>"
                    : $"<{item}>{member}{stamp}<id>{e.Id}</id><classification>{e.Classification}</classification><fingerprints><md5>{e.Md5}</md5><pdq>{e.Pdq}</pdq><tmk-pdqf rel=\"self\" href=\"/v2/entries/{e.Id}/fingerprints/TMK_PDQF\"/></fingerprints><feedback/></{item}>");
            }

            xml.Append(CultureInfo.InvariantCulture, $"</{group}>");
        }

        if (start - 1 + PageSize < max)
        {
            string next = $"/v2/entries?from={Uri.EscapeDataString(Format(from))}&to={Uri.EscapeDataString(Format(to))}&start={start + PageSize}&size={PageSize}&max={max}";
            xml.Append("<paging><next>").Append(SecurityElement.Escape(next)).Append("</next></paging>");
        }

        return (200, "application/xml", xml.Append("</queryResult>").ToString());
    }

    private static long Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeSeconds();

    private static string Format(long time) => DateTimeOffset.FromUnixTimeSeconds(time).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

/// <summary>
/// StopNCII's <c>GET /v1/FetchHashes?startTimestamp=&amp;pageSize=&amp;nextPageToken=</c> (subscription and function
/// keys in headers): the records changed at or after the start, oldest first, <see cref="PageSize"/> a page, with
/// <c>hasMoreRecords</c>, <c>nextPageToken</c> and <c>nextSetTimestamp</c>. A hash's value is its id (one fixed hash
/// per id of the history); a withdrawn one has <c>hashStatus</c> Withdrawn.
/// </summary>
internal sealed class StopNciiServer(SourceHistory history, string subscription, string fetchKey) : ProgrammeServer(history)
{
    public const int PageSize = 3;

    protected override string MalformedPage => "{\"count\": 2, \"hashRecords\": [{\"signalType\": \"ImagePDQ\", \"hashValue\": 12}]}";

    protected override bool HasCursor(HttpRequest request) => request.Query.ContainsKey("nextPageToken");

    /// <summary>The fixed hash StopNCII records for an id.</summary>
    public static string HashOf(string id) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    /// <summary>The SubmitFeedback function key (feedback is refused without it).</summary>
    public string? FeedbackKey { get; init; }

    /// <summary>The bodies of the feedback received.</summary>
    public List<string> Feedback { get; } = [];

    protected override (int, string, string) Answer(HttpRequest request, string body)
    {
        if (request.Path == "/SubmitFeedback")
        {
            if (request.Method != "POST" || request.Headers["Ocp-Apim-Subscription-Key"] != subscription || request.Headers["x-functions-key"] != FeedbackKey)
            {
                return (401, "application/json", "{\"statusCode\": 401, \"message\": \"Access denied\"}");
            }

            lock (Feedback)
            {
                Feedback.Add(body);
            }

            return (200, "application/json", "{}");
        }

        if (request.Headers["Ocp-Apim-Subscription-Key"] != subscription || request.Headers["x-functions-key"] != fetchKey)
        {
            return (401, "application/json", "{\"statusCode\": 401, \"message\": \"Access denied\"}");
        }

        long start = long.Parse(request.Query["startTimestamp"]!, CultureInfo.InvariantCulture);
        int offset = request.Query["nextPageToken"] is { Count: 1 } token ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token!)), CultureInfo.InvariantCulture) : 0;
        List<SourceEvent> changed = [.. History.Ordered().Where(e => e.Time >= start)];
        List<SourceEvent> page = [.. changed.Skip(offset).Take(PageSize)];
        bool more = offset + PageSize < changed.Count;
        var records = page.Select(e => new Dictionary<string, object?>
        {
            ["lastModtimestamp"] = e.Time,
            ["signalType"] = "ImagePDQ",
            ["hashValue"] = HashOf(e.Id),
            ["hashStatus"] = e.Pdq is null ? "Withdrawn" : "Active",
            ["caseNumbers"] = new Dictionary<string, string> { [$"case-{e.Id}"] = e.Pdq is null ? "Withdrawn" : "Active" },
            ["hashRegions"] = new[] { "UK" },
            ["CSPFeedbacks"] = new[] { new Dictionary<string, object> { ["source"] = "Platform", ["feedbackValue"] = "Blocked", ["tags"] = new[] { e.Classification } } },
        });
        var answer = new Dictionary<string, object?>
        {
            ["count"] = page.Count,
            ["nextSetTimestamp"] = more ? start : (changed.Count > 0 ? changed[^1].Time : start),
            ["nextPageToken"] = more ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + PageSize).ToString(CultureInfo.InvariantCulture))) : null,
            ["hasMoreRecords"] = more,
            ["hashRecords"] = records,
        };
        return (200, "application/json", JsonSerializer.Serialize(answer));
    }
}

/// <summary>
/// ThreatExchange's <c>GET /{privacy_group}/threat_updates/?access_token=&amp;start_time=&amp;limit=&amp;fields=</c>:
/// the indicators updated at or after the start, oldest first, <see cref="PageSize"/> a page, <c>paging.next</c> an
/// absolute link (carrying the token, as Graph's do); a withdrawn indicator has <c>should_delete</c> and no descriptors.
/// </summary>
internal sealed class ThreatExchangeServer(SourceHistory history, string group, string token) : ProgrammeServer(history)
{
    public const int PageSize = 3;

    protected override string MalformedPage => "{\"data\": [{\"id\": \"1\", \"indicator\": \"00\", \"type\": \"HASH_PDQ\", \"last_updated\": 1}]}";

    /// <summary>Reactions received: the descriptor's path and the reaction.</summary>
    public List<string> Reactions { get; } = [];

    protected override bool HasCursor(HttpRequest request) => request.Query.ContainsKey("after");

    protected override (int, string, string) Answer(HttpRequest request, string body)
    {
        if (request.Query["access_token"] != token)
        {
            return (400, "application/json", "{\"error\": {\"message\": \"Invalid OAuth access token.\", \"type\": \"OAuthException\", \"code\": 190}}");
        }

        if (request.Method == "POST" && request.Query["reactions"] is { Count: 1 } reaction)
        {
            lock (Reactions)
            {
                Reactions.Add($"{request.Path} {reaction}");
            }

            return (200, "application/json", "{\"success\": true}");
        }

        if (request.Path != $"/{group}/threat_updates/")
        {
            return (404, "application/json", "{\"error\": {\"message\": \"Unknown path\"}}");
        }

        long start = request.Query["start_time"] is { Count: 1 } s ? long.Parse(s!, CultureInfo.InvariantCulture) : 0;
        int offset = request.Query["after"] is { Count: 1 } a ? int.Parse(a!, CultureInfo.InvariantCulture) : 0;
        List<SourceEvent> changed = [.. History.Ordered().Where(e => e.Time >= start)];
        List<SourceEvent> page = [.. changed.Skip(offset).Take(PageSize)];
        var data = page.Select(e => e.Pdq is null
            ? new Dictionary<string, object?> { ["id"] = e.Id, ["indicator"] = HashOf(e.Id), ["type"] = "HASH_PDQ", ["last_updated"] = e.Time, ["should_delete"] = true }
            : new Dictionary<string, object?>
            {
                ["id"] = e.Id, ["indicator"] = e.Pdq.ToString(), ["type"] = "HASH_PDQ", ["last_updated"] = e.Time.ToString(CultureInfo.InvariantCulture), ["should_delete"] = false,
                ["descriptors"] = new Dictionary<string, object>
                {
                    ["data"] = new[]
                    {
                        new Dictionary<string, object>
                        {
                            ["id"] = $"9{e.Id}", ["owner"] = new Dictionary<string, string> { ["id"] = "616912251743987" }, ["status"] = "MALICIOUS",
                            ["tags"] = new Dictionary<string, object> { ["data"] = new[] { new Dictionary<string, string> { ["id"] = "3", ["text"] = e.Classification } } },
                            ["added_on"] = "2020-07-01T18:31:15+0000",
                        },
                    },
                },
            });
        var answer = new Dictionary<string, object?> { ["data"] = data };
        if (offset + PageSize < changed.Count)
        {
            answer["paging"] = new Dictionary<string, object>
            {
                ["cursors"] = new Dictionary<string, string> { ["before"] = "QVFIb", ["after"] = "QVFIa" },
                ["next"] = $"{Address.ToString().TrimEnd('/')}/{group}/threat_updates/?access_token={Uri.EscapeDataString(token)}&limit={PageSize}&start_time={start}&after={offset + PageSize}",
            };
        }

        return (200, "application/json", JsonSerializer.Serialize(answer));
    }

    /// <summary>The indicator a withdrawn id still names (ThreatExchange keeps the value with the deletion).</summary>
    private static string HashOf(string id) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}

/// <summary>
/// Tech Against Terrorism's TCAP: <c>POST /token-auth/tcap/</c> (form username, password) gives a token;
/// <c>GET /api/hash-list/v2/all?order=asc&amp;after=</c> (Bearer token) gives the records after a checkpoint
/// (<c>"{updated_on},{id}"</c>), oldest first, <see cref="PageSize"/> a page, <c>next</c> set while more remain.
/// </summary>
internal sealed class TatServer(SourceHistory history, string user, string password) : ProgrammeServer(history)
{
    public const int PageSize = 3;

    /// <summary>Tokens handed out (a new one per login).</summary>
    public int Logins { get; private set; }

    /// <summary>When set, the current token is refused once (401), as an expired one is.</summary>
    public bool ExpireTokenOnce { get; set; }

    protected override string MalformedPage => "{\"count\": 1, \"next\": null, \"checkpoint\": \"x\", \"results\": [{\"id\": 5, \"algorithm\": \"PDQ\", \"hash_digest\": \"zz\"}]}";

    protected override bool HasCursor(HttpRequest request) => false;

    protected override (int, string, string) Answer(HttpRequest request, string body)
    {
        if (request.Path == "/token-auth/tcap/")
        {
            var form = System.Web.HttpUtility.ParseQueryString(body);
            if (request.Method != "POST" || form["username"] != user || form["password"] != password)
            {
                return (401, "application/json", "{\"error\": \"invalid credentials\"}");
            }

            Logins++;
            return (200, "application/json", $"{{\"user\": {{\"username\": \"{user}\"}}, \"token\": \"jwt-{Logins}\"}}");
        }

        if (request.Headers.Authorization != $"Bearer jwt-{Logins}" || ExpireTokenOnce)
        {
            ExpireTokenOnce = false;
            return (401, "application/json", "{\"error\": \"token expired\"}");
        }

        string after = request.Query["after"].ToString();
        (double Time, long Id) cursor = after.Length == 0 ? (0, 0) : (double.Parse(after.Split(',')[0], CultureInfo.InvariantCulture), long.Parse(after.Split(',')[1], CultureInfo.InvariantCulture));
        List<SourceEvent> changed = [.. History.Ordered().Where(e => (e.Time + 0.5, long.Parse(e.Id, CultureInfo.InvariantCulture)).CompareTo(cursor) > 0)];
        List<SourceEvent> page = [.. changed.Take(PageSize)];
        var results = page.Select(e => new Dictionary<string, object>
        {
            ["hash_digest"] = e.Pdq is null ? HashOfDeleted(e.Id) : e.Pdq.ToString()!, ["algorithm"] = "PDQ", ["ideology"] = "far-right", ["file_type"] = "png",
            ["deleted"] = e.Pdq is null, ["updated_on"] = e.Time + 0.5, ["created_on"] = "2025-03-03T23:05:22.587Z", ["id"] = long.Parse(e.Id, CultureInfo.InvariantCulture),
        });
        var answer = new Dictionary<string, object?>
        {
            ["count"] = changed.Count,
            ["next"] = changed.Count > PageSize ? $"{Address.ToString().TrimEnd('/')}/api/hash-list/v2/all?limit={PageSize}&offset={PageSize}" : null,
            ["previous"] = null,
            ["checkpoint"] = page.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"{page[^1].Time + 0.5},{page[^1].Id}") : after,
            ["results"] = results,
        };
        return (200, "application/json", JsonSerializer.Serialize(answer));
    }

    private static string HashOfDeleted(string id) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
