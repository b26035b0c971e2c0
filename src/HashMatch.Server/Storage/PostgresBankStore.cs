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

    protected override SqlDialect Dialect => SqlDialect.Postgres;

    public override void Dispose() => _source.Dispose();

    protected override DbConnection Open() => _source.OpenConnection();

    protected override DbTransaction BeginWrite(DbConnection connection)
    {
        DbTransaction transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        using DbCommand command = Command(connection, transaction, "LOCK TABLE hm_changes IN EXCLUSIVE MODE");
        command.ExecuteNonQuery();
        return transaction;
    }

    protected override DbTransaction BeginRecordWrite(DbConnection connection) => connection.BeginTransaction(IsolationLevel.ReadCommitted);

    protected override DbTransaction BeginMigration(DbConnection connection)
    {
        // A transaction-scoped advisory lock, per schema: hm_schema may not exist yet to be locked, and two replicas
        // starting at once would otherwise both try to create it.
        DbTransaction transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        using DbCommand command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('hashmatch.schema:' || current_schema()))");
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
            NpgsqlDbType.Bytea,
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
