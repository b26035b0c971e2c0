using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace HashMatch.Exchanges;

/// <summary>
/// The HTTP every exchange client sends through: a request is retried with exponential backoff when the connection
/// fails or is cut mid-body, when the exchange answers 429 (waiting as long as its Retry-After asks, up to
/// <see cref="MaxRetryAfter"/>) or a 5xx; any other refusal, and the last failed attempt, is a
/// <see cref="HashMatchException"/> naming the exchange, the path (never the query, which may carry a token) and the
/// status. Bodies are read whole, up to <see cref="MaxBodyBytes"/>, so a page is either all there or an error.
/// </summary>
internal sealed class ExchangeHttp(HttpClient http, string exchange, Func<TimeSpan, CancellationToken, Task>? wait = null)
{
    /// <summary>Attempts per request: the first and five retries (1 + 2 + 4 + 8 + 16 s of backoff, about half a minute).</summary>
    public const int Attempts = 6;

    /// <summary>The largest page read. NCMEC's and ThreatExchange's pages of 1,000 records are well under 10 MB.</summary>
    public const int MaxBodyBytes = 64 << 20;

    /// <summary>The largest list file downloaded (a list of 100M entries in a compact layout is about 10 GB).</summary>
    public const long MaxDownloadBytes = 16L << 30;

    /// <summary>The longest wait a Retry-After may ask for; longer ones fail the fetch (the schedule tries again later).</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);

    private readonly Func<TimeSpan, CancellationToken, Task> _wait = wait ?? ((delay, token) => Task.Delay(delay, token));

    /// <summary>Sends the request <paramref name="request"/> makes (once per attempt) and returns the successful answer's body.</summary>
    /// <exception cref="HashMatchException">See the class summary.</exception>
    public async Task<string> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken) =>
        (await SendAsync(request, null, cancellationToken)).Body;

    /// <summary>
    /// As <see cref="SendAsync(Func{HttpRequestMessage}, CancellationToken)"/>, also answering 304 Not Modified (an
    /// empty body) and, with <paramref name="download"/>, copying the body there (up to <see cref="MaxDownloadBytes"/>;
    /// the stream is truncated before each attempt) instead of returning it.
    /// </summary>
    public Task<ExchangeAnswer> SendAsync(Func<HttpRequestMessage> request, Stream? download, CancellationToken cancellationToken) =>
        SendAsync(request, download, answerRefusals: false, cancellationToken);

    /// <summary>
    /// As above; with <paramref name="answerRefusals"/>, a 4xx other than 401, 403 and 429 is answered (its status and
    /// body) instead of thrown, for a caller that knows what it means (an expired paging cursor: start the window
    /// again); with <paramref name="answerUnauthorized"/> a 401 too (an expired token: log in again).
    /// </summary>
    public async Task<ExchangeAnswer> SendAsync(Func<HttpRequestMessage> request, Stream? download, bool answerRefusals, CancellationToken cancellationToken, bool answerUnauthorized = false)
    {
        for (int attempt = 1; ; attempt++)
        {
            using HttpRequestMessage message = request();
            string where = $"{message.Method} {message.RequestUri?.GetLeftPart(UriPartial.Path)}";
            TimeSpan backoff = TimeSpan.FromSeconds(1 << (attempt - 1));
            string failure;
            try
            {
                using HttpResponseMessage response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified)
                {
                    string body = response.StatusCode == HttpStatusCode.NotModified ? "" : await ReadBodyAsync(response, where, download, cancellationToken);
                    return new ExchangeAnswer(response.StatusCode, body, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified);
                }

                failure = $"{where} answered {(int)response.StatusCode} {response.ReasonPhrase}";
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    TimeSpan? asked = RetryAfter(response.Headers.RetryAfter);
                    if (asked > MaxRetryAfter)
                    {
                        throw new HashMatchException(exchange, HashMatchErrorReason.Unreadable, $"{failure} and asks to wait {asked.Value.TotalMinutes:0} min; trying again at the next scheduled fetch");
                    }

                    backoff = asked ?? backoff;
                }
                else if ((int)response.StatusCode < 500 && answerRefusals && response.StatusCode != HttpStatusCode.Forbidden
                    && (response.StatusCode != HttpStatusCode.Unauthorized || answerUnauthorized))
                {
                    return new ExchangeAnswer(response.StatusCode, await ReadBodyAsync(response, where, null, cancellationToken), null, null);
                }
                else if ((int)response.StatusCode < 500)
                {
                    string hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " (check the exchange's credentials)" : "";
                    throw new HashMatchException(exchange, HashMatchErrorReason.Unreadable, failure + hint);
                }
            }
            catch (HttpRequestException e)
            {
                failure = $"{where} failed: {e.Message}";
            }
            catch (IOException e)
            {
                failure = $"{where} was cut off: {e.Message}";
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"{where} timed out"; // HttpClient's own timeout, not the caller's cancellation
            }

            if (attempt == Attempts)
            {
                throw new HashMatchException(exchange, HashMatchErrorReason.Unreadable, $"{failure} ({Attempts} attempts)");
            }

            await _wait(backoff, cancellationToken);
        }
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage response, string where, Stream? download, CancellationToken cancellationToken)
    {
        long limit = download is null ? MaxBodyBytes : MaxDownloadBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new HashMatchException(exchange, HashMatchErrorReason.TooLarge, $"{where} answered {response.Content.Headers.ContentLength} bytes (at most {limit})");
        }

        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        Stream target = download ?? buffer;
        target.SetLength(0);
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (target.Length + read > limit)
            {
                throw new HashMatchException(exchange, HashMatchErrorReason.TooLarge, $"{where} answered more than {limit} bytes");
            }

            await target.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        if (download is not null)
        {
            await download.FlushAsync(cancellationToken);
            return "";
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException e)
        {
            throw new HashMatchException(exchange, HashMatchErrorReason.Malformed, $"{where} answered bytes that are not UTF-8", e);
        }
    }

    /// <summary>A successful answer: its status (200-299, or 304), body (empty when downloaded or not modified) and validators.</summary>
    public sealed record ExchangeAnswer(HttpStatusCode Status, string Body, string? ETag, DateTimeOffset? LastModified);

    /// <summary>The wait a Retry-After header asks for (seconds or a date), or null.</summary>
    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta is { } delta ? delta :
        header?.Date is { } date ? (date - DateTimeOffset.UtcNow) is { } left && left > TimeSpan.Zero ? left : TimeSpan.Zero :
        null;
}
