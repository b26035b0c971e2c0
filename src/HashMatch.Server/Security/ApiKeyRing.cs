using System.Collections.Frozen;
using System.Collections.Concurrent;
using HashMatch.Server.Storage;
using Microsoft.Extensions.Logging;

namespace HashMatch.Server.Security;

/// <summary>
/// The API keys this replica accepts, by the SHA-256 of the key (the store keeps only digests). Loaded at start,
/// after the environment keys are synced, and reloaded by the first request that finds the copy older than the poll
/// interval — so a key added or revoked on any replica, or with <c>hashmatch serve keys</c>, counts here within one
/// interval, without a polling loop of its own. Records each key's last use at most once a minute.
/// </summary>
internal sealed partial class ApiKeyRing
{
    /// <summary>How often a key's last use is written, at most (per replica).</summary>
    public static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private readonly IBankStore _store;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _reloadAfter;
    private readonly ILogger<ApiKeyRing> _log;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly ConcurrentDictionary<long, DateTimeOffset> _touched = new();
    private FrozenDictionary<string, ApiKeyRecord> _keys = FrozenDictionary<string, ApiKeyRecord>.Empty;
    private long _loadedAt = long.MinValue;

    public ApiKeyRing(IBankStore store, TimeProvider clock, ServerOptions options, ILogger<ApiKeyRing> log)
    {
        _store = store;
        _clock = clock;
        _reloadAfter = options.PollInterval;
        _log = log;
    }

    /// <summary>Number of active keys known.</summary>
    public int Count => _keys.Count;

    /// <summary>Makes the store's environment keys match <paramref name="keys"/> (see <see cref="EnvironmentApiKeys"/>) and loads every active key.</summary>
    public async Task BootstrapAsync(IReadOnlyList<(string Key, ApiScopes Scopes)> keys, CancellationToken cancellationToken)
    {
        var digests = keys.Select(k => (ApiKeyRecord.Digest(k.Key), k.Scopes)).DistinctBy(k => k.Item1).ToList();
        await _store.SyncEnvironmentApiKeysAsync(digests, _clock.GetUtcNow(), cancellationToken);
        IReadOnlyList<ApiKeyRecord> stored = await LoadAsync(cancellationToken);
        foreach (ApiKeyRecord revoked in stored.Where(k => !k.IsActive && digests.Any(d => d.Item1 == k.Sha256Hex)))
        {
            LogRevokedInEnvironment(EnvironmentApiKeys.Variable, revoked.Name, revoked.Revoked!.Value);
        }
    }

    /// <summary>The active key matching <paramref name="key"/>, or null (unknown or revoked).</summary>
    public async ValueTask<ApiKeyRecord?> FindAsync(string key, CancellationToken cancellationToken)
    {
        if (Age() >= _reloadAfter)
        {
            await ReloadAsync(cancellationToken);
        }

        if (!_keys.TryGetValue(ApiKeyRecord.Digest(key), out ApiKeyRecord? found))
        {
            return null;
        }

        Touch(found);
        return found;
    }

    /// <summary>Loads the keys now: after this replica added or revoked one (<c>/v1/keys</c>), so it counts here at once.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            await LoadAsync(cancellationToken);
        }
        finally
        {
            _reload.Release();
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (Age() < _reloadAfter)
            {
                return; // another request reloaded while this one waited
            }

            await LoadAsync(cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException or TimeoutException)
        {
            // The store is unreachable: keep serving with the keys last loaded (matching needs no store, and
            // readiness reports the outage) and try again after another interval.
            LogReloadFailed(e.Message);
            Interlocked.Exchange(ref _loadedAt, _clock.GetTimestamp());
        }
        finally
        {
            _reload.Release();
        }
    }

    private async Task<IReadOnlyList<ApiKeyRecord>> LoadAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ApiKeyRecord> keys = await _store.ApiKeysAsync(cancellationToken);
        _keys = keys.Where(k => k.IsActive).ToFrozenDictionary(k => k.Sha256Hex, StringComparer.Ordinal);
        Interlocked.Exchange(ref _loadedAt, _clock.GetTimestamp());
        return keys;
    }

    private TimeSpan Age()
    {
        long loadedAt = Interlocked.Read(ref _loadedAt);
        return loadedAt == long.MinValue ? TimeSpan.MaxValue : _clock.GetElapsedTime(loadedAt);
    }

    private void Touch(ApiKeyRecord key)
    {
        DateTimeOffset now = _clock.GetUtcNow();
        DateTimeOffset last = _touched.GetOrAdd(key.Id, DateTimeOffset.MinValue);
        if (now - last < TouchEvery || !_touched.TryUpdate(key.Id, now, last))
        {
            return; // written recently, or another request is writing it now
        }

        // Not awaited: the request must not wait for a write (SQLite's writer lock may be held by an import).
        _ = Task.Run(async () =>
        {
            try
            {
                await _store.TouchApiKeyAsync(key.Id, now, CancellationToken.None);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException or ObjectDisposedException)
            {
                LogTouchFailed(key.Name, e.Message);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Variable} holds key {Name}, which was revoked at {Revoked:u}; it is refused (revocation is final: give a new key)")]
    private partial void LogRevokedInEnvironment(string variable, string name, DateTimeOffset revoked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reload the API keys (using the ones loaded before): {Reason}")]
    private partial void LogReloadFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the last use of API key {Name}: {Reason}")]
    private partial void LogTouchFailed(string name, string reason);
}
