using HashMatch.Server;
using Npgsql;

namespace HashMatch.Tests.Server;

/// <summary>Which bank store a test runs against.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>A store of a test's own: a temporary data folder (SQLite), or a schema of its own in the test PostgreSQL database.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string? _adminConnection;
    private readonly string? _schema;

    private TestStore(StoreKind kind, string folder, string? database, string? adminConnection, string? schema)
    {
        Kind = kind;
        _folder = folder;
        Database = database;
        _adminConnection = adminConnection;
        _schema = schema;
    }

    public StoreKind Kind { get; }

    /// <summary>The data folder (SQLite's, and spooled imports for both).</summary>
    public string DataDirectory => _folder;

    /// <summary>The PostgreSQL connection string (null for SQLite).</summary>
    public string? Database { get; }

    public static async Task<TestStore> CreateAsync(StoreKind kind, PostgresCluster cluster)
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-server").FullName;
        if (kind == StoreKind.Sqlite)
        {
            return new TestStore(kind, folder, null, null, null);
        }

        string admin = await cluster.ConnectionString;
        string schema = $"hm_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema };
        return new TestStore(kind, folder, builder.ToString(), admin, schema);
    }

    /// <summary>Options for a server on this store, on a free loopback port.</summary>
    public ServerOptions Options(ServerOptions? overrides = null) => (overrides ?? new ServerOptions()) with
    {
        DataDirectory = overrides?.DataDirectory ?? _folder,
        Database = Database,
        Urls = ["http://127.0.0.1:0"],
        ApiKeys = TestServer.ApiKeys,
        LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        PollInterval = overrides?.PollInterval ?? TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Runs <paramref name="sql"/> on the store's database directly (no server) and returns the first column of the first row, or null.</summary>
    public async Task<object?> SqlAsync(string sql)
    {
        await using System.Data.Common.DbConnection connection = Kind == StoreKind.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "hashmatch.db")};Pooling=False")
            : new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using System.Data.Common.DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        object? result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_adminConnection is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
