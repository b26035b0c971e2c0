using System.CommandLine;
using HashMatch.Server;
using HashMatch.Server.Storage;

namespace HashMatch.Cli.Options;

/// <summary>
/// <c>--data DIR | --database CONNECTION</c> for the commands that work on a service's bank store without a server
/// (<c>serve keys</c>, <c>report</c>): the options, the rule that one is given, and opening the store with the
/// service's typed schema error carried to the tool's exit code.
/// </summary>
internal sealed class StoreOptions
{
    private StoreOptions(Option<string?> data, Option<string?> database)
    {
        Data = data;
        Database = database;
    }

    /// <summary>The SQLite store's data folder.</summary>
    public Option<string?> Data { get; }

    /// <summary>The PostgreSQL connection string.</summary>
    public Option<string?> Database { get; }

    /// <summary>Adds both options to <paramref name="command"/>, and the rule that one of them is given.</summary>
    public static StoreOptions AddTo(Command command)
    {
        var options = new StoreOptions(
            new Option<string?>("--data", "-d") { Description = "Data folder of the SQLite bank store (hashmatch.db), as for serve." },
            new Option<string?>("--database") { Description = "PostgreSQL connection string, as for serve." });
        command.Options.Add(options.Data);
        command.Options.Add(options.Database);
        command.Validators.Add(result =>
        {
            if (result.GetValue(options.Data) is null && result.GetValue(options.Database) is null)
            {
                result.AddError("give --data DIR (SQLite) or --database CONNECTION (PostgreSQL)");
            }
        });
        return options;
    }

    /// <summary>Opens what <paramref name="open"/> makes of the store the command line names.</summary>
    /// <exception cref="HashMatchException">The store cannot be opened, or a newer binary wrote it (<see cref="HashMatchErrorReason.UnsupportedFormat"/>).</exception>
    public async Task<T> OpenAsync<T>(ParseResult parse, Func<ServerOptions, CancellationToken, Task<T>> open, CancellationToken cancel)
    {
        try
        {
            return await open(new ServerOptions { DataDirectory = parse.GetValue(Data), Database = parse.GetValue(Database) }, cancel);
        }
        catch (StoreVersionException e)
        {
            // A typed error of the service; the tool's one failure type carries it to the exit code.
            throw new HashMatchException(e.Store, HashMatchErrorReason.UnsupportedFormat, e.Message, e);
        }
    }
}
