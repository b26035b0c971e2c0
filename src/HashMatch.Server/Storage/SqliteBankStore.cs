using System.Data.Common;
using HashMatch.Lists;
using Microsoft.Data.Sqlite;

namespace HashMatch.Server.Storage;

/// <summary>
/// The default store: one SQLite file (<c>hashmatch.db</c> in the data folder) in write-ahead-log mode, so readers
/// (index builds, exports) never wait for a writer and a writer never waits for them. Writers take SQLite's write
/// lock at the start of their transaction (<c>BEGIN IMMEDIATE</c>), which serialises them as the change log needs.
/// One process at a time should own the file; for several replicas use PostgreSQL.
/// </summary>
internal sealed class SqliteBankStore : SqlBankStore
{
    private readonly string _connectionString;

    /// <param name="path">The database file (created when missing).</param>
    /// <param name="lockTimeout">How long a writer waits for another writer's lock before failing with SQLITE_BUSY.</param>
    public SqliteBankStore(string path, TimeSpan lockTimeout)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)lockTimeout.TotalSeconds), // SQLITE_BUSY is retried until then
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public override string Description => $"sqlite:{Path}";

    protected override SqlDialect Dialect => SqlDialect.Sqlite;

    protected override DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();

        // NORMAL is durable in WAL mode except for the last transactions before a power loss (SQLite docs, "WAL").
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = NORMAL";
        pragma.ExecuteNonQuery();
        return connection;
    }

    protected override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    protected override DbTransaction BeginMigration(DbConnection connection) => BeginWrite(connection);

    protected override DbTransaction BeginRecordWrite(DbConnection connection) => BeginWrite(connection);

    protected override DbTransaction BeginSnapshotRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    protected override long BulkInsert(DbConnection connection, DbTransaction transaction, long bankId, long sequence, Action<Action<ListEntry>> entries, CancellationToken cancellationToken)
    {
        string[] names = EntryColumns.Names.Split(", ");
        using DbCommand insert = Command(connection, transaction,
            $"INSERT INTO hm_entries (bank_id, seq, {EntryColumns.Names}) VALUES (@bank, @seq, {string.Join(", ", names.Select(n => "@" + n))})",
            [("bank", bankId), ("seq", sequence), .. names.Select(n => (n, (object?)null))]);
        insert.Prepare();
        var values = new object?[EntryColumns.Count];
        long count = 0;
        entries(entry =>
        {
            if ((count & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            EntryColumns.Write(entry, values);
            for (int i = 0; i < values.Length; i++)
            {
                insert.Parameters[i + 2].Value = values[i] ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
            count++;
        });
        return count;
    }
}
