using Microsoft.Extensions.Logging;

namespace HashMatch.Server;

/// <summary>Everything <c>hashmatch serve</c> can be told; the defaults suit one box.</summary>
public sealed record ServerOptions
{
    /// <summary>The data folder: the SQLite bank store (<c>hashmatch.db</c>) and spooled uploads. Required unless <see cref="Database"/> is given.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>A PostgreSQL connection string (<c>Host=...;Database=...;Username=...;Password=...</c>); several replicas may share it. Default: SQLite in <see cref="DataDirectory"/>.</summary>
    public string? Database { get; init; }

    /// <summary>Addresses to listen on (<c>http://127.0.0.1:8080</c>; <c>https://</c> with a certificate from Kestrel configuration; port 0 picks a free one).</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8080"];

    /// <summary>
    /// The environment keys, <c>KEY:read,KEY:write+metrics,...</c>, each at least 22 characters (default: the
    /// <c>HASHMATCH_API_KEYS</c> environment variable). Stored as SHA-256 digests at start; environment keys stored
    /// before and missing here are revoked (<see cref="Security.EnvironmentApiKeys"/>).
    /// </summary>
    public string? ApiKeys { get; init; }

    /// <summary>A JSON configuration file (Kestrel endpoints and certificates, logging), added to the usual ASP.NET Core configuration sources.</summary>
    public string? ConfigurationFile { get; init; }

    /// <summary>Largest request body outside imports, in bytes (uploads, lookups). Default 32 MiB.</summary>
    public long MaxBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Largest import body, in bytes. Default 4 GiB (ten million entries of <c>hashmatch hash</c> TSV take about 1.3 GB).</summary>
    public long MaxImportBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Largest image decoded, in pixels (width × height from the header). Default 100 megapixels.</summary>
    public long MaxPixels { get; init; } = HashMatchDefaults.MaxPixels;

    /// <summary>
    /// Longest video <c>/v1/match</c> examines; a longer one is 413 (never "no match"). Default 10 minutes. The body
    /// limit (<see cref="MaxBodyBytes"/>) bounds an upload's bytes first.
    /// </summary>
    public TimeSpan MaxVideoDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest video frame decoded, in pixels; a larger one is 413. Default 3840 × 2160 (4K UHD).</summary>
    public long MaxVideoFramePixels { get; init; } = 3840L * 2160;

    /// <summary>Most frames decoded from one video (every frame, not only those hashed); beyond it 413. Default 36,000 (10 minutes at 60 fps).</summary>
    public long MaxVideoFrames { get; init; } = 36_000;

    /// <summary>
    /// Longest one FFmpeg run (the probe, the vPDQ decode, the TMK decode) may take for an uploaded video; FFmpeg is
    /// stopped then and the answer is 503 (<c>reason</c> TimedOut). Default 25 s, inside the default request timeout.
    /// </summary>
    public TimeSpan VideoTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>The <c>ffmpeg</c> executable for videos (<c>ffprobe</c> beside it). Default: <c>HASHMATCH_FFMPEG</c>, else <c>ffmpeg</c> on the PATH.</summary>
    public string? FfmpegPath { get; init; }

    /// <summary>Images (or videos) decoded at once. Default: one per core.</summary>
    public int MaxConcurrentDecodes { get; init; } = Environment.ProcessorCount;

    /// <summary>Uploads that may wait for a decode slot; more get 503 with Retry-After. Default 8 per core.</summary>
    public int DecodeQueue { get; init; } = 8 * Environment.ProcessorCount;

    /// <summary>Requests per second one API key may make (token bucket; beyond it 429 with Retry-After). Default 0: no limit.</summary>
    public double RateLimit { get; init; }

    /// <summary>Seconds of <see cref="RateLimit"/> a key may spend at once. Default 2.</summary>
    public double RateBurstSeconds { get; init; } = 2;

    /// <summary>Longest a request may take (imports and exports excepted); then 503. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Most candidates one query reports per bank (closest first; <c>candidates_omitted</c> counts the rest). Verdicts
    /// are decided on all of them. Default 32.
    /// </summary>
    public int MaxCandidates { get; init; } = 32;

    /// <summary>How long a stopping server (SIGTERM, Ctrl-C) waits for requests in flight, imports included, before it exits anyway. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the change log is polled. Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After how long without a successful poll <c>/health/ready</c> fails. Default 30 s.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Entries added (or ids removed) since a bank's last build before a full rebuild folds them in. Default 100,000.</summary>
    public int DeltaLimit { get; init; } = 100_000;

