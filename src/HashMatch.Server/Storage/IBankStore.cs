using HashMatch.Lists;
using HashMatch.Server.Security;

namespace HashMatch.Server.Storage;

/// <summary>
/// Where banks, their entries, the change log and API keys are kept durably: SQLite in the data folder by default
/// (<see cref="SqliteBankStore"/>), or PostgreSQL shared by several replicas (<see cref="PostgresBankStore"/>).
/// Every change gets the next sequence number of one store-wide counter, under a lock that makes commit order and
/// number order agree, so a replica that has seen change N has seen every change before it. Thread-safe.
/// </summary>
internal interface IBankStore : IDisposable
{
    /// <summary>A description for logs and <c>GET /v1/index</c>: the kind and where (never a password).</summary>
    string Description { get; }

    /// <summary>
    /// The store's identity: random, made once when the store is created (or first upgraded to a versioned schema),
    /// the same for every replica and every start. Available after <see cref="InitializeAsync"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Before <see cref="InitializeAsync"/>.</exception>
    string StoreId { get; }

    /// <summary>
    /// Creates the schema, or brings an older one up to date (<see cref="SchemaMigrations"/>, in one transaction).
    /// </summary>
    /// <exception cref="StoreVersionException">The store was written by a newer binary; it is left unchanged.</exception>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Every stored key, revoked ones included, by id.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ApiKeysAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new key; null when its name or digest is taken.</summary>
    Task<ApiKeyRecord?> AddApiKeyAsync(string name, string sha256Hex, ApiScopes scopes, ApiKeySource source, DateTimeOffset created, CancellationToken cancellationToken);

