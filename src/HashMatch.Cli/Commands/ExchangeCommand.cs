using System.CommandLine;
using System.Text.Json;
using HashMatch.Cli.Options;
using HashMatch.Exchanges;
using HashMatch.IO;
using HashMatch.Lists;

namespace HashMatch.Cli.Commands;

/// <summary>
/// <c>hashmatch exchange fetch NAME --config FILE --out LIST [--since CHECKPOINT]</c>: fetches an exchange's list (or
/// what changed since a checkpoint) into a list file, for a workstation without the service (docs/exchanges.md).
/// </summary>
internal static class ExchangeCommand
{
    /// <summary>Pages one fetch follows at most (a runaway exchange stops with an error instead of looping).</summary>
    private const int MaxPages = 1_000_000;

    public static Command Create(CommandStreams io)
    {
        var command = new Command("exchange", "Fetch hash lists from hash-sharing programmes (NCMEC, StopNCII, ThreatExchange, Tech Against Terrorism) and list files or URLs.");
        command.Subcommands.Add(Fetch(io));
        return command;
    }

    private static Command Fetch(CommandStreams io)
    {
        var name = new Argument<string>("name") { Description = "The exchange's name in the configuration file." };
        var config = new Option<string>("--config") { Description = "A JSON file naming exchanges: {\"NAME\": {\"type\": \"ncmec\", \"environment\": \"law_enforcement\", \"credentials\": \"env:NCMEC_CREDENTIALS\"}, ...}.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "The list to write (atomically).", Required = true };
        var since = new Option<string?>("--since") { Description = "A checkpoint a previous fetch printed: only what changed after it (entries added or changed; withdrawn ids go to --removed)." };
        var removed = new Option<string?>("--removed") { Description = "With --since: write the ids the exchange withdrew here, one per line." };
        Option<ListFormat> format = ListFormatOption.CreateConcrete("--list-format", "Layout of the list written.", "jsonl");
        var command = new Command("fetch", """
            Fetches an exchange page by page, retrying what fails for a moment (connection cut, 429 with Retry-After,
            5xx), and writes its list — or, with --since, what changed after that checkpoint — to --out. The
            checkpoint to pass as --since next time is printed on stdout as JSON with the counts. A malformed page
            stops the fetch with an error and nothing is written. Credentials are read from where the configuration
            points (env:VARIABLE or file:PATH), never from the configuration itself, and never printed.

            Examples:
              hashmatch exchange fetch ncmec-le --config exchanges.json --out ncmec.jsonl > checkpoint.json
              hashmatch exchange fetch ncmec-le --config exchanges.json --out new.jsonl --removed withdrawn.txt --since CHECKPOINT
            Exit codes: 0 written, 2 bad arguments, 3 the exchange or configuration failed (the message says why).
            """) { name, config, output, since, removed, format };
        command.SetAction(async (parse, cancel) =>
        {
            ExchangeSettings settings = Settings(parse.GetValue(config)!, parse.GetValue(name)!);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
            IHashExchange exchange = HashExchanges.Create(settings, http);
            string? checkpoint = parse.GetValue(since);
            bool incremental = checkpoint is not null;
            var entries = new Dictionary<string, IReadOnlyList<ListEntry>>(StringComparer.Ordinal);
            var withdrawn = new HashSet<string>(StringComparer.Ordinal);
            int pages = 0;
            ExchangePage page;
            do
            {
                page = await exchange.FetchAsync(checkpoint, cancel);
                if (page.FullList)
                {
                    withdrawn.UnionWith(entries.Keys.Except(page.Changes.Select(c => c.Id)));
                    entries.Clear();
                }

                foreach (ExchangeChange change in page.Changes)
                {
                    if (change.Removed)
                    {
                        entries.Remove(change.Id);
                        withdrawn.Add(change.Id);
                    }
                    else
                    {
                        entries[change.Id] = change.Entries;
                        withdrawn.Remove(change.Id);
                    }
                }

                checkpoint = page.Checkpoint;
                if (++pages >= MaxPages)
                {
                    throw new HashMatchException(exchange.Name, HashMatchErrorReason.TooLarge, $"still more after {MaxPages} pages");
                }
            }
            while (page.HasMore);

            ListFormat layout = parse.GetValue(format) is ListFormat.Auto ? ListFormat.JsonLines : parse.GetValue(format);
            AtomicFile.Write(parse.GetValue(output)!, stream =>
            {
                using var text = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
                ListWriter.Write(text, entries.Values.SelectMany(e => e), layout);
                text.Flush();
            });
            if (incremental && parse.GetValue(removed) is { } removedPath)
            {
                AtomicFile.WriteAllText(removedPath, string.Concat(withdrawn.Order(StringComparer.Ordinal).Select(id => id + "\n")));
            }

            using (var summary = new MemoryStream())
            {
                using (var json = new Utf8JsonWriter(summary))
                {
                    json.WriteStartObject();
                    json.WriteString("exchange", exchange.Name);
                    json.WriteString("checkpoint", checkpoint);
                    json.WriteNumber("pages", pages);
                    json.WriteNumber("entries", entries.Count);
                    json.WriteNumber("removed", incremental ? withdrawn.Count : 0);
                    json.WriteEndObject();
                }

                await io.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(summary.ToArray()));
            }

            await io.Out.FlushAsync(cancel);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The settings named <paramref name="name"/> in the configuration file <paramref name="path"/>.</summary>
    private static ExchangeSettings Settings(string path, string name)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, e.Message, e);
        }

        JsonElement exchanges;
        try
        {
            using var document = JsonDocument.Parse(text);
            exchanges = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Malformed, $"not JSON: {e.Message}", e);
        }

        return exchanges.ValueKind == JsonValueKind.Object && exchanges.TryGetProperty(name, out JsonElement settings)
            ? ExchangeSettings.Parse(settings.GetRawText(), $"{path}: {name}")
            : throw new HashMatchException(path, HashMatchErrorReason.Malformed, $"names no exchange '{name}' (the file is a JSON object of name: settings)");
    }
}
