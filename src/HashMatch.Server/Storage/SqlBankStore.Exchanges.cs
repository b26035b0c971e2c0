using System.Data.Common;
using System.Globalization;
using HashMatch.Exchanges;
using HashMatch.Lists;
using HashMatch.Review;

namespace HashMatch.Server.Storage;

/// <summary>
/// Exchanges (<c>hm_exchanges</c>, schema migration 6): one row per exchange, its checkpoint beside the bank's
/// entries so that a page and the checkpoint after it commit together.
/// </summary>
internal abstract partial class SqlBankStore : IExchangeStore
{
    private const string ExchangeColumns =
        "x.id, x.name, x.bank_id, b.name, x.settings, x.enabled, x.interval_s, x.checkpoint, x.last_fetch_ms, x.last_success_ms, x.last_error, " +
        "x.pages, x.added, x.removed, x.lease_owner, x.lease_until_ms, x.created_ms, x.feedback, " +
        "(SELECT COUNT(*) FROM hm_exchange_feedback f WHERE f.exchange_id = x.id AND f.sent_ms IS NULL AND f.attempts < 10), " +
        "(SELECT COUNT(*) FROM hm_exchange_feedback f WHERE f.exchange_id = x.id AND f.sent_ms IS NOT NULL), " +
        "(SELECT COUNT(*) FROM hm_exchange_feedback f WHERE f.exchange_id = x.id AND f.sent_ms IS NULL AND f.attempts >= 10)";

