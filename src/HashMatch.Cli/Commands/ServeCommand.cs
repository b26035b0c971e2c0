using System.CommandLine;
using HashMatch.Cli.Options;
using HashMatch.Server;
using HashMatch.Server.Storage;
using Microsoft.Extensions.Logging;

namespace HashMatch.Cli.Commands;

/// <summary><c>hashmatch serve --data DIR [--urls URL]</c>: the matching service (docs/service.md).</summary>
internal static class ServeCommand
{
    /// <summary>The help text, a constant so that the native executable lists the command without its code.</summary>
    public const string Description = """
            Run the matching service: banks (named hash lists with their own threshold, quality limits, query
            variants and role) in SQLite under --data, or in PostgreSQL (--database) shared by several replicas;
            endpoints /v1/match (an uploaded image or video), /v1/lookup (up to 10,000 hashes), /v1/hash, /v1/banks[/NAME]
            [/entries|/videos|/import|/export], /v1/index, the review loop (/v1/decisions, /v1/reviews, /v1/complaints,
            /v1/quarantine, /v1/exclusions, /v1/reports/errors|thresholds), /health/live, /health/ready, /metrics
            (Prometheus) and the OpenAPI document at /openapi/v1.json. Every answer with a match is recorded as a
            decision (its hashes, never the image) and kept --retain-decisions days. API keys go in the X-Api-Key header; 'serve keys add|list|revoke'
            manages them in the store (as SHA-256 digests), and HASHMATCH_API_KEYS="KEY:write,KEY:read+metrics"
            (keys of 22 characters or more) bootstraps them: at each start its keys are stored, and keys it held
            before but no longer does are revoked. Ctrl-C or SIGTERM stops it.

            Examples:
              hashmatch serve keys add --data /var/lib/hashmatch --name ingest --scope write
              HASHMATCH_API_KEYS="$(cat /etc/hashmatch/keys)" hashmatch serve --data /var/lib/hashmatch
              hashmatch serve --database "Host=db;Database=hashmatch;Username=hm;Password=..." --urls http://0.0.0.0:8080
            Exit codes: 0 stopped, 2 bad arguments, 3 the store or the address cannot be opened (or its schema is newer than
            this hashmatch), 130/143 stopped by a signal.
            """;

