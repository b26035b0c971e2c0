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

    protected override IEnumerable<string> SchemaStatements =>
    [
        "PRAGMA journal_mode = WAL",
        """
        CREATE TABLE IF NOT EXISTS hm_banks (
            id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,
            max_distance INTEGER NOT NULL, min_query_quality INTEGER NOT NULL, min_entry_quality INTEGER NOT NULL,
            variants INTEGER NOT NULL, role INTEGER NOT NULL, enabled INTEGER NOT NULL,
            created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS hm_entries (
            id INTEGER PRIMARY KEY, bank_id INTEGER NOT NULL, seq INTEGER NOT NULL, entry_id TEXT NOT NULL,
            pdq BLOB, quality INTEGER, md5 BLOB, sha1 BLOB, sha256 BLOB, photodna TEXT,
            category TEXT, tags TEXT, source TEXT, note TEXT, augmented INTEGER NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS hm_entries_by_seq ON hm_entries (bank_id, seq)",
        "CREATE INDEX IF NOT EXISTS hm_entries_by_id ON hm_entries (bank_id, entry_id)",
        """
        CREATE TABLE IF NOT EXISTS hm_changes (
            seq INTEGER PRIMARY KEY, bank_id INTEGER NOT NULL, kind INTEGER NOT NULL, entry_id TEXT,
            count INTEGER NOT NULL, at_ms INTEGER NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS hm_changes_by_bank ON hm_changes (bank_id, kind, seq)",
        "CREATE TABLE IF NOT EXISTS hm_api_keys (key_sha256 TEXT PRIMARY KEY, scope INTEGER NOT NULL, label TEXT NOT NULL, created_ms INTEGER NOT NULL)",
    ];

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
