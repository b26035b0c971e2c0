using System.Data.Common;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Pdq;

namespace HashMatch.Server.Storage;

/// <summary>
/// The SQL both databases share: tables <c>hm_banks</c>, <c>hm_entries</c>, <c>hm_changes</c> (the change log),
/// <c>hm_keys</c> (SqlBankStore.ApiKeys.cs) and <c>hm_schema</c> (SqlBankStore.Schema.cs); the dialects
/// (<see cref="SqliteBankStore"/>, <see cref="PostgresBankStore"/>) supply the schema types, the writers' and the
/// migration lock, the consistent read and the bulk insert.
/// </summary>
internal abstract partial class SqlBankStore : IBankStore
{
    private const string BankColumns = "id, name, max_distance, min_query_quality, min_entry_quality, variants, role, enabled, created_ms, updated_ms, vpdq_percent, tmk_percent, local_min_inliers";

    public abstract string Description { get; }

    /// <summary>An open connection.</summary>
    protected abstract DbConnection Open();

    /// <summary>The database's types and start-up statements.</summary>
    protected abstract SqlDialect Dialect { get; }

    /// <summary>
    /// Begins the migration transaction, holding a lock that keeps other processes starting on the same store from
    /// migrating it at the same time.
    /// </summary>
    protected abstract DbTransaction BeginMigration(DbConnection connection);

    /// <summary>Begins a write transaction holding the store-wide writers' lock (so sequence numbers are assigned in commit order).</summary>
    protected abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Begins a read transaction that sees one snapshot of the store throughout.</summary>
    protected abstract DbTransaction BeginSnapshotRead(DbConnection connection);

    /// <summary>Inserts rows into <c>hm_entries</c> (bank_id, seq, then <see cref="EntryColumns.Names"/>) inside <paramref name="transaction"/>; returns how many.</summary>
    protected abstract long BulkInsert(DbConnection connection, DbTransaction transaction, long bankId, long sequence, Action<Action<ListEntry>> entries, CancellationToken cancellationToken);

    /// <summary>
    /// The store <paramref name="options"/> name: PostgreSQL with <see cref="ServerOptions.Database"/>, else SQLite's
    /// <c>hashmatch.db</c> in <see cref="ServerOptions.DataDirectory"/> (the folder is created when missing).
    /// </summary>
    public static SqlBankStore Open(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The data folder holds SQLite's database, the index files and spooled imports, and is the server's content
        // root, so it must exist before anything starts, whichever store keeps the banks.
        if (options.DataDirectory is { } data)
        {
            Directory.CreateDirectory(data);
        }

        if (options.Database is { } connection)
        {
            return new PostgresBankStore(connection);
        }

        // A writer waits for another's lock at most as long as a request may take (then 503 + Retry-After): SQLite's
        // wait cannot be cancelled, so a longer one outlived the request timeout (60 s for a 30 s limit; issue 22).
        return new SqliteBankStore(Path.Combine(options.DataDirectory!, "hashmatch.db"), options.RequestTimeout);
    }

    /// <summary>
    /// The store of <paramref name="options"/>, initialised (upgraded like a server start does), for a command that
    /// works on it without a server (<paramref name="command"/> names it in errors).
    /// </summary>
    /// <exception cref="HashMatchException">Neither a data folder nor a database is given (<see cref="HashMatchErrorReason.Malformed"/>), or the store cannot be opened (<see cref="HashMatchErrorReason.Unreadable"/>).</exception>
    /// <exception cref="StoreVersionException">A newer binary wrote the store.</exception>
    public static async Task<SqlBankStore> OpenForCommandAsync(ServerOptions options, string command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DataDirectory is null && options.Database is null)
        {
            throw new HashMatchException(command, HashMatchErrorReason.Malformed, "give --data DIR (SQLite) or --database CONNECTION (PostgreSQL)");
        }

        SqlBankStore store = Open(options);
        try
        {
            await store.InitializeAsync(cancellationToken);
            return store;
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            store.Dispose();
            throw new HashMatchException(store.Description, HashMatchErrorReason.Unreadable, $"cannot open the bank store: {e.Message}", e);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public virtual void Dispose()
    {
    }

    public async Task<IReadOnlyList<BankRecord>> BanksAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        return ReadBanks(connection, null);
    }

    public async Task<BankRecord?> BankAsync(string name, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        return FindBank(connection, null, name);
    }

