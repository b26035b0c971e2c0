namespace HashMatch.Server.Storage;

/// <summary>One numbered step of the store's schema: statements run in the migration transaction, in order.</summary>
internal sealed record SchemaMigration(int Version, string Description, IReadOnlyList<string> Statements);

/// <summary>
/// The store's schema, as the ordered list of every change made to it — the only place the DDL is written, for both
/// databases (types through <see cref="SqlDialect"/>). A store records the version it is at in <c>hm_schema</c>; at
/// start <see cref="SqlBankStore.InitializeAsync"/> applies the later migrations in one transaction, and refuses a
/// store whose version is above <see cref="Latest"/> (written by a newer binary). Migrations are only ever appended:
/// an existing one never changes, because stores already ran it.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>The table recording the version and the store's identity: one row, created before any migration.</summary>
    public const string SchemaTable = "CREATE TABLE IF NOT EXISTS hm_schema (version {bigint} NOT NULL, store_id TEXT NOT NULL, updated_ms {bigint} NOT NULL)";

    /// <summary>Every migration, by version (1, 2, ...).</summary>
    public static readonly IReadOnlyList<SchemaMigration> All =
    [
        // The schema as it was before versions were recorded. Its statements keep IF NOT EXISTS so that a store made
        // then (version 0: no hm_schema) passes through it unchanged; every later migration may assume it ran.
        new(1, "banks, entries, change log, API key digests",
        [
            """
            CREATE TABLE IF NOT EXISTS hm_banks (
                id {serial}, name TEXT NOT NULL UNIQUE,
                max_distance INTEGER NOT NULL, min_query_quality INTEGER NOT NULL, min_entry_quality INTEGER NOT NULL,
                variants INTEGER NOT NULL, role INTEGER NOT NULL, enabled {bool} NOT NULL,
                created_ms {bigint} NOT NULL, updated_ms {bigint} NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS hm_entries (
                id {rowid}, bank_id {bigint} NOT NULL, seq {bigint} NOT NULL, entry_id TEXT NOT NULL,
                pdq {bytes}, quality {smallint}, md5 {bytes}, sha1 {bytes}, sha256 {bytes}, photodna TEXT,
                category TEXT, tags TEXT, source TEXT, note TEXT, augmented {bool} NOT NULL)
            """,
            // Index builds read a bank's entries in (seq, id) order. SQLite stores before versioning have (bank_id, seq):
            // the same thing there, where every index ends with the rowid.
            "CREATE INDEX IF NOT EXISTS hm_entries_by_seq ON hm_entries (bank_id, seq, id)",
            "CREATE INDEX IF NOT EXISTS hm_entries_by_id ON hm_entries (bank_id, entry_id)",
            """
            CREATE TABLE IF NOT EXISTS hm_changes (
                seq {bigint} PRIMARY KEY, bank_id {bigint} NOT NULL, kind INTEGER NOT NULL, entry_id TEXT,
                count {bigint} NOT NULL, at_ms {bigint} NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS hm_changes_by_bank ON hm_changes (bank_id, kind, seq)",
            "CREATE TABLE IF NOT EXISTS hm_api_keys (key_sha256 TEXT PRIMARY KEY, scope INTEGER NOT NULL, label TEXT NOT NULL, created_ms {bigint} NOT NULL)",
        ]),

        // Keys as data (issue 22): an id and a name to list and revoke them by, scope flags (read 1, write 2, metrics
        // 4), where the key came from, last use and revocation. Keys bootstrapped from HASHMATCH_API_KEYS before this
        // carry over as environment keys (scope 1, write, had read too).
        new(2, "API keys with names, scopes, source, last use and revocation",
        [
            """
            CREATE TABLE hm_keys (
                id {serial}, name TEXT NOT NULL UNIQUE, key_sha256 TEXT NOT NULL UNIQUE, scopes INTEGER NOT NULL,
                source TEXT NOT NULL, created_ms {bigint} NOT NULL, last_used_ms {bigint}, revoked_ms {bigint})
            """,
            """
            INSERT INTO hm_keys (name, key_sha256, scopes, source, created_ms)
            SELECT 'env-' || substr(key_sha256, 1, 12), key_sha256, CASE scope WHEN 1 THEN 3 ELSE 1 END, 'environment', created_ms
            FROM hm_api_keys ORDER BY created_ms, key_sha256
            """,
            "DROP TABLE hm_api_keys",
        ]),

        // Query variants (issue 23): the picture localiser's region variant (4) replaced trim (4) and embedded (8),
        // both of which it covers; a bank that asked for either asks for regions.
        new(3, "query variants trim and embedded become region",
        [
            "UPDATE hm_banks SET variants = (variants & 3) | 4 WHERE (variants & 12) <> 0",
        ]),

        // The operator's loop (issue 26): every answer with a match is a decision (ids are its time and 80 random
        // bits, made by the replica that answered, so replicas sharing a store never collide); its flagging candidates
        // keep bank and entry by name (a decision outlives a deleted bank); reviews are kept as history (the latest stands), per-candidate
        // verdicts beside them; complaints with their outcome; entries a review put in quarantine, whole rows (the
        // entry columns) so releasing one restores it exactly; and each feedback action, for the audit trail.
        new(4, "decisions, reviews, complaints, quarantined entries and feedback",
        [
            """
            CREATE TABLE hm_decisions (
                id TEXT PRIMARY KEY, at_ms {bigint} NOT NULL, endpoint TEXT NOT NULL, api_key TEXT, query_id TEXT,
                pdq {bytes}, quality {smallint}, md5 {bytes}, sha1 {bytes}, sha256 {bytes}, index_seq {bigint} NOT NULL)
            """,
            "CREATE INDEX hm_decisions_by_time ON hm_decisions (at_ms)",
            """
            CREATE TABLE hm_decision_candidates (
                decision_id TEXT NOT NULL, ord INTEGER NOT NULL, technology TEXT NOT NULL, bank TEXT NOT NULL,
                entry_id TEXT NOT NULL, entry_source TEXT, distance INTEGER NOT NULL, threshold INTEGER NOT NULL,
                query_quality {smallint}, entry_quality {smallint},
                PRIMARY KEY (decision_id, ord))
            """,
            "CREATE INDEX hm_decision_candidates_by_entry ON hm_decision_candidates (bank, entry_id)",
            """
            CREATE TABLE hm_reviews (
                id {serial}, decision_id TEXT NOT NULL, verdict INTEGER NOT NULL, reviewer TEXT NOT NULL, note TEXT,
                at_ms {bigint} NOT NULL)
            """,
            "CREATE INDEX hm_reviews_by_decision ON hm_reviews (decision_id, id)",
            """
            CREATE TABLE hm_review_candidates (
                review_id {bigint} NOT NULL, bank TEXT NOT NULL, entry_id TEXT NOT NULL, verdict INTEGER NOT NULL,
                PRIMARY KEY (review_id, bank, entry_id))
            """,
            """
            CREATE TABLE hm_complaints (
                id {serial}, decision_id TEXT NOT NULL, outcome INTEGER NOT NULL, note TEXT,
                opened_ms {bigint} NOT NULL, decided_ms {bigint})
            """,
            "CREATE INDEX hm_complaints_by_decision ON hm_complaints (decision_id)",
            """
            CREATE TABLE hm_quarantine (
                bank_id {bigint} NOT NULL, entry_id TEXT NOT NULL,
                pdq {bytes}, quality {smallint}, md5 {bytes}, sha1 {bytes}, sha256 {bytes}, photodna TEXT,
                category TEXT, tags TEXT, source TEXT, note TEXT, augmented {bool} NOT NULL,
                at_ms {bigint} NOT NULL, decision_id TEXT)
            """,
            "CREATE INDEX hm_quarantine_by_entry ON hm_quarantine (bank_id, entry_id)",
            """
            CREATE TABLE hm_feedback (
                id {serial}, at_ms {bigint} NOT NULL, action TEXT NOT NULL, bank TEXT NOT NULL, entry_id TEXT NOT NULL,
                decision_id TEXT, target_bank TEXT, api_key TEXT)
            """,
        ]),

        // Entries looked up by id in list order (an entry search's results, quarantine): the index by id carries the
        // order too, so the planner takes it for both. With (bank_id, entry_id) alone SQLite chose the index by
        // sequence for "WHERE bank_id = ? AND entry_id = ? ORDER BY seq, id" and read every entry of the bank — 1.3 s
        // for each entry an entry search found in a bank of 10M (benchmarks/load/console-timing.sh).
        new(5, "entries by id in list order",
        [
            "DROP INDEX hm_entries_by_id",
            "CREATE INDEX hm_entries_by_id ON hm_entries (bank_id, entry_id, seq, id)",
        ]),

        // Exchanges (issue 29): one per bank, its settings as the library's JSON (credential references, never a
        // secret), the checkpoint written in the same transaction as the page it follows, what fetches did, the last
        // error, and the lease (owner, until) that lets exactly one replica fetch it. Whether reviewers' verdicts go
        // back to it is a column, so a review queues them in its own transaction (hm_exchange_feedback, an outbox
        // the replica holding the lease sends from).
        new(6, "exchanges attached to banks, with checkpoints, leases and a feedback outbox",
        [
            """
            CREATE TABLE hm_exchanges (
                id {serial}, name TEXT NOT NULL UNIQUE, bank_id {bigint} NOT NULL UNIQUE, settings TEXT NOT NULL,
                enabled {bool} NOT NULL, feedback {bool} NOT NULL, interval_s {bigint} NOT NULL, checkpoint TEXT,
                last_fetch_ms {bigint}, last_success_ms {bigint}, last_error TEXT,
                pages {bigint} NOT NULL, added {bigint} NOT NULL, removed {bigint} NOT NULL,
                lease_owner TEXT, lease_until_ms {bigint}, created_ms {bigint} NOT NULL)
            """,
            """
            CREATE TABLE hm_exchange_feedback (
                id {serial}, exchange_id {bigint} NOT NULL, entry_id TEXT NOT NULL, confirmed {bool} NOT NULL,
                review_id {bigint} NOT NULL, created_ms {bigint} NOT NULL, sent_ms {bigint}, attempts INTEGER NOT NULL,
                last_error TEXT)
            """,
            "CREATE INDEX hm_exchange_feedback_pending ON hm_exchange_feedback (exchange_id, sent_ms, id)",
        ]),

        // Videos in banks (issue 26): a bank's video entries beside its image entries, under the same change log (an add
        // change counts both, a removal by id removes both), so replicas follow them as they follow entries. The vPDQ
        // frames are stored compactly and the .tmk bytes as given, with a SHA-256 checksum over id and hashes that
        // every read checks (VideoColumns). Each bank gets its video thresholds, the references' by default: vPDQ's
        // share of the query's frames matched (80 %) and TMK's least level-1 and level-2 score (0.70), as percents.
        new(7, "video entries: vPDQ frames and TMK signatures in banks",
        [
            """
            CREATE TABLE hm_videos (
                id {rowid}, bank_id {bigint} NOT NULL, seq {bigint} NOT NULL, entry_id TEXT NOT NULL,
                vpdq {bytes}, frames {bigint}, tmk {bytes}, checksum {bytes} NOT NULL,
                category TEXT, tags TEXT, source TEXT, note TEXT)
            """,
            "CREATE INDEX hm_videos_by_seq ON hm_videos (bank_id, seq, id)",
            "CREATE INDEX hm_videos_by_id ON hm_videos (bank_id, entry_id)",
            "ALTER TABLE hm_banks ADD COLUMN vpdq_percent INTEGER NOT NULL DEFAULT 80",
            "ALTER TABLE hm_banks ADD COLUMN tmk_percent INTEGER NOT NULL DEFAULT 70",
        ]),

        // The candidates' index by (bank, entry) served only automatic quarantine's count, yet every recorded decision
        // inserted into it at a random place: about 40 % of SQLite's work per decision (docs/review.md, "What
        // recording costs"). A replica started with --quarantine-after creates it again (IF NOT EXISTS); other
        // stores no longer pay for it.
        new(8, "the decision candidates' index by entry only where automatic quarantine counts",
        [
            "DROP INDEX IF EXISTS hm_decision_candidates_by_entry",
        ]),

        // Local-feature signals in banks (issue 24): the stored form as given by hash --signal local (at most 1,014
        // bytes, versioned and checksummed; parsed again on every read), beside the entry's other hashes; quarantined
        // entries keep theirs, so a release restores it. The bank's threshold is KnownListOptions.LocalMinInliers (16 by default,
        // HashMatchDefaults.LocalMinInliers).
        new(9, "local-feature signals of entries, and each bank's local-feature threshold",
        [
            "ALTER TABLE hm_entries ADD COLUMN local {bytes}",
            "ALTER TABLE hm_quarantine ADD COLUMN local {bytes}",
            "ALTER TABLE hm_banks ADD COLUMN local_min_inliers INTEGER NOT NULL DEFAULT 16",
        ]),
    ];

    /// <summary>The version this binary writes and understands.</summary>
    public static int Latest => All[^1].Version;
}
