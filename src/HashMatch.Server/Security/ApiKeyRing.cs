using System.Collections.Frozen;
using System.Diagnostics;
using HashMatch.Server.Storage;

namespace HashMatch.Server.Security;

/// <summary>
/// The API keys this replica accepts, by the SHA-256 of the key (the store keeps only digests). Loaded at start,
/// after <c>HASHMATCH_API_KEYS</c> is stored; an unknown key triggers a reload at most every few seconds, so a key
/// another replica bootstrapped into a shared store is accepted here too.
/// </summary>
internal sealed class ApiKeyRing
{
    private static readonly TimeSpan ReloadAfter = TimeSpan.FromSeconds(5);
    private readonly IBankStore _store;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private FrozenDictionary<string, ApiKeyRecord> _keys = FrozenDictionary<string, ApiKeyRecord>.Empty;
    private long _loadedAt;

    public ApiKeyRing(IBankStore store)
    {
        _store = store;
    }

    /// <summary>Number of keys known.</summary>
    public int Count => _keys.Count;

    /// <summary>
    /// Parses <c>KEY:SCOPE,KEY:SCOPE,...</c> (scopes <c>read</c> and <c>write</c>); null and a reason when malformed.
    /// Keys may not contain ',' and must be at least 8 characters.
    /// </summary>
    public static (IReadOnlyList<(string Key, ApiScope Scope)>? Keys, string? Problem) ParseBootstrap(string? text)
    {
        var keys = new List<(string, ApiScope)>();
        foreach (string item in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = item.LastIndexOf(':');
            if (colon <= 0)
            {
                return (null, $"'{Clip(item)}' has no ':read' or ':write' scope");
            }

            string key = item[..colon], scope = item[(colon + 1)..].ToLowerInvariant();
            ApiScope? parsed = scope switch { "read" => ApiScope.Read, "write" => ApiScope.Write, _ => null };
            if (parsed is null)
            {
                return (null, $"'{Clip(item)}': the scope is read or write, not '{scope}'");
            }

            if (key.Length < 5)
            {
                return (null, $"'{Clip(item)}': a key has at least 5 characters");
            }

            keys.Add((key, parsed.Value));
        }

        return (keys, null);
    }

    /// <summary>Stores the bootstrap keys (re-scoping existing ones) and loads every stored key.</summary>
    public async Task BootstrapAsync(IEnumerable<(string Key, ApiScope Scope)> keys, CancellationToken cancellationToken)
    {
        foreach (var (key, scope) in keys)
        {
            string digest = ApiKeyRecord.Digest(key);
            await _store.UpsertApiKeyAsync(new ApiKeyRecord(digest, scope, $"HASHMATCH_API_KEYS {digest[..8]}"), cancellationToken);
        }

        await LoadAsync(cancellationToken);
    }

    /// <summary>The stored key matching <paramref name="key"/>, or null.</summary>
    public async ValueTask<ApiKeyRecord?> FindAsync(string key, CancellationToken cancellationToken)
    {
        string digest = ApiKeyRecord.Digest(key);
        if (_keys.TryGetValue(digest, out ApiKeyRecord? found))
        {
            return found;
        }

        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _loadedAt)) < ReloadAfter || !await _reload.WaitAsync(0, cancellationToken))
        {
            return null;
        }

        try
        {
            await LoadAsync(cancellationToken);
        }
        finally
        {
            _reload.Release();
        }

        return _keys.GetValueOrDefault(digest);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ApiKeyRecord> keys = await _store.ApiKeysAsync(cancellationToken);
        _keys = keys.ToFrozenDictionary(k => k.Sha256Hex, StringComparer.Ordinal);
        Interlocked.Exchange(ref _loadedAt, Stopwatch.GetTimestamp());
    }

    private static string Clip(string item) => item.Length <= 3 ? "***" : item[..3] + "***"; // never echo a whole key
}
