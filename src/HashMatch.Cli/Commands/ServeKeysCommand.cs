using System.CommandLine;
using System.Globalization;
using HashMatch.Cli.Options;
using HashMatch.Cli.Output;
using HashMatch.Server;
using HashMatch.Server.Security;
using HashMatch.Server.Storage;

namespace HashMatch.Cli.Commands;

/// <summary><c>hashmatch serve keys add|list|revoke</c>: the service's API keys, kept in its bank store (docs/service.md, "Keys").</summary>
internal static class ServeKeysCommand
{
    public static Command Create(CommandStreams io)
    {
        var command = new Command("keys", """
            Manage the service's API keys in its bank store (the same --data or --database as serve). Keys are stored
            as SHA-256 digests; 'add' prints a new key once. Running servers on the store pick up an added or revoked
            key within their poll interval. Scopes: read (match, lookup, hash, GET banks and index), write (bank,
            entry and import changes, export, rebuild; includes read), metrics (/metrics), review (decisions, reviews,
            complaints, quarantine and exclusions, the error reports), admin (/v1/keys: the keys, as this command).

            Examples:
              hashmatch serve keys add --data /var/lib/hashmatch --name ingest --scope write
              hashmatch serve keys add --database "Host=db;..." --name prometheus --scope metrics
              hashmatch serve keys list --data /var/lib/hashmatch
              hashmatch serve keys revoke --data /var/lib/hashmatch ingest
            Exit codes: 0 done, 2 bad arguments, 3 the store cannot be opened, or no such key / the name is taken.
            """);
        command.Subcommands.Add(Add(io));
        command.Subcommands.Add(List(io));
        command.Subcommands.Add(Revoke(io));
        return command;
    }

    private static Command Add(CommandStreams io)
    {
        var name = new Option<string>("--name") { Description = $"A unique name: 1 to {ApiKeyCatalog.MaxNameLength} letters, digits, '.', '_' or '-', not all digits.", Required = true };
        var scope = new Option<string[]>("--scope")
        {
            Description = $"Scopes: {string.Join(", ", ApiScopeNames.All)}; repeat or separate with ','.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        scope.Validators.Add(result =>
        {
            if (ApiScopeNames.Parse(string.Join(",", result.GetValueOrDefault<string[]>() ?? [])) is null)
            {
                result.AddError($"--scope takes {string.Join(", ", ApiScopeNames.All)}");
            }
        });
        name.Validators.Add(result =>
        {
            if (ApiKeyCatalog.NameProblem(result.GetValueOrDefault<string>() ?? "") is { } problem)
            {
                result.AddError($"--name: {problem}");
            }
        });
        var command = new Command("add", """
            Generate a key (256 random bits), store its SHA-256 digest with the name, scopes and time, and print the
            key on stdout — once: it cannot be shown again.

            Examples:
              hashmatch serve keys add --data /var/lib/hashmatch --name ingest --scope write
              hashmatch serve keys add --data /var/lib/hashmatch --name scanner --scope read,metrics
            Exit codes: 0 added, 2 bad arguments, 3 the store cannot be opened or the name is taken.
            """) { name, scope };
        StoreOptions store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            using ApiKeyCatalog catalog = await store.OpenAsync(parse, ApiKeyCatalog.OpenAsync, cancel);
            ApiScopes scopes = ApiScopeNames.Parse(string.Join(",", parse.GetRequiredValue(scope)))!.Value;
            (ApiKeyRecord record, string key) = await catalog.AddAsync(parse.GetRequiredValue(name), scopes, cancel);
            await io.Out.WriteLineAsync(key);
            await io.Error.WriteLineAsync($"keys: added key {record.Id} '{record.Name}' ({ApiScopeNames.Format(record.Scopes)}) to {catalog.Store}; the key above is shown only now");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CommandStreams io)
    {
        var command = new Command("list", """
            List the keys as TSV: id, name, scopes, source (command or environment), created, last used (written at
            most once a minute per server) and revoked, in UTC ('-' for never). Keys themselves are never shown.

            Examples:
              hashmatch serve keys list --data /var/lib/hashmatch
            Exit codes: 0 listed, 2 bad arguments, 3 the store cannot be opened.
            """);
        StoreOptions store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            using ApiKeyCatalog catalog = await store.OpenAsync(parse, ApiKeyCatalog.OpenAsync, cancel);
            await io.Out.WriteLineAsync("id\tname\tscopes\tsource\tcreated\tlast_used\trevoked");
            foreach (ApiKeyRecord key in await catalog.ListAsync(cancel))
            {
                string source = key.Source == ApiKeySource.Environment ? "environment" : "command";
                await io.Out.WriteLineAsync(string.Join('\t', key.Id.ToString(CultureInfo.InvariantCulture), key.Name, ApiScopeNames.Format(key.Scopes), source, Time(key.Created), Time(key.LastUsed), Time(key.Revoked)));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Revoke(CommandStreams io)
    {
        var key = new Argument<string>("key") { Description = "The key's id or name (as 'keys list' shows them)." };
        var command = new Command("revoke", """
            Revoke a key by id or name: servers on the store refuse it within their poll interval. Revocation is final.

            Examples:
              hashmatch serve keys revoke --data /var/lib/hashmatch ingest
              hashmatch serve keys revoke --data /var/lib/hashmatch 3
            Exit codes: 0 revoked, 2 bad arguments, 3 the store cannot be opened or no key has that id or name.
            """) { key };
        StoreOptions store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            using ApiKeyCatalog catalog = await store.OpenAsync(parse, ApiKeyCatalog.OpenAsync, cancel);
            string wanted = parse.GetRequiredValue(key);
            ApiKeyRecord revoked = await catalog.RevokeAsync(wanted, cancel)
                ?? throw new HashMatchException(wanted, HashMatchErrorReason.Malformed, $"no key has the id or name '{TextEscaping.Control(wanted)}' in {catalog.Store}");
            await io.Error.WriteLineAsync($"keys: key {revoked.Id} '{revoked.Name}' is revoked (since {Time(revoked.Revoked)})");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "-";
}