    public static Command Create(CommandStreams io)
    {
        var defaults = new ServerOptions();
        var data = new Option<string?>("--data", "-d") { Description = "Data folder: the SQLite bank store (hashmatch.db) and spooled imports. Created when missing." };
        var database = new Option<string?>("--database") { Description = "PostgreSQL connection string (\"Host=...;Database=...;Username=...;Password=...\") instead of SQLite; several replicas may share it." };
        var urls = new Option<string[]>("--urls") { Description = $"Addresses to listen on (default {defaults.Urls[0]}); repeat or separate with ';'. https:// takes its certificate from Kestrel configuration (--config or Kestrel__Certificates__Default__Path).", AllowMultipleArgumentsPerToken = true };
        var config = new Option<string?>("--config") { Description = "A JSON configuration file (Kestrel endpoints and certificates, Logging)." };
        Option<long> maxBody = Ranged("--max-body-bytes", "Largest upload or lookup body, in bytes.", defaults.MaxBodyBytes, 1024, long.MaxValue);
        Option<long> maxImport = Ranged("--max-import-bytes", "Largest import body, in bytes.", defaults.MaxImportBytes, 1024, long.MaxValue);
        Option<long> maxPixels = Ranged("--max-pixels", "Largest image decoded, in pixels (width × height).", defaults.MaxPixels, 1, long.MaxValue);
        Option<double> maxVideoSeconds = Ranged("--max-video-seconds", "Longest uploaded video /v1/match examines, in seconds; longer is 413.", defaults.MaxVideoDuration.TotalSeconds, 0.001, 86400);
        Option<long> maxVideoPixels = Ranged("--max-video-pixels", "Largest uploaded video frame decoded, in pixels (width × height); larger is 413.", defaults.MaxVideoFramePixels, 1, long.MaxValue);
        Option<long> maxVideoFrames = Ranged("--max-video-frames", "Most frames decoded from one uploaded video (every frame, not only those hashed); beyond it 413.", defaults.MaxVideoFrames, 1, long.MaxValue);
        Option<double> videoTimeout = Ranged("--video-timeout", "Seconds each FFmpeg run for an uploaded video may take (probe, vPDQ decode, TMK decode); then 503.", defaults.VideoTimeout.TotalSeconds, 0.001, 86400);
        var ffmpeg = new Option<string?>("--ffmpeg") { Description = "The ffmpeg executable for uploaded videos (ffprobe beside it). Default: HASHMATCH_FFMPEG, else ffmpeg on the PATH." };
        Option<int> decodes = Ranged("--max-concurrent-decodes", "Images (or videos) decoded at once.", defaults.MaxConcurrentDecodes, 1, 4096);
        Option<int> queue = Ranged("--decode-queue", "Uploads that may wait for a decode; beyond it 503 with Retry-After.", defaults.DecodeQueue, 0, 1 << 20);
        Option<double> rate = Ranged("--rate-limit", "Requests per second one API key may make; beyond it 429 with Retry-After (0: no limit).", 0.0, 0, 1e9);
        Option<double> timeout = Ranged("--request-timeout", "Seconds a request may take (imports and exports excepted); then 503.", defaults.RequestTimeout.TotalSeconds, 0.001, 86400);
        Option<double> poll = Ranged("--poll-interval", "Seconds between polls of the bank store's change log (other replicas' changes).", defaults.PollInterval.TotalSeconds, 0.01, 3600);
        Option<double> stale = Ranged("--stale-after", "Seconds without a successful poll after which /health/ready fails.", defaults.StaleAfter.TotalSeconds, 0.02, 86400);
        Option<int> deltaLimit = Ranged("--delta-limit", "Entries added (or ids removed) since a bank's last build before a full rebuild folds them in.", defaults.DeltaLimit, 1, int.MaxValue);
        Option<int> maxCandidates = Ranged("--max-candidates", "Most candidates one query reports per bank (closest first; candidates_omitted counts the rest).", defaults.MaxCandidates, 1, 100_000);
        Option<int> retain = Ranged("--retain-decisions", "Days match decisions, their reviews and complaints are kept (purged hourly); 0 records none.", (int)defaults.RetainDecisions.TotalDays, 0, 36_500);
        Option<int> quarantineAfter = Ranged("--quarantine-after", "Quarantine an entry automatically once it flags more than this many decisions within --quarantine-window (0: off).", defaults.QuarantineAfter, 0, int.MaxValue);
        Option<double> quarantineWindow = Ranged("--quarantine-window", "Hours --quarantine-after counts in.", defaults.QuarantineWindow.TotalHours, 0.001, 24 * 36_500);
        Option<double> exchangeCheck = Ranged("--exchange-check", "Seconds between looks for exchanges due a fetch (each has its own interval; a lease lets one replica fetch each); 0: this replica never fetches on a schedule.", defaults.ExchangeCheck.TotalSeconds, 0, 86400);
        Option<double> shutdown = Ranged("--shutdown-timeout", "Seconds a stopping server (SIGTERM, Ctrl-C) waits for requests in flight, imports included.", defaults.ShutdownTimeout.TotalSeconds, 0, 86400);
        var levels = new Dictionary<string, LogLevel>(StringComparer.OrdinalIgnoreCase) { ["debug"] = LogLevel.Debug, ["information"] = LogLevel.Information, ["warning"] = LogLevel.Warning, ["error"] = LogLevel.Error };
        var reviewLink = new Option<string?>("--review-link") { Description = "Link reviewers out to the operator's own copy of an upload: an http(s) URL with {input} (a decision's query id), e.g. https://review.internal/item/{input}. Off by default.", HelpName = "url" };
        var hmaCompat = new Option<bool>("--hma-compat") { Description = "Also serve Meta's HMA 1.x (OpenMediaMatch) HTTP API at the root (/status, /m, /h, /c) on the same banks and keys, so HMA clients switch by changing a URL (docs/service/hma-compat.md)." };
        var logLevel = new Option<string>("--log-level") { Description = "Least level logged on stderr: debug, information, warning or error (default information).", HelpName = "debug|information|warning|error", DefaultValueFactory = _ => "information" };
        logLevel.AcceptOnlyFromAmong([.. levels.Keys]);
        var command = new Command("serve", Description)
        {
            data, database, urls, config, maxBody, maxImport, maxPixels, maxVideoSeconds, maxVideoPixels, maxVideoFrames, videoTimeout, ffmpeg, decodes, queue, rate, timeout, poll, stale, deltaLimit, maxCandidates, retain, quarantineAfter, quarantineWindow, exchangeCheck, shutdown, reviewLink, hmaCompat, logLevel,
            ServeKeysCommand.Create(io),
        };
        command.SetAction(async (parse, cancel) =>
        {
            string[] addresses = [.. (parse.GetValue(urls) ?? []).SelectMany(u => u.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
            var options = new ServerOptions
            {
                DataDirectory = parse.GetValue(data),
                Database = parse.GetValue(database),
                Urls = addresses.Length > 0 ? addresses : defaults.Urls,
                ConfigurationFile = parse.GetValue(config),
                MaxBodyBytes = parse.GetValue(maxBody),
                MaxImportBytes = parse.GetValue(maxImport),
                MaxPixels = parse.GetValue(maxPixels),
                MaxVideoDuration = TimeSpan.FromSeconds(parse.GetValue(maxVideoSeconds)),
                MaxVideoFramePixels = parse.GetValue(maxVideoPixels),
                MaxVideoFrames = parse.GetValue(maxVideoFrames),
                VideoTimeout = TimeSpan.FromSeconds(parse.GetValue(videoTimeout)),
                FfmpegPath = parse.GetValue(ffmpeg),
                MaxConcurrentDecodes = parse.GetValue(decodes),
                DecodeQueue = parse.GetValue(queue),
                RateLimit = parse.GetValue(rate),
                RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                PollInterval = TimeSpan.FromSeconds(parse.GetValue(poll)),
                ExchangeCheck = TimeSpan.FromSeconds(parse.GetValue(exchangeCheck)),
                StaleAfter = TimeSpan.FromSeconds(parse.GetValue(stale)),
                DeltaLimit = parse.GetValue(deltaLimit),
                MaxCandidates = parse.GetValue(maxCandidates),
                RetainDecisions = TimeSpan.FromDays(parse.GetValue(retain)),
                QuarantineAfter = parse.GetValue(quarantineAfter),
                QuarantineWindow = TimeSpan.FromHours(parse.GetValue(quarantineWindow)),
                ShutdownTimeout = TimeSpan.FromSeconds(parse.GetValue(shutdown)),
                ReviewLink = parse.GetValue(reviewLink),
                HmaCompat = parse.GetValue(hmaCompat),
                LogLevel = levels[parse.GetValue(logLevel)!],
            };
            if (options.Problem() is { } problem)
            {
                await io.Error.WriteLineAsync($"error: {problem}");
                return ExitCodes.BadArguments;
            }

            // A signal lets requests in flight finish (the host waits up to the shutdown timeout), so the process must
            // not be ended before that: the grace period covers the timeout and the store's closing.
            SignalGrace.Period = options.ShutdownTimeout + TimeSpan.FromSeconds(5);
            await using HashMatchServer server = await StartAsync(options, cancel);
            await io.Error.WriteLineAsync($"serve: listening on {string.Join(", ", server.Urls)}; banks in {server.Store}; Ctrl-C stops");
            await server.WaitForShutdownAsync(cancel);

            // A service has no work that "finished" before the signal: stopped by one, it exits with the signal's code
            // (Program maps this to 130 or 143), which the systemd unit in docs/service lists as a success.
            return cancel.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Success;
        });
        return command;
    }

    private static async Task<HashMatchServer> StartAsync(ServerOptions options, CancellationToken cancel)
    {
        try
        {
            return await HashMatchServer.StartAsync(options, cancel);
        }
        catch (StoreVersionException e)
        {
            // A typed error of the service; the tool's one failure type carries it to the exit code.
            throw new HashMatchException(e.Store, HashMatchErrorReason.UnsupportedFormat, e.Message, e);
        }
    }

    private static Option<T> Ranged<T>(string name, string description, T defaultValue, T minimum, T maximum)
        where T : IComparable<T> =>
        StandardOptions.Ranged(new Option<T>(name) { Description = $"{description} Default {defaultValue}.", DefaultValueFactory = _ => defaultValue }, minimum, maximum);
}