    /// <summary>
    /// How long match decisions, their reviews and complaints are kept (purged hourly); zero records none (answers
    /// then carry no <c>decision_id</c>). Decisions and reviews are personal data in many deployments. Default 365 days.
    /// </summary>
    public TimeSpan RetainDecisions { get; init; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Quarantines an entry automatically once it has flagged more than this many decisions within
    /// <see cref="QuarantineWindow"/> (an entry that floods is more likely a benign picture in a list than a wave of
    /// abuse; a reviewer releases it if not). Default 0: off.
    /// </summary>
    public int QuarantineAfter { get; init; }

    /// <summary>The window <see cref="QuarantineAfter"/> counts in. Default 24 hours.</summary>
    public TimeSpan QuarantineWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How often this replica looks for exchanges due a fetch (each has its own interval; a lease in the store lets
    /// one replica fetch each). Zero: this replica never fetches on a schedule (<c>POST /v1/exchanges/{name}/fetch</c>
    /// still does). Default 10 s.
    /// </summary>
    public TimeSpan ExchangeCheck { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Also serve Meta's Hasher-Matcher-Actioner (HMA 1.x, "OpenMediaMatch") HTTP API at the root (<c>/status</c>,
    /// <c>/m/...</c>, <c>/h/hash</c>, <c>/c/...</c>) on the same banks and keys, so HMA clients switch by changing a
    /// URL (docs/service/hma-compat.md). Default off.
    /// </summary>
    public bool HmaCompat { get; init; }

    /// <summary>
    /// Where reviewers see the operator's own copy of a decision's upload: an absolute http(s) URL with
    /// <c>{input}</c>, replaced by the decision's query id (the lookup's <c>id</c> or the upload's file name, escaped
    /// as a URL's data), e.g. <c>https://review.internal/item/{input}</c>. Decisions then carry it as <c>link</c>
    /// and the console's review queue links out to it. The service holds no picture of known material, so the
    /// reviewer's own tools show the content. Default null: no link.
    /// </summary>
    public string? ReviewLink { get; init; }

    /// <summary><see cref="ReviewLink"/> with <paramref name="queryId"/> in it, or null without a template or an id.</summary>
    public string? ReviewLinkFor(string? queryId) =>
        ReviewLink is null || string.IsNullOrEmpty(queryId) ? null : ReviewLink.Replace(ReviewLinkInput, Uri.EscapeDataString(queryId), StringComparison.Ordinal);

    private const string ReviewLinkInput = "{input}";

    /// <summary>Least level logged to the console. Default information.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Why the options cannot work, or null.</summary>
    public string? Problem() =>
        DataDirectory is null && Database is null ? "give --data DIR (SQLite) or --database CONNECTION (PostgreSQL)" :
        Urls.Count == 0 ? "give at least one --urls address" :
        MaxBodyBytes < 1024 || MaxImportBytes < 1024 ? "body limits are at least 1 KiB" :
        MaxPixels < 1 ? "--max-pixels is at least 1" :
        MaxVideoDuration <= TimeSpan.Zero || MaxVideoFramePixels < 1 || MaxVideoFrames < 1 || VideoTimeout <= TimeSpan.Zero ? "the video limits (--max-video-seconds, --max-video-pixels, --max-video-frames, --video-timeout) are positive" :
        MaxConcurrentDecodes < 1 || DecodeQueue < 0 ? "--max-concurrent-decodes is at least 1 and --decode-queue at least 0" :
        RateLimit < 0 || RateBurstSeconds <= 0 ? "--rate-limit is at least 0" :
        RequestTimeout <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero || StaleAfter <= PollInterval ? "timeouts are positive and --stale-after exceeds the poll interval" :
        DeltaLimit < 1 ? "--delta-limit is at least 1" :
        MaxCandidates < 1 ? "--max-candidates is at least 1" :
        ShutdownTimeout < TimeSpan.Zero ? "--shutdown-timeout is at least 0" :
        ExchangeCheck < TimeSpan.Zero ? "--exchange-check is at least 0" :
        RetainDecisions < TimeSpan.Zero ? "--retain-decisions is at least 0" :
        QuarantineAfter < 0 || QuarantineWindow <= TimeSpan.Zero ? "--quarantine-after is at least 0 and --quarantine-window positive" :
        QuarantineAfter > 0 && RetainDecisions < QuarantineWindow ? "--quarantine-after counts recorded decisions: --retain-decisions must cover --quarantine-window" :
        ReviewLink is not null && !IsReviewLink(ReviewLink) ? $"--review-link must be an absolute http or https URL with {ReviewLinkInput} in it (e.g. https://review.internal/item/{ReviewLinkInput})" :
        null;

    // Only http(s): the console puts the link in an anchor, and a javascript: or data: template would run in its origin.
    private static bool IsReviewLink(string template) =>
        template.Contains(ReviewLinkInput, StringComparison.Ordinal)
        && Uri.TryCreate(template.Replace(ReviewLinkInput, "x", StringComparison.Ordinal), UriKind.Absolute, out Uri? uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
