using System.Net;
using System.Security.Cryptography;

namespace HashMatch.Exchanges;

/// <summary>
/// A list published at an HTTP(S) address, downloaded again when it changed: the request carries the last answer's
/// ETag (If-None-Match) and Last-Modified (If-Modified-Since), so an unchanged list costs a 304; a server without
/// validators is compared by the SHA-256 of the bytes. A changed list is one <see cref="ExchangePage.FullList"/>
/// page. The download goes to a temporary file (deleted after), so a list of any size is read in one pass.
/// </summary>
internal sealed class ListUrlExchange(ExchangeSettings settings, HttpClient http, Func<TimeSpan, CancellationToken, Task>? wait) : IHashExchange
{
    private readonly ExchangeHttp _http = new(http, $"url:{settings.Url!.GetLeftPart(UriPartial.Path)}", wait);

    public string Name => $"url:{settings.Url!.GetLeftPart(UriPartial.Path)}";

    public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken = default)
    {
        Checkpoint? last = ExchangeCheckpoints.Read(Name, checkpoint, ExchangeJson.Default.ListUrlCheckpoint);
        string? token = settings.Credentials is null ? null : ExchangeSecret.Read(Name, settings.Credentials);
        string temporary = Path.Combine(Path.GetTempPath(), $"hashmatch-exchange-{Guid.NewGuid():N}.list");
        try
        {
            await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            ExchangeHttp.ExchangeAnswer answer = await _http.SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, settings.Url);
                if (token is not null)
                {
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                }

                if (last?.ETag is { } etag)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }

                if (last?.LastModified is { } modified)
                {
                    request.Headers.IfModifiedSince = modified;
                }

                return request;
            }, file, cancellationToken);
            if (answer.Status == HttpStatusCode.NotModified)
            {
                return new ExchangePage([], checkpoint!, hasMore: false);
            }

            file.Position = 0;
            string sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
            string written = ExchangeCheckpoints.Write(new Checkpoint(answer.ETag, answer.LastModified, sha256), ExchangeJson.Default.ListUrlCheckpoint);
            if (last?.Sha256 == sha256)
            {
                return new ExchangePage([], written, hasMore: false);
            }

            file.Position = 0;
            var snapshot = new ListSnapshot();
            snapshot.Read(file, Name, settings.ListFormat, "");
            return snapshot.Page(written);
        }
        catch (IOException e)
        {
            throw new HashMatchException(Name, HashMatchErrorReason.Unreadable, $"cannot keep the downloaded list in {Path.GetTempPath()}: {e.Message}", e);
        }
    }

    /// <summary>The last answer's validators and the SHA-256 of its bytes.</summary>
    internal sealed record Checkpoint(string? ETag, DateTimeOffset? LastModified, string Sha256);
}
