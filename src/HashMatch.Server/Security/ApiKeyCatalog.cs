using System.Buffers.Text;
using System.Security.Cryptography;
using HashMatch.Server.Storage;

namespace HashMatch.Server.Security;

/// <summary>
/// The API keys of a bank store, for <c>hashmatch serve keys add|list|revoke</c> and the service's <c>/v1/keys</c>:
/// opens the store the server options name (upgrading its schema like a server start does), generates keys and
/// revokes them. Servers on the store pick a change up within their poll interval.
/// </summary>
public sealed class ApiKeyCatalog : IDisposable
{
    /// <summary>Longest key name.</summary>
    public const int MaxNameLength = 64;

    private const string GeneratedPrefix = "hm_";
    private readonly IBankStore _store;
    private readonly TimeProvider _clock;

    /// <summary>The catalog of a store the caller owns (the server's: <c>/v1/keys</c>); disposing it closes the store.</summary>
    internal ApiKeyCatalog(IBankStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
    }

    /// <summary>The store (kind and location, never a password).</summary>
    public string Store => _store.Description;

    /// <summary>Opens the store of <paramref name="options"/> (<see cref="ServerOptions.DataDirectory"/> or <see cref="ServerOptions.Database"/>).</summary>
    /// <exception cref="HashMatchException">Neither is given (<see cref="HashMatchErrorReason.Malformed"/>), or the store cannot be opened (<see cref="HashMatchErrorReason.Unreadable"/>).</exception>
    /// <exception cref="StoreVersionException">A newer binary wrote the store.</exception>
    public static async Task<ApiKeyCatalog> OpenAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ApiKeyCatalog(await SqlBankStore.OpenForCommandAsync(options, "serve keys", cancellationToken), TimeProvider.System);
    }

    /// <summary>Why <paramref name="name"/> cannot name a key, or null: 1 to 64 letters, digits, '.', '_', '-', not all digits (ids are), not starting "env-" (environment keys' names).</summary>
    public static string? NameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
                ? $"a key name has 1 to {MaxNameLength} letters, digits, '.', '_' or '-'"
            : name.All(char.IsAsciiDigit) ? "a key name is not all digits (those are ids)"
            : name.StartsWith("env-", StringComparison.Ordinal) ? "names starting 'env-' are kept for keys from HASHMATCH_API_KEYS"
            : null;
    }

    /// <summary>
    /// Generates a key (256 random bits from <see cref="RandomNumberGenerator"/>, base64url after <c>hm_</c>) and stores
    /// its digest under <paramref name="name"/>. The key is returned once and is not kept anywhere.
    /// </summary>
    /// <exception cref="HashMatchException">The name is malformed, taken, or no scope is given (<see cref="HashMatchErrorReason.Malformed"/>).</exception>
    public async Task<(ApiKeyRecord Record, string Key)> AddAsync(string name, ApiScopes scopes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (NameProblem(name) is { } problem)
        {
            throw new HashMatchException(name, HashMatchErrorReason.Malformed, problem);
        }

        if (scopes == ApiScopes.None || (scopes & ~(ApiScopes.Read | ApiScopes.Write | ApiScopes.Metrics | ApiScopes.Review | ApiScopes.Admin)) != 0)
        {
            throw new HashMatchException(name, HashMatchErrorReason.Malformed, $"give one or more scopes: {string.Join(", ", ApiScopeNames.All)}");
        }

        string key = GeneratedPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        ApiKeyRecord? record = await _store.AddApiKeyAsync(name, ApiKeyRecord.Digest(key), scopes, ApiKeySource.Command, _clock.GetUtcNow(), cancellationToken);
        return record is null
            ? throw new HashMatchException(name, HashMatchErrorReason.Malformed, $"a key named '{name}' exists already in {_store.Description}")
            : (record, key);
    }

    /// <summary>Every key, revoked ones included, by id (digests and metadata; keys themselves are never stored).</summary>
    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken = default) => _store.ApiKeysAsync(cancellationToken);

    /// <summary>Revokes the key with id or name <paramref name="idOrName"/>; returns it as now stored, or null when there is none.</summary>
    public Task<ApiKeyRecord?> RevokeAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        return _store.RevokeApiKeyAsync(idOrName, _clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>Closes the store.</summary>
    public void Dispose() => _store.Dispose();
}
