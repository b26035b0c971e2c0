using System.Security.Cryptography;
using System.Text;
using HashMatch.Server.Security;

namespace HashMatch.Server.Storage;

/// <summary>Where a stored API key came from, which decides who may revoke it implicitly.</summary>
public enum ApiKeySource
{
    /// <summary>Added with <c>hashmatch serve keys add</c>; only <c>keys revoke</c> ends it.</summary>
    Command,

    /// <summary>Bootstrapped from <c>HASHMATCH_API_KEYS</c>; revoked at a start whose variable no longer holds it.</summary>
    Environment,
}

/// <summary>
/// A stored API key: the SHA-256 of the key (the key itself is never stored), a unique name, its scopes, where it
/// came from, when it was created, last used (written at most once a minute per replica) and revoked.
/// </summary>
public sealed record ApiKeyRecord(long Id, string Name, string Sha256Hex, ApiScopes Scopes, ApiKeySource Source, DateTimeOffset Created, DateTimeOffset? LastUsed, DateTimeOffset? Revoked)
{
    /// <summary>
    /// The stored form of <paramref name="key"/>: lowercase hex SHA-256 of its UTF-8 bytes. A fast hash is enough
    /// because keys are long and random (generated keys carry 256 bits, bootstrap keys need 22 characters): there is
    /// no small space of likely keys to search, which is what slow password hashes defend.
    /// </summary>
    public static string Digest(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Not revoked.</summary>
    public bool IsActive => Revoked is null;
}