    /// <summary>
    /// Revokes the key with id or name <paramref name="idOrName"/> (an all-digit argument is an id); a key revoked
    /// before keeps its time. Returns the key as now stored, or null when there is none.
    /// </summary>
    Task<ApiKeyRecord?> RevokeApiKeyAsync(string idOrName, DateTimeOffset revoked, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the environment keys match <paramref name="keys"/> (digests and scopes), in one transaction: a new digest
    /// is stored as an environment key, a known active environment key is re-scoped, and every active environment key
    /// not in <paramref name="keys"/> is revoked. Revoked keys stay revoked; command keys are not touched.
    /// </summary>
    Task SyncEnvironmentApiKeysAsync(IReadOnlyCollection<(string Sha256Hex, ApiScopes Scopes)> keys, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records that key <paramref name="id"/> was used at <paramref name="used"/> (an earlier time never overwrites a later one).</summary>
    Task TouchApiKeyAsync(long id, DateTimeOffset used, CancellationToken cancellationToken);

    /// <summary>Every bank, by id.</summary>
    Task<IReadOnlyList<BankRecord>> BanksAsync(CancellationToken cancellationToken);

    /// <summary>The bank named <paramref name="name"/>, or null.</summary>
    Task<BankRecord?> BankAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates a bank; null when the name is taken.</summary>
    Task<(BankRecord Bank, long Sequence)?> CreateBankAsync(BankSettings settings, CancellationToken cancellationToken);

    /// <summary>Replaces a bank's settings (not its name); null when there is no such bank.</summary>
    Task<(BankRecord Bank, long Sequence)?> UpdateBankAsync(BankSettings settings, CancellationToken cancellationToken);

    /// <summary>Deletes a bank and its entries; null when there is no such bank.</summary>
    Task<long?> DeleteBankAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Adds entries to bank <paramref name="bankId"/> in one transaction: either all of them are stored, under one
    /// sequence number, or (when <paramref name="entries"/> throws, or the bank is gone) none. Runs synchronously
    /// (imports stream from a file); returns the sequence and how many were added.
    /// </summary>
    (long Sequence, long Count) AddEntries(long bankId, Action<Action<ListEntry>> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Adds one entry under a new numeric id, in one transaction like <see cref="AddEntries"/>. The id is the decimal
    /// form of a number no entry of the bank holds, at least the change's sequence number (so numbers are rarely
    /// shared between banks): for the bank's first numbered entry, one above its largest integer id (an imported
    /// HMA bank keeps its ids and new content continues above them); after that, one above the last numbered entry,
    /// or above the largest integer id again when an entry added meanwhile holds that number. Numbers are never
    /// given twice in a bank. <paramref name="entry"/> makes the entry from its id; the id is recorded on the change.
    /// Used by the HMA-compatible routes, whose content ids are integers.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The bank was deleted.</exception>
    (long Sequence, long Number) AddNumberedEntry(long bankId, Func<string, ListEntry> entry, CancellationToken cancellationToken);

    /// <summary>
    /// Adds video entries to bank <paramref name="bankId"/> in one transaction, under one sequence number recorded as
    /// an add change (the change log replicas follow for entries, counting the videos): all of them or none.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The bank was deleted.</exception>
    (long Sequence, long Count) AddVideos(long bankId, IReadOnlyList<VideoEntry> videos, CancellationToken cancellationToken);

    /// <summary>Removes every entry and video entry with one of <paramref name="ids"/>; one change per id that existed. Returns the last sequence (or the head when nothing was removed) and how many entries went.</summary>
    Task<(long Sequence, long Removed)> RemoveEntriesAsync(long bankId, IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>Every entry of the bank with id <paramref name="entryId"/> (an entry and its crops), in the order they were added.</summary>
    Task<IReadOnlyList<ListEntry>> EntriesAsync(long bankId, string entryId, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the bank's entries in the order they were added: all of them, or those whose id, category, tags,
    /// source or note contain <paramref name="text"/> (case-insensitive for ASCII letters).
    /// </summary>
    Task<IReadOnlyList<ListEntry>> SearchEntriesAsync(long bankId, string? text, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>The newest sequence number (0 for an empty store).</summary>
    Task<long> HeadAsync(CancellationToken cancellationToken);

    /// <summary>The changes with <paramref name="after"/> &lt; sequence ≤ <paramref name="upTo"/>, in order.</summary>
    Task<IReadOnlyList<ChangeRecord>> ChangesAsync(long after, long upTo, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a consistent read of the store as of now (one transaction): its head, banks and entries stay as they
    /// were while the read lasts, whatever writers do meanwhile. Used to build and rebuild indexes.
    /// </summary>
    IBankStoreReader OpenReader();
}

/// <summary>A consistent read of the store (see <see cref="IBankStore.OpenReader"/>). Not thread-safe; dispose to end it.</summary>
internal interface IBankStoreReader : IDisposable
{
    /// <summary>The newest sequence number this read sees.</summary>
    long Head { get; }

    /// <summary>Every bank this read sees.</summary>
    IReadOnlyList<BankRecord> Banks();

    /// <summary>Number of entries of the bank with <paramref name="after"/> &lt; sequence ≤ <paramref name="upTo"/>.</summary>
    long CountEntries(long bankId, long after, long upTo);

    /// <summary>The bank's entries with <paramref name="after"/> &lt; sequence ≤ <paramref name="upTo"/>, in the order they were added; streamed.</summary>
    IEnumerable<ListEntry> Entries(long bankId, long after, long upTo);

    /// <summary>The bank's video entries with <paramref name="after"/> &lt; sequence ≤ <paramref name="upTo"/>, in the order they were added; streamed.</summary>
    /// <exception cref="InvalidDataException">A stored video is damaged (its checksum does not match).</exception>
    IEnumerable<VideoEntry> Videos(long bankId, long after, long upTo);

    /// <summary>
    /// The bank's video entries with id <paramref name="entryId"/> and sequence ≤ <paramref name="upTo"/>, in the order
    /// they were added: what a removal of that id left of them (a quarantine removes an id's image entries only).
    /// </summary>
    IReadOnlyList<VideoEntry> VideosWithId(long bankId, string entryId, long upTo);

    /// <summary>The ids removed from the bank by changes with <paramref name="after"/> &lt; sequence ≤ <paramref name="upTo"/>.</summary>
    IReadOnlyList<string> RemovedIds(long bankId, long after, long upTo);
}
