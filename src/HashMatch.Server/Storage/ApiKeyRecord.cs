using System.Security.Cryptography;
using System.Text;

namespace HashMatch.Server.Storage;

/// <summary>What an API key may do. <see cref="Write"/> includes <see cref="Read"/>.</summary>
internal enum ApiScope
{
    /// <summary>Match, lookup and hash; read banks and the index state.</summary>
    Read,

    /// <summary>Everything <see cref="Read"/> may, and change banks and their entries.</summary>
    Write,
}

/// <summary>A stored API key: the SHA-256 of the key (the key itself is never stored), its scope and a label.</summary>
internal sealed record ApiKeyRecord(string Sha256Hex, ApiScope Scope, string Label)
{
    /// <summary>The stored form of <paramref name="key"/>: lowercase hex SHA-256 of its UTF-8 bytes.</summary>
    public static string Digest(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
