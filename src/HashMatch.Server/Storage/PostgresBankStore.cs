using System.Data;
using System.Data.Common;
using HashMatch.Lists;
using Npgsql;
using NpgsqlTypes;

namespace HashMatch.Server.Storage;

/// <summary>
/// PostgreSQL, for several replicas sharing one bank store (<c>--database "Host=...;Database=...;Username=..."</c>).
/// Writers lock the change log table in EXCLUSIVE mode (readers are not blocked) so sequence numbers are assigned in
/// commit order; index builds read in one REPEATABLE READ transaction; imports stream in with binary COPY.
/// </summary>
internal sealed class PostgresBankStore : SqlBankStore
{
    private readonly NpgsqlDataSource _source;
    private readonly string _description;

    public PostgresBankStore(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _description = $"postgresql:{builder.Host}:{builder.Port}/{builder.Database}";
        _source = NpgsqlDataSource.Create(builder);
    }

    public override string Description => _description;

    protected override IEnumerable<string> SchemaStatements =>
    [
        """
        CREATE TABLE IF NOT EXISTS hm_banks (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name TEXT NOT NULL UNIQUE,
            max_distance INTEGER NOT NULL, min_query_quality INTEGER NOT NULL, min_entry_quality INTEGER NOT NULL,
            variants INTEGER NOT NULL, role INTEGER NOT NULL, enabled BOOLEAN NOT NULL,
            created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS hm_entries (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, bank_id BIGINT NOT NULL, seq BIGINT NOT NULL, entry_id TEXT NOT NULL,
            pdq BYTEA, quality SMALLINT, md5 BYTEA, sha1 BYTEA, sha256 BYTEA, photodna TEXT,
            category TEXT, tags TEXT, source TEXT, note TEXT, augmented BOOLEAN NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS hm_entries_by_seq ON hm_entries (bank_id, seq, id)",
        "CREATE INDEX IF NOT EXISTS hm_entries_by_id ON hm_entries (bank_id, entry_id)",
        """
        CREATE TABLE IF NOT EXISTS hm_changes (
            seq BIGINT PRIMARY KEY, bank_id BIGINT NOT NULL, kind INTEGER NOT NULL, entry_id TEXT,
            count BIGINT NOT NULL, at_ms BIGINT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS hm_changes_by_bank ON hm_changes (bank_id, kind, seq)",
        "CREATE TABLE IF NOT EXISTS hm_api_keys (key_sha256 TEXT PRIMARY KEY, scope INTEGER NOT NULL, label TEXT NOT NULL, created_ms BIGINT NOT NULL)",
    ];

    public override void Dispose() => _source.Dispose();

    protected override DbConnection Open() => _source.OpenConnection();

    protected override DbTransaction BeginWrite(DbConnection connection)
    {
        DbTransaction transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        using DbCommand command = Command(connection, transaction, "LOCK TABLE hm_changes IN EXCLUSIVE MODE");
        command.ExecuteNonQuery();
        return transaction;
    }

    protected override DbTransaction BeginSnapshotRead(DbConnection connection) => connection.BeginTransaction(IsolationLevel.RepeatableRead);

    protected override long BulkInsert(DbConnection connection, DbTransaction transaction, long bankId, long sequence, Action<Action<ListEntry>> entries, CancellationToken cancellationToken)
    {
        using NpgsqlBinaryImporter copy = ((NpgsqlConnection)connection).BeginBinaryImport(
            $"COPY hm_entries (bank_id, seq, {EntryColumns.Names}) FROM STDIN (FORMAT BINARY)");
        NpgsqlDbType[] types =
        [
            NpgsqlDbType.Text, NpgsqlDbType.Bytea, NpgsqlDbType.Smallint, NpgsqlDbType.Bytea, NpgsqlDbType.Bytea, NpgsqlDbType.Bytea,
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Boolean,
        ];
        var values = new object?[EntryColumns.Count];
        long count = 0;
        entries(entry =>
        {
            if ((count & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            EntryColumns.Write(entry, values);
            copy.StartRow();
            copy.Write(bankId, NpgsqlDbType.Bigint);
            copy.Write(sequence, NpgsqlDbType.Bigint);
            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] is { } value)
                {
                    copy.Write(value, types[i]);
                }
                else
                {
                    copy.WriteNull();
                }
            }

            count++;
        });
        copy.Complete();
        return count;
    }
}
