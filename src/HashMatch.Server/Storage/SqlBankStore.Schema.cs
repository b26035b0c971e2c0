using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;

namespace HashMatch.Server.Storage;

/// <summary>The schema's version and the store's identity (<c>hm_schema</c>), and the migrations that bring a store up to date.</summary>
internal abstract partial class SqlBankStore
{
    private string? _storeId;

    public string StoreId => _storeId ?? throw new InvalidOperationException("the store is not initialised yet");

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        foreach (string statement in Dialect.BeforeMigrations)
        {
            await using DbCommand command = Command(connection, null, statement);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // One transaction: a failed migration leaves the store as it was, and a replica starting beside this one
        // waits on the lock and then finds the store already up to date.
        await using DbTransaction transaction = BeginMigration(connection);
        await ExecuteAsync(Dialect.Render(SchemaMigrations.SchemaTable));

        long version;
        string storeId;
        await using (DbCommand read = Command(connection, transaction, "SELECT version, store_id FROM hm_schema"))
        await using (DbDataReader row = await read.ExecuteReaderAsync(cancellationToken))
        {
            bool found = await row.ReadAsync(cancellationToken);
            version = found ? Convert.ToInt64(row.GetValue(0), CultureInfo.InvariantCulture) : -1;
            storeId = found ? row.GetString(1) : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        if (version < 0)
        {
            // A new store, or one from before versions were recorded (its tables pass through migration 1 unchanged).
            version = 0;
            await ExecuteAsync("INSERT INTO hm_schema (version, store_id, updated_ms) VALUES (0, @id, @t)", ("id", storeId), ("t", Now()));
        }

        if (version > SchemaMigrations.Latest)
        {
            throw new StoreVersionException(Description, version, SchemaMigrations.Latest);
        }

        foreach (SchemaMigration migration in SchemaMigrations.All.Where(m => m.Version > version))
        {
            foreach (string statement in migration.Statements)
            {
                await ExecuteAsync(Dialect.Render(statement));
            }

            await ExecuteAsync("UPDATE hm_schema SET version = @v, updated_ms = @t", ("v", (long)migration.Version), ("t", Now()));
        }

        await transaction.CommitAsync(cancellationToken);
        _storeId = storeId;

        async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
        {
            await using DbCommand command = Command(connection, transaction, sql, parameters);
            command.CommandTimeout = 0; // a migration may rewrite a large table
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
