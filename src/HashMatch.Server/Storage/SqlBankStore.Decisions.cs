using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using HashMatch.Hashing;
using HashMatch.Pdq;
using HashMatch.Review;

namespace HashMatch.Server.Storage;

/// <summary>
/// Decisions, reviews, complaints, quarantine and feedback (<c>hm_decisions</c>, <c>hm_decision_candidates</c>,
/// <c>hm_reviews</c>, <c>hm_review_candidates</c>, <c>hm_complaints</c>, <c>hm_quarantine</c>, <c>hm_feedback</c>;
/// schema migration 4). Times are milliseconds since the epoch, verdicts and outcomes their enum values.
/// </summary>
internal abstract partial class SqlBankStore : IDecisionStore
{
    private const string DecisionColumns = "id, at_ms, endpoint, api_key, query_id, pdq, quality, md5, sha1, sha256, index_seq";
    private const string CandidateColumns = "technology, bank, entry_id, entry_source, distance, threshold, query_quality, entry_quality";

    /// <summary>
    /// Begins a write transaction that takes no change sequence, so needs no writers' lock in PostgreSQL (replicas
    /// record decisions side by side); SQLite has one writer at a time whatever is written.
    /// </summary>
    protected abstract DbTransaction BeginRecordWrite(DbConnection connection);

    public async Task AddDecisionsAsync(IReadOnlyList<DecisionRecord> decisions, CancellationToken cancellationToken)
    {
        await using IDecisionWriter writer = OpenDecisionWriter();
        await writer.WriteAsync(decisions, cancellationToken);
    }

    public IDecisionWriter OpenDecisionWriter() => new DecisionWriter(this);

