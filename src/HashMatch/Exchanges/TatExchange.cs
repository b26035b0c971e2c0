using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HashMatch.Lists;

namespace HashMatch.Exchanges;

/// <summary>
/// Tech Against Terrorism's hash list (Terrorist Content Analytics Platform, JSON over HTTPS): a login
/// (<c>POST /token-auth/tcap/</c>, form fields <c>username</c> and <c>password</c>) gives a bearer token;
/// <c>GET /api/hash-list/v2/all?order=asc&amp;after=</c> returns the records changed after a checkpoint
/// (<c>"{updated_on},{id}"</c>, given back in each page), oldest first, with <c>next</c> set while more wait. A record
/// with <c>deleted</c> withdraws its hash. Each fetch asks for the records after the last page's checkpoint, so no
/// paging link is ever stored. MD5s are of whole files (videos and images alike: an exact match is exact); PDQ of
/// images. Ids are TCAP's record ids; tags its ideology and file type.
/// </summary>
internal sealed class TatExchange(ExchangeSettings settings, HttpClient http, Func<TimeSpan, CancellationToken, Task>? wait) : IHashExchange
{
    private static readonly Uri Production = new("https://app.terrorismanalytics.org/");

    /// <summary>File types python-threatexchange treats as video (their MD5s become video MD5 signals).</summary>
    private static readonly HashSet<string> VideoTypes = new(StringComparer.OrdinalIgnoreCase) { "mov", "m4v", "mp4", "webm" };

    private readonly ExchangeHttp _http = new(http, "tat", wait);
    private readonly string _base = (settings.BaseUrl ?? Production).ToString().TrimEnd('/');
    private string? _token;

    public string Name => "tat";

    public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken = default)
    {
        Checkpoint state = ExchangeCheckpoints.Read(Name, checkpoint, ExchangeJson.Default.TatCheckpoint) ?? new Checkpoint("");
        string url = $"{_base}/api/hash-list/v2/all?order=asc&after={Uri.EscapeDataString(state.After)}";
        _token ??= await LogInAsync(cancellationToken);
        ExchangeHttp.ExchangeAnswer answer = await GetAsync(url, _token, cancellationToken);
        if (answer.Status == HttpStatusCode.Unauthorized)
        {
            _token = await LogInAsync(cancellationToken); // the token expired: once more with a new one
            answer = await GetAsync(url, _token, cancellationToken);
        }

        if (answer.Status >= HttpStatusCode.BadRequest)
        {
            throw new HashMatchException(Name, HashMatchErrorReason.Unreadable, $"GET {_base}/api/hash-list/v2/all answered {(int)answer.Status}");
        }

        using var page = new ExchangeJsonPage(Name, $"{_base}/api/hash-list/v2/all", answer.Body);
        var changes = new List<ExchangeChange>();
        foreach (JsonElement record in page.Array(page.Root, "results"))
        {
            string id = page.String(record, "id", required: true)!;
            string algorithm = page.String(record, "algorithm", required: true)!;
            string digest = page.String(record, "hash_digest", required: true)!;
            string? fileType = page.String(record, "file_type");
            var signals = new ExchangeSignals(Name, page.Where);
            switch (algorithm.ToUpperInvariant())
            {
                case "PDQ": signals.Pdq(digest, $"record {id} hash_digest"); break;
                case "MD5": signals.Exact(ExactHashAlgorithm.Md5, digest, $"record {id} hash_digest"); break;
                case "SHA1": signals.Exact(ExactHashAlgorithm.Sha1, digest, $"record {id} hash_digest"); break;
                case "SHA256": signals.Exact(ExactHashAlgorithm.Sha256, digest, $"record {id} hash_digest"); break;
                default: continue;
            }

            if (page.Bool(record, "deleted"))
            {
                changes.Add(ExchangeChange.Removal(id));
                continue;
            }

            var tags = new List<string>();
            if (fileType is not null && VideoTypes.Contains(fileType))
            {
                tags.Add(ListEntryBuilder.VideoTag);
            }

            if (page.String(record, "ideology") is { } ideology)
            {
                tags.Add(ideology);
            }

            if (fileType is not null)
            {
                tags.Add(fileType);
            }

            changes.Add(signals.Change(id, new EntryMetadata { Tags = tags, Source = Name }));
        }

        bool more = !string.IsNullOrEmpty(page.String(page.Root, "next"));
        string after = page.String(page.Root, "checkpoint") is { Length: > 0 } c ? c : state.After;
        if (more && after == state.After)
        {
            throw page.Malformed("checkpoint", "did not move although next is set (the fetch would repeat this page forever)");
        }

        return new ExchangePage(changes, ExchangeCheckpoints.Write(new Checkpoint(after), ExchangeJson.Default.TatCheckpoint), more);
    }

    private Task<ExchangeHttp.ExchangeAnswer> GetAsync(string url, string token, CancellationToken cancellationToken) =>
        _http.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }, null, answerRefusals: true, cancellationToken, answerUnauthorized: true);

    private async Task<string> LogInAsync(CancellationToken cancellationToken)
    {
        (string user, string password) = ExchangeSecret.Pair(Name, ExchangeSecret.Read(Name, settings.Credentials), "the TCAP user name and password");
        string body = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"{_base}/token-auth/tcap/")
        {
            Content = new FormUrlEncodedContent([new("username", user), new("password", password), new("resend", "False")]),
        }, cancellationToken);
        using var page = new ExchangeJsonPage(Name, $"{_base}/token-auth/tcap/", body);
        return page.String(page.Root, "token", required: true)!;
    }

    /// <summary>TCAP's checkpoint of the last page applied (<c>"{updated_on},{id}"</c>; empty before the first).</summary>
    internal sealed record Checkpoint(string After);
}