    public async Task<IReadOnlyList<ExchangeRecord>> ExchangesAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        return ReadExchanges(connection, null, null);
    }

    public async Task<ExchangeRecord?> ExchangeAsync(string name, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        return ReadExchanges(connection, null, name).FirstOrDefault();
    }

    public async Task<ExchangeRecord?> CreateExchangeAsync(string name, long bankId, string settings, bool enabled, bool feedback, TimeSpan interval, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginRecordWrite(connection);
        await using (DbCommand taken = Command(connection, transaction, "SELECT COUNT(*) FROM hm_exchanges WHERE name = @n OR bank_id = @b", ("n", name), ("b", bankId)))
        {
            if (Convert.ToInt64(await taken.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
            {
                return null;
            }
        }

        await using (DbCommand insert = Command(connection, transaction,
            "INSERT INTO hm_exchanges (name, bank_id, settings, enabled, feedback, interval_s, pages, added, removed, created_ms) VALUES (@n, @b, @s, @e, @f, @i, 0, 0, 0, @t)",
            ("n", name), ("b", bankId), ("s", settings), ("e", enabled), ("f", feedback), ("i", (long)interval.TotalSeconds), ("t", Now())))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        ExchangeRecord? created = ReadExchanges(connection, transaction, name).FirstOrDefault();
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    public async Task<ExchangeRecord?> UpdateExchangeAsync(string name, bool? enabled, TimeSpan? interval, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginRecordWrite(connection);
        // Only the given fields are set (a typed null would be needed for COALESCE in PostgreSQL).
        string set = string.Join(", ", new[] { enabled is null ? null : "enabled = @e", interval is null ? null : "interval_s = @i", "name = name" }.OfType<string>());
        await using (DbCommand update = Command(connection, transaction, $"UPDATE hm_exchanges SET {set} WHERE name = @n",
            [("n", name), .. enabled is { } e ? [("e", (object?)e)] : Array.Empty<(string, object?)>(), .. interval is { } i ? [("i", (object?)(long)i.TotalSeconds)] : Array.Empty<(string, object?)>()]))
        {
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return null;
            }
        }

        ExchangeRecord? updated = ReadExchanges(connection, transaction, name).FirstOrDefault();
        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    public async Task<bool> DeleteExchangeAsync(string name, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginRecordWrite(connection);
        await using (DbCommand outbox = Command(connection, transaction, "DELETE FROM hm_exchange_feedback WHERE exchange_id IN (SELECT id FROM hm_exchanges WHERE name = @n)", ("n", name)))
        {
            await outbox.ExecuteNonQueryAsync(cancellationToken);
        }

        await using DbCommand delete = Command(connection, transaction, "DELETE FROM hm_exchanges WHERE name = @n", ("n", name));
        bool deleted = await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<bool> TryLeaseAsync(long exchangeId, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbCommand lease = Command(connection, null,
            "UPDATE hm_exchanges SET lease_owner = @o, lease_until_ms = @u WHERE id = @id AND (lease_owner IS NULL OR lease_owner = @o OR lease_until_ms < @now)",
            ("o", owner), ("u", until.ToUnixTimeMilliseconds()), ("id", exchangeId), ("now", now.ToUnixTimeMilliseconds()));
        return await lease.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ReleaseLeaseAsync(long exchangeId, string owner, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbCommand release = Command(connection, null,
            "UPDATE hm_exchanges SET lease_owner = NULL, lease_until_ms = NULL WHERE id = @id AND lease_owner = @o", ("id", exchangeId), ("o", owner));
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    public (long Sequence, long Added, long Removed)? ApplyExchangePage(long exchangeId, string owner, ExchangePage page, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using DbConnection connection = Open();
        using DbTransaction transaction = BeginWrite(connection);
        long bankId;
        using (DbCommand held = Command(connection, transaction,
            "SELECT x.bank_id FROM hm_exchanges x JOIN hm_banks b ON b.id = x.bank_id WHERE x.id = @id AND x.lease_owner = @o AND x.lease_until_ms >= @now",
            ("id", exchangeId), ("o", owner), ("now", now.ToUnixTimeMilliseconds())))
        {
            if (held.ExecuteScalar() is not { } bank || bank is DBNull)
            {
                return null; // the lease passed to another replica (or the exchange or bank went): nothing is applied
            }

            bankId = Convert.ToInt64(bank, CultureInfo.InvariantCulture);
        }

        // The last change of each id stands; a full list also withdraws every id it does not name and leaves alone
        // the ids whose entries are stored exactly as given (a list read again unchanged costs no change-log rows).
        var latest = new Dictionary<string, ExchangeChange>(StringComparer.Ordinal);
        foreach (ExchangeChange change in page.Changes)
        {
            latest[change.Id] = change;
        }

        var withdraw = new List<string>();
        if (page.FullList)
        {
            foreach (var (id, stored) in StoredFingerprints(connection, transaction, bankId))
            {
                if (!latest.TryGetValue(id, out ExchangeChange? current))
                {
                    withdraw.Add(id);
                }
                else if (EntryColumns.Fingerprint(current.Entries) == stored)
                {
                    latest.Remove(id);
                }
            }
        }

        // Withdrawn ids go; changed ids are replaced (their old entries go, the new ones come under one add).
        var (sequence, gone, _) = RemoveUnder(connection, transaction, bankId, withdraw.Concat(latest.Keys), NextSequence(connection, transaction) - 1);
        long added = AddUnder(connection, transaction, bankId, sequence + 1, null, add =>
        {
            foreach (ExchangeChange change in latest.Values)
            {
                foreach (ListEntry entry in change.Entries)
                {
                    add(entry);
                }
            }
        }, cancellationToken);
        sequence += added > 0 ? 1 : 0;
        long removed = gone.Count(id => !latest.ContainsKey(id)) + latest.Values.Count(c => c.Removed);
        using (DbCommand update = Command(connection, transaction,
            "UPDATE hm_exchanges SET checkpoint = @c, last_fetch_ms = @t, last_success_ms = @t, last_error = NULL, pages = pages + 1, added = added + @a, removed = removed + @r WHERE id = @id",
            ("c", page.Checkpoint), ("t", now.ToUnixTimeMilliseconds()), ("a", added), ("r", removed), ("id", exchangeId)))
        {
            update.ExecuteNonQuery();
        }

        transaction.Commit();
        return (sequence, added, removed);
    }

    public async Task RecordExchangeFailureAsync(long exchangeId, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbCommand update = Command(connection, null,
            "UPDATE hm_exchanges SET last_fetch_ms = @t, last_error = @e WHERE id = @id", ("t", now.ToUnixTimeMilliseconds()), ("e", error), ("id", exchangeId));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PendingFeedback>> PendingFeedbackAsync(long exchangeId, int limit, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbCommand command = Command(connection, null,
            "SELECT f.id, x.bank_id, f.entry_id, f.confirmed FROM hm_exchange_feedback f JOIN hm_exchanges x ON x.id = f.exchange_id " +
            $"WHERE f.exchange_id = @x AND f.sent_ms IS NULL AND f.attempts < {ExchangeRecord.MaxFeedbackAttempts} ORDER BY f.id LIMIT @l",
            ("x", exchangeId), ("l", (long)limit));
        await using DbDataReader row = await command.ExecuteReaderAsync(cancellationToken);
        var pending = new List<PendingFeedback>();
        while (await row.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingFeedback(row.GetInt64(0), row.GetInt64(1), row.GetString(2), Convert.ToBoolean(row.GetValue(3), CultureInfo.InvariantCulture)));
        }

        return pending;
    }

    public async Task RecordFeedbackAsync(long id, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbCommand update = error is null
            ? Command(connection, null, "UPDATE hm_exchange_feedback SET sent_ms = @t, attempts = attempts + 1, last_error = NULL WHERE id = @id", ("t", now.ToUnixTimeMilliseconds()), ("id", id))
            : Command(connection, null, "UPDATE hm_exchange_feedback SET attempts = attempts + 1, last_error = @e WHERE id = @id", ("e", error), ("id", id));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Queues, in a review's transaction, its verdicts on the candidates whose bank is fed by an exchange that takes
    /// feedback: a candidate's own verdict where the review gave one, else the review's; undetermined ones are not
    /// sent; an entry flagged by several technologies of one decision is sent once.
    /// </summary>
    private static void QueueFeedback(DbConnection connection, DbTransaction transaction, long reviewId, string decisionId, ReviewVerdict verdict, IReadOnlyList<CandidateVerdict> candidates, long now)
    {
        var targets = new List<(long Exchange, string Bank, string Entry)>();
        using (DbCommand select = Command(connection, transaction,
            "SELECT DISTINCT x.id, c.bank, c.entry_id FROM hm_decision_candidates c JOIN hm_banks b ON b.name = c.bank JOIN hm_exchanges x ON x.bank_id = b.id " +
            "WHERE c.decision_id = @d AND x.feedback = @yes", ("d", decisionId), ("yes", true)))
        using (DbDataReader row = select.ExecuteReader())
        {
            while (row.Read())
            {
                targets.Add((row.GetInt64(0), row.GetString(1), row.GetString(2)));
            }
        }

        using DbCommand insert = Command(connection, transaction,
            "INSERT INTO hm_exchange_feedback (exchange_id, entry_id, confirmed, review_id, created_ms, attempts) VALUES (@x, @e, @c, @r, @t, 0)",
            ("x", 0L), ("e", ""), ("c", false), ("r", reviewId), ("t", now));
        foreach (var (exchange, bank, entry) in targets)
        {
            ReviewVerdict given = candidates.FirstOrDefault(c => c.Bank == bank && c.EntryId == entry)?.Verdict ?? verdict;
            if (given == ReviewVerdict.Undetermined)
            {
                continue;
            }

            insert.Parameters[0].Value = exchange;
            insert.Parameters[1].Value = entry;
            insert.Parameters[2].Value = given == ReviewVerdict.Confirmed;
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The bank's ids, each with the fingerprint of its stored rows (<see cref="EntryColumns.Fingerprint"/>): read in
    /// id order through the index by id, one id's rows at a time, so a bank of millions is compared without holding
    /// its entries (a 64-bit value and the id each).
    /// </summary>
    private static IEnumerable<(string Id, ulong Fingerprint)> StoredFingerprints(DbConnection connection, DbTransaction transaction, long bankId)
    {
        using DbCommand command = Command(connection, transaction, $"SELECT {EntryColumns.Names} FROM hm_entries WHERE bank_id = @b ORDER BY entry_id, seq, id", ("b", bankId));
        command.CommandTimeout = 0;
        using DbDataReader row = command.ExecuteReader();
        var rows = new List<ListEntry>();
        while (row.Read())
        {
            ListEntry entry = EntryColumns.Read(row);
            if (rows.Count > 0 && rows[0].Id != entry.Id)
            {
                yield return (rows[0].Id, EntryColumns.Fingerprint(rows));
                rows.Clear();
            }

            rows.Add(entry);
        }

        if (rows.Count > 0)
        {
            yield return (rows[0].Id, EntryColumns.Fingerprint(rows));
        }
    }

    private static List<ExchangeRecord> ReadExchanges(DbConnection connection, DbTransaction? transaction, string? name)
    {
        using DbCommand command = Command(connection, transaction,
            $"SELECT {ExchangeColumns} FROM hm_exchanges x JOIN hm_banks b ON b.id = x.bank_id" + (name is null ? "" : " WHERE x.name = @n") + " ORDER BY x.id",
            ("n", name));
        using DbDataReader row = command.ExecuteReader();
        var exchanges = new List<ExchangeRecord>();
        while (row.Read())
        {
            DateTimeOffset? Time(int column) => row.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(column));
            string? Text(int column) => row.IsDBNull(column) ? null : row.GetString(column);
            exchanges.Add(new ExchangeRecord
            {
                Id = row.GetInt64(0),
                Name = row.GetString(1),
                BankId = row.GetInt64(2),
                Bank = row.GetString(3),
                Settings = row.GetString(4),
                Enabled = Convert.ToBoolean(row.GetValue(5), CultureInfo.InvariantCulture),
                Interval = TimeSpan.FromSeconds(Convert.ToInt64(row.GetValue(6), CultureInfo.InvariantCulture)),
                Checkpoint = Text(7),
                LastFetch = Time(8),
                LastSuccess = Time(9),
                LastError = Text(10),
                Pages = row.GetInt64(11),
                Added = row.GetInt64(12),
                Removed = row.GetInt64(13),
                LeaseOwner = Text(14),
                LeaseUntil = Time(15),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(16)),
                Feedback = Convert.ToBoolean(row.GetValue(17), CultureInfo.InvariantCulture),
                FeedbackPending = Convert.ToInt64(row.GetValue(18), CultureInfo.InvariantCulture),
                FeedbackSent = Convert.ToInt64(row.GetValue(19), CultureInfo.InvariantCulture),
                FeedbackFailed = Convert.ToInt64(row.GetValue(20), CultureInfo.InvariantCulture),
            });
        }

        return exchanges;
    }
}