    public async Task PrepareFloodCountAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbCommand create = Command(connection, null, FloodCountIndex);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The index <see cref="CountFlaggedAsync"/> reads, created only where automatic quarantine is on (schema
    /// migration 8 dropped it from every store): each decision would otherwise insert into it at a random place,
    /// about 40 % of SQLite's work per decision (docs/review.md, "What recording costs").
    /// </summary>
    internal const string FloodCountIndex = "CREATE INDEX IF NOT EXISTS hm_decision_candidates_by_entry ON hm_decision_candidates (bank, entry_id)";

    /// <summary>
    /// A connection held for one writer of decisions, with its two inserts prepared once: a transaction of a few
    /// decisions then costs the inserts and the commit, not a connection's opening and two statements' compilation
    /// (at small group commits under single-hash lookups that overhead was most of a decision's write).
    /// </summary>
    private sealed class DecisionWriter(SqlBankStore store) : IDecisionWriter
    {
        private DbConnection? _connection;
        private DbCommand? _decision, _candidate;

        public async Task WriteAsync(IReadOnlyList<DecisionRecord> decisions, CancellationToken cancellationToken)
        {
            if (decisions.Count == 0)
            {
                return;
            }

            try
            {
                await WriteOnceAsync(decisions, cancellationToken);
            }
            catch
            {
                // A failed connection is not reused: the next batch opens a new one (the store may be back by then).
                await CloseAsync();
                throw;
            }
        }

        private async Task WriteOnceAsync(IReadOnlyList<DecisionRecord> decisions, CancellationToken cancellationToken)
        {
            if (_connection is null)
            {
                _connection = store.Open();
                _decision = Command(_connection, null,
                    $"INSERT INTO hm_decisions ({DecisionColumns}) VALUES (@id, @t, @e, @k, @q, @pdq, @quality, @md5, @sha1, @sha256, @seq)",
                    ("id", ""), ("t", 0L), ("e", ""), ("k", null), ("q", null), ("pdq", null), ("quality", null), ("md5", null), ("sha1", null), ("sha256", null), ("seq", 0L));
                _candidate = Command(_connection, null,
                    $"INSERT INTO hm_decision_candidates (decision_id, ord, {CandidateColumns}) VALUES (@d, @o, @tech, @b, @e, @s, @dist, @th, @qq, @eq)",
                    ("d", ""), ("o", 0), ("tech", ""), ("b", ""), ("e", ""), ("s", null), ("dist", 0), ("th", 0), ("qq", null), ("eq", null));
            }

            DbCommand decision = _decision!, candidate = _candidate!;
            await using DbTransaction transaction = store.BeginRecordWrite(_connection);
            decision.Transaction = candidate.Transaction = transaction;
            var decisionValues = new object?[decision.Parameters.Count];
            var candidateValues = new object?[candidate.Parameters.Count];
            foreach (DecisionRecord record in decisions)
            {
                decisionValues[0] = record.Id;
                decisionValues[1] = record.At.ToUnixTimeMilliseconds();
                decisionValues[2] = record.Endpoint;
                decisionValues[3] = record.ApiKey;
                decisionValues[4] = record.QueryId;
                decisionValues[5] = record.Pdq?.ToByteArray();
                decisionValues[6] = Small(record.Quality);
                decisionValues[7] = Digest(record.Exact?.Md5);
                decisionValues[8] = Digest(record.Exact?.Sha1);
                decisionValues[9] = Digest(record.Exact?.Sha256);
                decisionValues[10] = record.IndexSequence;
                Bind(decision, decisionValues);
                await decision.ExecuteNonQueryAsync(cancellationToken);
                for (int i = 0; i < record.Candidates.Count; i++)
                {
                    DecisionCandidate c = record.Candidates[i];
                    candidateValues[0] = record.Id;
                    candidateValues[1] = i;
                    candidateValues[2] = c.Technology;
                    candidateValues[3] = c.Bank;
                    candidateValues[4] = c.EntryId;
                    candidateValues[5] = c.EntrySource;
                    candidateValues[6] = c.Distance;
                    candidateValues[7] = c.Threshold;
                    candidateValues[8] = Small(c.QueryQuality);
                    candidateValues[9] = Small(c.EntryQuality);
                    Bind(candidate, candidateValues);
                    await candidate.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => CloseAsync();

        private async ValueTask CloseAsync()
        {
            if (_decision is not null)
            {
                await _decision.DisposeAsync();
            }

            if (_candidate is not null)
            {
                await _candidate.DisposeAsync();
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            (_connection, _decision, _candidate) = (null, null, null);
        }
    }

    public async Task<DecisionHistory?> DecisionAsync(string id, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        return await ReadDecisionAsync(connection, id, cancellationToken);
    }

    public async Task<IReadOnlyList<DecisionHistory>> DecisionsAsync(DecisionQuery query, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        bool byCandidate = query.Bank is not null || query.Technology is not null || query.MaxDistance is not null;
        string sql = "SELECT d.id FROM hm_decisions d WHERE d.at_ms >= @f AND d.at_ms < @t"
            + (query.Unreviewed ? " AND NOT EXISTS (SELECT 1 FROM hm_reviews r WHERE r.decision_id = d.id)" : "")
            + (!byCandidate ? "" : " AND EXISTS (SELECT 1 FROM hm_decision_candidates c WHERE c.decision_id = d.id"
                + (query.Bank is null ? "" : " AND c.bank = @b")
                + (query.Technology is null ? "" : " AND c.technology = @tech")
                + (query.MaxDistance is null ? "" : " AND c.distance <= @dist") + ")")
            + " ORDER BY d.at_ms DESC, d.id LIMIT @l";
        var ids = new List<string>();
        await using (DbCommand command = Command(connection, null, sql, ("f", query.From.ToUnixTimeMilliseconds()), ("t", query.To.ToUnixTimeMilliseconds()),
            ("b", query.Bank), ("tech", query.Technology), ("dist", query.MaxDistance ?? 0), ("l", (long)query.Limit)))
        await using (DbDataReader row = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await row.ReadAsync(cancellationToken))
            {
                ids.Add(row.GetString(0));
            }
        }

        var decisions = new List<DecisionHistory>(ids.Count);
        foreach (string id in ids)
        {
            if (await ReadDecisionAsync(connection, id, cancellationToken) is { } decision)
            {
                decisions.Add(decision); // purged meanwhile otherwise
            }
        }

        return decisions;
    }

    public async IAsyncEnumerable<DecisionSummary> SummariesAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        (string, object?)[] period = [("f", from.ToUnixTimeMilliseconds()), ("t", to.ToUnixTimeMilliseconds())];
        const string InPeriod = "JOIN hm_decisions d ON d.id = r.decision_id WHERE d.at_ms >= @f AND d.at_ms < @t";
        const string Latest = "r.id = (SELECT MAX(r2.id) FROM hm_reviews r2 WHERE r2.decision_id = r.decision_id)";
        await using DbConnection connection = Open();

        // One snapshot for all four reads, so a review recorded meanwhile is either in every part or in none.
        await using DbTransaction transaction = BeginSnapshotRead(connection);
        var verdicts = new Dictionary<string, ReviewVerdict>(StringComparer.Ordinal);
        await foreach (DbDataReader row in Rows($"SELECT r.decision_id, r.verdict FROM hm_reviews r {InPeriod} AND {Latest}"))
        {
            verdicts[row.GetString(0)] = (ReviewVerdict)Int(row, 1);
        }

        var candidateVerdicts = new Dictionary<string, List<CandidateVerdict>>(StringComparer.Ordinal);
        await foreach (DbDataReader row in Rows($"SELECT r.decision_id, rc.bank, rc.entry_id, rc.verdict FROM hm_review_candidates rc JOIN hm_reviews r ON r.id = rc.review_id {InPeriod} AND {Latest}"))
        {
            string id = row.GetString(0);
            if (!candidateVerdicts.TryGetValue(id, out List<CandidateVerdict>? list))
            {
                candidateVerdicts[id] = list = [];
            }

            list.Add(new CandidateVerdict(row.GetString(1), row.GetString(2), (ReviewVerdict)Int(row, 3)));
        }

        var complaints = new Dictionary<string, (int Count, bool Reinstated)>(StringComparer.Ordinal);
        await foreach (DbDataReader row in Rows(
            $"SELECT r.decision_id, COUNT(*), MAX(CASE WHEN r.outcome = {(int)ComplaintOutcome.Reinstated} THEN 1 ELSE 0 END) FROM hm_complaints r {InPeriod} GROUP BY r.decision_id"))
        {
            complaints[row.GetString(0)] = (Int(row, 1), Int(row, 2) == 1);
        }

        string? current = null;
        DateTimeOffset at = default;
        var candidates = new List<DecisionCandidate>();
        await foreach (DbDataReader row in Rows(
            $"SELECT d.id, d.at_ms, {string.Join(", ", CandidateColumns.Split(", ").Select(c => "c." + c))} FROM hm_decisions d " +
            "JOIN hm_decision_candidates c ON c.decision_id = d.id WHERE d.at_ms >= @f AND d.at_ms < @t ORDER BY d.id, c.ord"))
        {
            string id = row.GetString(0);
            if (current is not null && id != current)
            {
                yield return Summary();
                candidates = [];
            }

            current = id;
            at = Time(row, 1);
            candidates.Add(ReadCandidate(row, 2));
        }

        if (current is not null)
        {
            yield return Summary();
        }

        DecisionSummary Summary()
        {
            var (count, reinstated) = complaints.GetValueOrDefault(current!);
            return new DecisionSummary(current!, at, candidates,
                verdicts.TryGetValue(current!, out ReviewVerdict verdict) ? verdict : null,
                candidateVerdicts.GetValueOrDefault(current!) ?? [], count, reinstated);
        }

        async IAsyncEnumerable<DbDataReader> Rows(string sql)
        {
            await using DbCommand command = Command(connection, transaction, sql, period);
            command.CommandTimeout = 0; // a year of decisions takes a while to read
            await using DbDataReader row = await command.ExecuteReaderAsync(cancellationToken);
            while (await row.ReadAsync(cancellationToken))
            {
                yield return row;
            }
        }
    }

    public async Task<long> CountFlaggedAsync(string bank, string entryId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbCommand command = Command(connection, null,
            "SELECT COUNT(DISTINCT c.decision_id) FROM hm_decision_candidates c JOIN hm_decisions d ON d.id = c.decision_id " +
            "WHERE c.bank = @b AND c.entry_id = @e AND d.at_ms >= @s " +
            "AND d.at_ms > COALESCE((SELECT MAX(f.at_ms) FROM hm_feedback f WHERE f.action = 'release' AND f.bank = @b AND f.entry_id = @e), -1)",
            ("b", bank), ("e", entryId), ("s", since.ToUnixTimeMilliseconds()));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<ReviewRecord?> AddReviewAsync(string decisionId, ReviewVerdict verdict, string reviewer, string? note, IReadOnlyList<CandidateVerdict> candidates, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginRecordWrite(connection);
        if (!await DecisionExistsAsync(connection, transaction, decisionId, cancellationToken))
        {
            return null;
        }

        long id;
        await using (DbCommand insert = Command(connection, transaction,
            "INSERT INTO hm_reviews (decision_id, verdict, reviewer, note, at_ms) VALUES (@d, @v, @r, @n, @t) RETURNING id",
            ("d", decisionId), ("v", (int)verdict), ("r", reviewer), ("n", note), ("t", at.ToUnixTimeMilliseconds())))
        {
            id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        await using (DbCommand insert = Command(connection, transaction,
            "INSERT INTO hm_review_candidates (review_id, bank, entry_id, verdict) VALUES (@r, @b, @e, @v)", ("r", id), ("b", ""), ("e", ""), ("v", 0)))
        {
            foreach (CandidateVerdict candidate in candidates)
            {
                Bind(insert, [id, candidate.Bank, candidate.EntryId, (int)candidate.Verdict]);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        QueueFeedback(connection, transaction, id, decisionId, verdict, candidates, at.ToUnixTimeMilliseconds());
        await transaction.CommitAsync(cancellationToken);
        return new ReviewRecord(id, decisionId, verdict, reviewer, note, DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()), candidates);
    }

    public async Task<ComplaintRecord?> AddComplaintAsync(string decisionId, ComplaintOutcome outcome, string? note, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginRecordWrite(connection);
        if (!await DecisionExistsAsync(connection, transaction, decisionId, cancellationToken))
        {
            return null;
        }

        long time = at.ToUnixTimeMilliseconds();
        long id;
        await using (DbCommand insert = Command(connection, transaction,
            "INSERT INTO hm_complaints (decision_id, outcome, note, opened_ms, decided_ms) VALUES (@d, @o, @n, @t, @dt) RETURNING id",
            ("d", decisionId), ("o", (int)outcome), ("n", note), ("t", time), ("dt", outcome == ComplaintOutcome.Pending ? null : time)))
        {
            id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        await transaction.CommitAsync(cancellationToken);
        return await FindComplaintAsync(connection, id, cancellationToken);
    }

    public async Task<ComplaintRecord?> DecideComplaintAsync(long id, ComplaintOutcome outcome, string? note, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using (DbCommand update = Command(connection, null,
            "UPDATE hm_complaints SET outcome = @o, note = COALESCE(@n, note), decided_ms = @t WHERE id = @id",
            ("o", (int)outcome), ("n", note), ("t", outcome == ComplaintOutcome.Pending ? null : at.ToUnixTimeMilliseconds()), ("id", id)))
        {
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return null;
            }
        }

        return await FindComplaintAsync(connection, id, cancellationToken);
    }

    public async Task<(long Sequence, long Moved)> QuarantineAsync(long bankId, string bank, string entryId, string? decisionId, string? apiKey, DateTimeOffset at, CancellationToken cancellationToken, string action = "quarantine")
    {
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginWrite(connection);
        if (!BankExists(connection, transaction, bankId))
        {
            throw new KeyNotFoundException($"bank {bankId} was deleted");
        }

        long time = at.ToUnixTimeMilliseconds();
        await using (DbCommand copy = Command(connection, transaction,
            $"INSERT INTO hm_quarantine (bank_id, {EntryColumns.Names}, at_ms, decision_id) SELECT bank_id, {EntryColumns.Names}, @t, @d FROM hm_entries WHERE bank_id = @b AND entry_id = @e ORDER BY seq, id",
            ("t", time), ("d", decisionId), ("b", bankId), ("e", entryId)))
        {
            await copy.ExecuteNonQueryAsync(cancellationToken);
        }

        long moved;
        await using (DbCommand delete = Command(connection, transaction, "DELETE FROM hm_entries WHERE bank_id = @b AND entry_id = @e", ("b", bankId), ("e", entryId)))
        {
            moved = await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        if (moved == 0)
        {
            return (ReadHead(connection, transaction), 0); // nothing to move; the transaction rolls back
        }

        long sequence = AppendChange(connection, transaction, bankId, ChangeKind.Remove, entryId, moved);
        await InsertFeedbackAsync(connection, transaction, action, bank, entryId, decisionId, null, apiKey, time, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (sequence, moved);
    }

    public async Task<(long Sequence, long Moved)> ReleaseAsync(long bankId, string bank, string entryId, string? apiKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginWrite(connection);
        if (!BankExists(connection, transaction, bankId))
        {
            throw new KeyNotFoundException($"bank {bankId} was deleted");
        }

        long sequence = NextSequence(connection, transaction), moved;
        await using (DbCommand copy = Command(connection, transaction,
            $"INSERT INTO hm_entries (bank_id, seq, {EntryColumns.Names}) SELECT bank_id, @s, {EntryColumns.Names} FROM hm_quarantine WHERE bank_id = @b AND entry_id = @e",
            ("s", sequence), ("b", bankId), ("e", entryId)))
        {
            moved = await copy.ExecuteNonQueryAsync(cancellationToken);
        }

        if (moved == 0)
        {
            return (sequence - 1, 0);
        }

        await using (DbCommand delete = Command(connection, transaction, "DELETE FROM hm_quarantine WHERE bank_id = @b AND entry_id = @e", ("b", bankId), ("e", entryId)))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        InsertChange(connection, transaction, sequence, bankId, ChangeKind.Add, null, moved);
        await InsertFeedbackAsync(connection, transaction, "release", bank, entryId, null, null, apiKey, at.ToUnixTimeMilliseconds(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (sequence, moved);
    }

    public async Task<IReadOnlyList<(string EntryId, DateTimeOffset At, string? DecisionId)>> QuarantinedAsync(long bankId, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbCommand command = Command(connection, null,
            "SELECT entry_id, MIN(at_ms), MIN(decision_id) FROM hm_quarantine WHERE bank_id = @b GROUP BY entry_id ORDER BY entry_id", ("b", bankId));
        await using DbDataReader row = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<(string, DateTimeOffset, string?)>();
        while (await row.ReadAsync(cancellationToken))
        {
            entries.Add((row.GetString(0), Time(row, 1), row.IsDBNull(2) ? null : row.GetString(2)));
        }

        return entries;
    }

    public async Task RecordFeedbackAsync(string action, string bank, string entryId, string? decisionId, string? targetBank, string? apiKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await InsertFeedbackAsync(connection, null, action, bank, entryId, decisionId, targetBank, apiKey, at.ToUnixTimeMilliseconds(), cancellationToken);
    }

    public async Task<long> PurgeDecisionsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        const string Old = "SELECT id FROM hm_decisions WHERE at_ms < @c";
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginRecordWrite(connection);
        long purged = 0;
        foreach (string statement in (string[])[
            $"DELETE FROM hm_review_candidates WHERE review_id IN (SELECT id FROM hm_reviews WHERE decision_id IN ({Old}))",
            $"DELETE FROM hm_reviews WHERE decision_id IN ({Old})",
            $"DELETE FROM hm_complaints WHERE decision_id IN ({Old})",
            $"DELETE FROM hm_decision_candidates WHERE decision_id IN ({Old})",
            "DELETE FROM hm_feedback WHERE at_ms < @c",
            "DELETE FROM hm_decisions WHERE at_ms < @c"])
        {
            await using DbCommand delete = Command(connection, transaction, statement, ("c", before.ToUnixTimeMilliseconds()));
            delete.CommandTimeout = 0; // a first purge of a large store takes a while
            purged = await delete.ExecuteNonQueryAsync(cancellationToken); // the last statement's count: decisions
        }

        await transaction.CommitAsync(cancellationToken);
        return purged;
    }

    private static async Task<DecisionHistory?> ReadDecisionAsync(DbConnection connection, string id, CancellationToken cancellationToken)
    {
        DecisionRecord? decision = null;
        await using (DbCommand command = Command(connection, null, $"SELECT {DecisionColumns} FROM hm_decisions WHERE id = @id", ("id", id)))
        await using (DbDataReader row = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await row.ReadAsync(cancellationToken))
            {
                byte[]? md5 = Bytes(row, 7), sha1 = Bytes(row, 8), sha256 = Bytes(row, 9);
                decision = new DecisionRecord(
                    row.GetString(0), Time(row, 1), row.GetString(2), Text(row, 3), Text(row, 4),
                    Bytes(row, 5) is { } pdq ? PdqHash.FromBytes(pdq) : null,
                    row.IsDBNull(6) ? null : Int(row, 6),
                    md5 is null && sha1 is null && sha256 is null ? null : new ExactHashes(
                        md5 is null ? default : ExactHash.FromBytes(ExactHashAlgorithm.Md5, md5),
                        sha1 is null ? default : ExactHash.FromBytes(ExactHashAlgorithm.Sha1, sha1),
                        sha256 is null ? default : ExactHash.FromBytes(ExactHashAlgorithm.Sha256, sha256)),
                    row.GetInt64(10), []);
            }
        }

        if (decision is null)
        {
            return null;
        }

        var candidates = new List<DecisionCandidate>();
        await using (DbCommand command = Command(connection, null, $"SELECT {CandidateColumns} FROM hm_decision_candidates WHERE decision_id = @id ORDER BY ord", ("id", id)))
        await using (DbDataReader row = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await row.ReadAsync(cancellationToken))
            {
                candidates.Add(ReadCandidate(row, 0));
            }
        }

        var verdicts = new Dictionary<long, List<CandidateVerdict>>();
        await using (DbCommand command = Command(connection, null,
            "SELECT rc.review_id, rc.bank, rc.entry_id, rc.verdict FROM hm_review_candidates rc JOIN hm_reviews r ON r.id = rc.review_id WHERE r.decision_id = @id ORDER BY rc.bank, rc.entry_id", ("id", id)))
        await using (DbDataReader row = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await row.ReadAsync(cancellationToken))
            {
                long review = row.GetInt64(0);
                if (!verdicts.TryGetValue(review, out List<CandidateVerdict>? list))
                {
                    verdicts[review] = list = [];
                }

                list.Add(new CandidateVerdict(row.GetString(1), row.GetString(2), (ReviewVerdict)Int(row, 3)));
            }
        }

        var reviews = new List<ReviewRecord>();
        await using (DbCommand command = Command(connection, null, "SELECT id, verdict, reviewer, note, at_ms FROM hm_reviews WHERE decision_id = @id ORDER BY id", ("id", id)))
        await using (DbDataReader row = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await row.ReadAsync(cancellationToken))
            {
                long review = row.GetInt64(0);
                reviews.Add(new ReviewRecord(review, id, (ReviewVerdict)Int(row, 1), row.GetString(2), Text(row, 3), Time(row, 4), verdicts.GetValueOrDefault(review) ?? []));
            }
        }

        var complaints = new List<ComplaintRecord>();
        await using (DbCommand command = Command(connection, null, $"SELECT {ComplaintColumns} FROM hm_complaints WHERE decision_id = @id ORDER BY id", ("id", id)))
        await using (DbDataReader row = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await row.ReadAsync(cancellationToken))
            {
                complaints.Add(ReadComplaint(row));
            }
        }

        return new DecisionHistory(decision with { Candidates = candidates }, reviews, complaints);
    }

    private const string ComplaintColumns = "id, decision_id, outcome, note, opened_ms, decided_ms";

    private static async Task<ComplaintRecord?> FindComplaintAsync(DbConnection connection, long id, CancellationToken cancellationToken)
    {
        await using DbCommand command = Command(connection, null, $"SELECT {ComplaintColumns} FROM hm_complaints WHERE id = @id", ("id", id));
        await using DbDataReader row = await command.ExecuteReaderAsync(cancellationToken);
        return await row.ReadAsync(cancellationToken) ? ReadComplaint(row) : null;
    }

    private static ComplaintRecord ReadComplaint(DbDataReader row) =>
        new(row.GetInt64(0), row.GetString(1), (ComplaintOutcome)Int(row, 2), Text(row, 3), Time(row, 4), row.IsDBNull(5) ? null : Time(row, 5));

    private static DecisionCandidate ReadCandidate(DbDataReader row, int first) => new(
        row.GetString(first), row.GetString(first + 1), row.GetString(first + 2), Text(row, first + 3),
        Int(row, first + 4), Int(row, first + 5),
        row.IsDBNull(first + 6) ? null : Int(row, first + 6),
        row.IsDBNull(first + 7) ? null : Int(row, first + 7));

    private static async Task<bool> DecisionExistsAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using DbCommand command = Command(connection, transaction, "SELECT COUNT(*) FROM hm_decisions WHERE id = @id", ("id", id));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task InsertFeedbackAsync(DbConnection connection, DbTransaction? transaction, string action, string bank, string entryId, string? decisionId, string? targetBank, string? apiKey, long at, CancellationToken cancellationToken)
    {
        await using DbCommand insert = Command(connection, transaction,
            "INSERT INTO hm_feedback (at_ms, action, bank, entry_id, decision_id, target_bank, api_key) VALUES (@t, @a, @b, @e, @d, @tb, @k)",
            ("t", at), ("a", action), ("b", bank), ("e", entryId), ("d", decisionId), ("tb", targetBank), ("k", apiKey));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Bind(DbCommand command, object?[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static byte[]? Digest(ExactHash? hash) => hash is { IsEmpty: false } h ? EntryColumns.Bytes(h) : null;

    private static object? Small(int? value) => value is { } v ? (short)v : null;

    private static int Int(DbDataReader row, int column) => Convert.ToInt32(row.GetValue(column), CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(DbDataReader row, int column) => DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(row.GetValue(column), CultureInfo.InvariantCulture));

    private static string? Text(DbDataReader row, int column) => row.IsDBNull(column) ? null : row.GetString(column);

    private static byte[]? Bytes(DbDataReader row, int column) => row.IsDBNull(column) ? null : (byte[])row.GetValue(column);
}