    public async Task<(BankRecord Bank, long Sequence)?> CreateBankAsync(BankSettings settings, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginWrite(connection);
        if (FindBank(connection, transaction, settings.Name) is not null)
        {
            return null;
        }

        long now = Now();
        await using (DbCommand insert = Command(connection, transaction,
            "INSERT INTO hm_banks (name, max_distance, min_query_quality, min_entry_quality, variants, role, enabled, created_ms, updated_ms, vpdq_percent, tmk_percent, local_min_inliers) " +
            "VALUES (@n, @d, @q, @e, @v, @r, @en, @t, @t, @vp, @tp, @li)",
            ("n", settings.Name), ("d", settings.Options.MaxDistance), ("q", settings.Options.MinQueryQuality), ("e", settings.Options.MinEntryQuality),
            ("v", (int)settings.Options.Variants), ("r", (int)settings.Options.Role), ("en", settings.Enabled), ("t", now),
            ("vp", settings.VpdqMatchPercent), ("tp", settings.TmkMatchPercent), ("li", LocalMinInliers(settings))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        BankRecord bank = FindBank(connection, transaction, settings.Name)!;
        long sequence = AppendChange(connection, transaction, bank.Id, ChangeKind.Bank, null, 0);
        await transaction.CommitAsync(cancellationToken);
        return (bank, sequence);
    }

    public async Task<(BankRecord Bank, long Sequence)?> UpdateBankAsync(BankSettings settings, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginWrite(connection);
        if (FindBank(connection, transaction, settings.Name) is not { } existing)
        {
            return null;
        }

        await using (DbCommand update = Command(connection, transaction,
            "UPDATE hm_banks SET max_distance = @d, min_query_quality = @q, min_entry_quality = @e, variants = @v, role = @r, enabled = @en, updated_ms = @t, vpdq_percent = @vp, tmk_percent = @tp, local_min_inliers = @li WHERE id = @id",
            ("d", settings.Options.MaxDistance), ("q", settings.Options.MinQueryQuality), ("e", settings.Options.MinEntryQuality),
            ("v", (int)settings.Options.Variants), ("r", (int)settings.Options.Role), ("en", settings.Enabled), ("t", Now()),
            ("vp", settings.VpdqMatchPercent), ("tp", settings.TmkMatchPercent), ("li", LocalMinInliers(settings)), ("id", existing.Id)))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        long sequence = AppendChange(connection, transaction, existing.Id, ChangeKind.Bank, null, 0);
        BankRecord bank = FindBank(connection, transaction, settings.Name)!;
        await transaction.CommitAsync(cancellationToken);
        return (bank, sequence);
    }

    public async Task<long?> DeleteBankAsync(string name, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginWrite(connection);
        if (FindBank(connection, transaction, name) is not { } bank)
        {
            return null;
        }

        foreach (string statement in (string[])["DELETE FROM hm_entries WHERE bank_id = @id", "DELETE FROM hm_videos WHERE bank_id = @id", "DELETE FROM hm_quarantine WHERE bank_id = @id", "DELETE FROM hm_exchange_feedback WHERE exchange_id IN (SELECT id FROM hm_exchanges WHERE bank_id = @id)", "DELETE FROM hm_exchanges WHERE bank_id = @id", "DELETE FROM hm_banks WHERE id = @id"])
        {
            await using DbCommand delete = Command(connection, transaction, statement, ("id", bank.Id));
            delete.CommandTimeout = 0; // a bank of millions takes a while to delete
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        long sequence = AppendChange(connection, transaction, bank.Id, ChangeKind.Drop, null, 0);
        await transaction.CommitAsync(cancellationToken);
        return sequence;
    }

    public (long Sequence, long Count) AddEntries(long bankId, Action<Action<ListEntry>> entries, CancellationToken cancellationToken)
    {
        using DbConnection connection = Open();
        using DbTransaction transaction = BeginWrite(connection);
        if (!BankExists(connection, transaction, bankId))
        {
            throw new KeyNotFoundException($"bank {bankId} was deleted");
        }

        long sequence = NextSequence(connection, transaction);
        long count = AddUnder(connection, transaction, bankId, sequence, null, entries, cancellationToken);
        if (count == 0)
        {
            return (sequence - 1, 0); // nothing to record; the transaction rolls back
        }

        transaction.Commit();
        return (sequence, count);
    }

    public (long Sequence, long Number) AddNumberedEntry(long bankId, Func<string, ListEntry> entry, CancellationToken cancellationToken)
    {
        using DbConnection connection = Open();
        using DbTransaction transaction = BeginWrite(connection);
        if (!BankExists(connection, transaction, bankId))
        {
            throw new KeyNotFoundException($"bank {bankId} was deleted");
        }

        long sequence = NextSequence(connection, transaction);
        long number = NextEntryNumber(connection, transaction, bankId, sequence);
        string id = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ListEntry made = entry(id);
        AddUnder(connection, transaction, bankId, sequence, id, add => add(made), cancellationToken);
        transaction.Commit();
        return (sequence, number);
    }

    /// <summary>
    /// The number <see cref="AddNumberedEntry"/> gives its entry (under the writers' lock, so no other writer takes
    /// it meanwhile): at least <paramref name="sequence"/>, and above the bank's integer ids. The bank's first
    /// numbered entry reads the bank's ids once to find the largest (an imported HMA bank keeps its ids, and new
    /// content continues above them); later ones continue from the last numbered entry (the newest add change
    /// carrying an id), and read the ids again only if an entry added since holds the number.
    /// </summary>
    private static long NextEntryNumber(DbConnection connection, DbTransaction transaction, long bankId, long sequence)
    {
        long? previous;
        using (DbCommand last = Command(connection, transaction,
            "SELECT entry_id FROM hm_changes WHERE bank_id = @b AND kind = @k AND entry_id IS NOT NULL ORDER BY seq DESC LIMIT 1",
            ("b", bankId), ("k", (int)ChangeKind.Add)))
        {
            previous = last.ExecuteScalar() is string text ? CanonicalNumber(text) : null;
        }

        long candidate = Math.Max(sequence, (previous ?? 0) + 1);
        if (previous is not null)
        {
            using DbCommand taken = Command(connection, transaction, "SELECT COUNT(*) FROM hm_entries WHERE bank_id = @b AND entry_id = @e",
                ("b", bankId), ("e", candidate.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (Convert.ToInt64(taken.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return candidate;
            }
        }

        using DbCommand ids = Command(connection, transaction, "SELECT entry_id FROM hm_entries WHERE bank_id = @b", ("b", bankId));
        ids.CommandTimeout = 0; // a bank of millions takes a while to read
        using DbDataReader row = ids.ExecuteReader();
        while (row.Read())
        {
            if (CanonicalNumber(row.GetString(0)) is { } number && number >= candidate)
            {
                candidate = number + 1;
            }
        }

        return candidate;
    }

    /// <summary>
    /// The number <paramref name="id"/> is the decimal form of (digits only, no leading zero, below
    /// <see cref="long.MaxValue"/> so that one more is a number too), or null.
    /// </summary>
    private static long? CanonicalNumber(string id) =>
        id.Length is > 0 and <= 19 && id.All(char.IsAsciiDigit) && (id.Length == 1 || id[0] != '0')
        && long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long number) && number < long.MaxValue
            ? number
            : null;

    public async Task<(long Sequence, long Removed)> RemoveEntriesAsync(long bankId, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginWrite(connection);
        if (!BankExists(connection, transaction, bankId))
        {
            throw new KeyNotFoundException($"bank {bankId} was deleted");
        }

        var (sequence, _, removed) = RemoveUnder(connection, transaction, bankId, ids.Distinct(StringComparer.Ordinal), NextSequence(connection, transaction) - 1);
        await transaction.CommitAsync(cancellationToken);
        return (sequence, removed);
    }

    /// <summary>
    /// Inside a write transaction: stores <paramref name="entries"/> under <paramref name="sequence"/> and records
    /// the add (with <paramref name="entryId"/> when it is one entry's) when there were any; returns how many.
    /// </summary>
    private long AddUnder(DbConnection connection, DbTransaction transaction, long bankId, long sequence, string? entryId, Action<Action<ListEntry>> entries, CancellationToken cancellationToken)
    {
        long count = BulkInsert(connection, transaction, bankId, sequence, entries, cancellationToken);
        if (count > 0)
        {
            InsertChange(connection, transaction, sequence, bankId, ChangeKind.Add, entryId, count);
        }

        return count;
    }

    /// <summary>
    /// Inside a write transaction: deletes every entry and video entry with each of <paramref name="ids"/>, recording
    /// one removal per id that had any, numbered after <paramref name="sequence"/>. Returns the last number used, those
    /// ids and how many entries (videos included) went.
    /// </summary>
    private static (long Sequence, List<string> Ids, long Entries) RemoveUnder(DbConnection connection, DbTransaction transaction, long bankId, IEnumerable<string> ids, long sequence)
    {
        var removed = new List<string>();
        long entries = 0;
        using DbCommand delete = Command(connection, transaction, "DELETE FROM hm_entries WHERE bank_id = @b AND entry_id = @e", ("b", bankId), ("e", ""));
        using DbCommand deleteVideos = Command(connection, transaction, "DELETE FROM hm_videos WHERE bank_id = @b AND entry_id = @e", ("b", bankId), ("e", ""));
        bool hasVideos = HasVideos(connection, transaction, bankId); // else a removal of many ids pays no second delete each
        foreach (string id in ids)
        {
            delete.Parameters[1].Value = id;
            deleteVideos.Parameters[1].Value = id;
            int count = delete.ExecuteNonQuery() + (hasVideos ? deleteVideos.ExecuteNonQuery() : 0);
            if (count > 0)
            {
                InsertChange(connection, transaction, ++sequence, bankId, ChangeKind.Remove, id, count);
                removed.Add(id);
                entries += count;
            }
        }

        return (sequence, removed, entries);
    }

    public async Task<IReadOnlyList<ListEntry>> EntriesAsync(long bankId, string entryId, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbCommand command = Command(connection, null,
            $"SELECT {EntryColumns.Names} FROM hm_entries WHERE bank_id = @b AND entry_id = @e ORDER BY seq, id", ("b", bankId), ("e", entryId));
        await using DbDataReader row = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ListEntry>();
        while (await row.ReadAsync(cancellationToken))
        {
            entries.Add(EntryColumns.Read(row));
        }

        return entries;
    }

    public async Task<IReadOnlyList<ListEntry>> SearchEntriesAsync(long bankId, string? text, int offset, int limit, CancellationToken cancellationToken)
    {
        // LOWER() on both sides instead of ILIKE (PostgreSQL only); the pattern's own % and _ are escaped.
        string? pattern = text is null ? null
            : "%" + text.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        string where = pattern is null ? "" : " AND (" + string.Join(" OR ", new[] { "entry_id", "category", "tags", "source", "note" }
            .Select(c => $"LOWER({c}) LIKE @q ESCAPE '\\'")) + ")";
        await using DbConnection connection = Open();
        await using DbCommand command = Command(connection, null,
            $"SELECT {EntryColumns.Names} FROM hm_entries WHERE bank_id = @b{where} ORDER BY seq, id LIMIT @l OFFSET @o",
            ("b", bankId), ("q", pattern), ("l", (long)limit), ("o", (long)offset));
        await using DbDataReader row = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ListEntry>();
        while (await row.ReadAsync(cancellationToken))
        {
            entries.Add(EntryColumns.Read(row));
        }

        return entries;
    }

    public async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        return ReadHead(connection, null);
    }

    public async Task<IReadOnlyList<ChangeRecord>> ChangesAsync(long after, long upTo, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbCommand command = Command(connection, null,
            "SELECT seq, bank_id, kind, entry_id, count FROM hm_changes WHERE seq > @a AND seq <= @u ORDER BY seq", ("a", after), ("u", upTo));
        await using DbDataReader row = await command.ExecuteReaderAsync(cancellationToken);
        var changes = new List<ChangeRecord>();
        while (await row.ReadAsync(cancellationToken))
        {
            changes.Add(new ChangeRecord(row.GetInt64(0), row.GetInt64(1), (ChangeKind)Convert.ToInt32(row.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                row.IsDBNull(3) ? null : row.GetString(3), row.GetInt64(4)));
        }

        return changes;
    }

    public IBankStoreReader OpenReader()
    {
        DbConnection connection = Open();
        try
        {
            DbTransaction transaction = BeginSnapshotRead(connection);
            return new Reader(connection, transaction);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A command with named parameters (<c>@name</c> in both dialects).</summary>
    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Milliseconds since the Unix epoch: both databases store times as integers.</summary>
    protected static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static long ReadHead(DbConnection connection, DbTransaction? transaction)
    {
        using DbCommand command = Command(connection, transaction, "SELECT COALESCE(MAX(seq), 0) FROM hm_changes");
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long NextSequence(DbConnection connection, DbTransaction transaction) => ReadHead(connection, transaction) + 1;

    private static long AppendChange(DbConnection connection, DbTransaction transaction, long bankId, ChangeKind kind, string? entryId, long count)
    {
        long sequence = NextSequence(connection, transaction);
        InsertChange(connection, transaction, sequence, bankId, kind, entryId, count);
        return sequence;
    }

    private static void InsertChange(DbConnection connection, DbTransaction transaction, long sequence, long bankId, ChangeKind kind, string? entryId, long count)
    {
        using DbCommand command = Command(connection, transaction,
            "INSERT INTO hm_changes (seq, bank_id, kind, entry_id, count, at_ms) VALUES (@s, @b, @k, @e, @c, @t)",
            ("s", sequence), ("b", bankId), ("k", (int)kind), ("e", entryId), ("c", count), ("t", Now()));
        command.ExecuteNonQuery();
    }

    private static bool BankExists(DbConnection connection, DbTransaction transaction, long bankId)
    {
        using DbCommand command = Command(connection, transaction, "SELECT COUNT(*) FROM hm_banks WHERE id = @id", ("id", bankId));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static BankRecord? FindBank(DbConnection connection, DbTransaction? transaction, string name)
    {
        using DbCommand command = Command(connection, transaction, $"SELECT {BankColumns} FROM hm_banks WHERE name = @n", ("n", name));
        using DbDataReader row = command.ExecuteReader();
        return row.Read() ? ReadBank(row) : null;
    }

    private static List<BankRecord> ReadBanks(DbConnection connection, DbTransaction? transaction)
    {
        using DbCommand command = Command(connection, transaction, $"SELECT {BankColumns} FROM hm_banks ORDER BY id");
        using DbDataReader row = command.ExecuteReader();
        var banks = new List<BankRecord>();
        while (row.Read())
        {
            banks.Add(ReadBank(row));
        }

        return banks;
    }

#pragma warning disable HASHMATCH0002 // the bank's threshold for the experimental local-feature signal
    private static int LocalMinInliers(BankSettings settings) => settings.Options.LocalMinInliers;
#pragma warning restore HASHMATCH0002

    private static BankRecord ReadBank(DbDataReader row)
    {
        int Int(int column) => Convert.ToInt32(row.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);
        var settings = new BankSettings
        {
            Name = row.GetString(1),
            Options = new KnownListOptions
            {
                MaxDistance = Int(2),
                MinQueryQuality = Int(3),
                MinEntryQuality = Int(4),
                Variants = (QueryVariants)Int(5),
                Role = (ListRole)Int(6),
#pragma warning disable HASHMATCH0002 // the bank's threshold for the experimental local-feature signal
                LocalMinInliers = Int(12),
#pragma warning restore HASHMATCH0002
            },
            Enabled = Convert.ToBoolean(row.GetValue(7), System.Globalization.CultureInfo.InvariantCulture),
            VpdqMatchPercent = Int(10),
            TmkMatchPercent = Int(11),
        };
        return new BankRecord(row.GetInt64(0), settings, DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(8)), DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(9)));
    }

    /// <summary>A consistent read: one connection and one snapshot transaction.</summary>
    private sealed class Reader(DbConnection connection, DbTransaction transaction) : IBankStoreReader
    {
        private long? _head;

        public long Head => _head ??= ReadHead(connection, transaction);

        public IReadOnlyList<BankRecord> Banks()
        {
            _ = Head; // the snapshot starts at the first read: take the head in it first
            return ReadBanks(connection, transaction);
        }

        public long CountEntries(long bankId, long after, long upTo)
        {
            using DbCommand command = Command(connection, transaction,
                "SELECT COUNT(*) FROM hm_entries WHERE bank_id = @b AND seq > @a AND seq <= @u", ("b", bankId), ("a", after), ("u", upTo));
            command.CommandTimeout = 0;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        public IEnumerable<ListEntry> Entries(long bankId, long after, long upTo)
        {
            using DbCommand command = Command(connection, transaction,
                $"SELECT {EntryColumns.Names} FROM hm_entries WHERE bank_id = @b AND seq > @a AND seq <= @u ORDER BY seq, id", ("b", bankId), ("a", after), ("u", upTo));
            command.CommandTimeout = 0; // ten million rows stream for a while
            using DbDataReader row = command.ExecuteReader();
            while (row.Read())
            {
                yield return EntryColumns.Read(row);
            }
        }

        public IEnumerable<VideoEntry> Videos(long bankId, long after, long upTo) => ReadVideos(connection, transaction, bankId, after, upTo);

        public IReadOnlyList<VideoEntry> VideosWithId(long bankId, string entryId, long upTo) => ReadVideosWithId(connection, transaction, bankId, entryId, upTo);

        public IReadOnlyList<string> RemovedIds(long bankId, long after, long upTo)
        {
            using DbCommand command = Command(connection, transaction,
                "SELECT entry_id FROM hm_changes WHERE bank_id = @b AND kind = @k AND seq > @a AND seq <= @u", ("b", bankId), ("k", (int)ChangeKind.Remove), ("a", after), ("u", upTo));
            using DbDataReader row = command.ExecuteReader();
            var ids = new List<string>();
            while (row.Read())
            {
                ids.Add(row.GetString(0));
            }

            return ids;
        }

        public void Dispose()
        {
            transaction.Dispose();
            connection.Dispose();
        }
    }
}
