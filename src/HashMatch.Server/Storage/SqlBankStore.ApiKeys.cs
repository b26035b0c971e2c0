using System.Data.Common;
using System.Globalization;
using HashMatch.Server.Security;

namespace HashMatch.Server.Storage;

/// <summary>API keys (<c>hm_keys</c>): digests, names, scopes, source, last use and revocation.</summary>
internal abstract partial class SqlBankStore
{
    private const string KeyColumns = "id, name, key_sha256, scopes, source, created_ms, last_used_ms, revoked_ms";
    private const string CommandSource = "command", EnvironmentSource = "environment";

    public async Task<IReadOnlyList<ApiKeyRecord>> ApiKeysAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbCommand command = Command(connection, null, $"SELECT {KeyColumns} FROM hm_keys ORDER BY id");
        await using DbDataReader row = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyRecord>();
        while (await row.ReadAsync(cancellationToken))
        {
            keys.Add(ReadKey(row));
        }

        return keys;
    }

    public async Task<ApiKeyRecord?> AddApiKeyAsync(string name, string sha256Hex, ApiScopes scopes, ApiKeySource source, DateTimeOffset created, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using (DbCommand insert = Command(connection, null,
            "INSERT INTO hm_keys (name, key_sha256, scopes, source, created_ms) VALUES (@n, @k, @s, @o, @t) ON CONFLICT DO NOTHING",
            ("n", name), ("k", sha256Hex), ("s", (int)scopes), ("o", SourceName(source)), ("t", created.ToUnixTimeMilliseconds())))
        {
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return null;
            }
        }

        return FindKey(connection, null, "key_sha256 = @k", ("k", sha256Hex));
    }

    public async Task<ApiKeyRecord?> RevokeApiKeyAsync(string idOrName, DateTimeOffset revoked, CancellationToken cancellationToken)
    {
        // An all-digit argument is an id: names cannot be all digits (ApiKeyCatalog), so the two never collide.
        bool byId = long.TryParse(idOrName, NumberStyles.None, CultureInfo.InvariantCulture, out long id);
        string where = byId ? "id = @w" : "name = @w";
        (string Name, object? Value) parameter = ("w", byId ? id : idOrName);
        await using DbConnection connection = Open();
        await using (DbCommand update = Command(connection, null, $"UPDATE hm_keys SET revoked_ms = @t WHERE {where} AND revoked_ms IS NULL",
            parameter, ("t", revoked.ToUnixTimeMilliseconds())))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        return FindKey(connection, null, where, parameter);
    }

    public async Task SyncEnvironmentApiKeysAsync(IReadOnlyCollection<(string Sha256Hex, ApiScopes Scopes)> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long at = now.ToUnixTimeMilliseconds();
        await using DbConnection connection = Open();
        await using DbTransaction transaction = BeginWrite(connection);
        foreach (var (digest, scopes) in keys)
        {
            // Re-scoping applies to active environment keys only: a revoked key stays revoked (revocation is final,
            // whoever did it), and a command key with the same digest is left as its owner made it.
            await using DbCommand upsert = Command(connection, transaction,
                "INSERT INTO hm_keys (name, key_sha256, scopes, source, created_ms) VALUES (@n, @k, @s, @o, @t) " +
                "ON CONFLICT (key_sha256) DO UPDATE SET scopes = excluded.scopes WHERE hm_keys.source = @o AND hm_keys.revoked_ms IS NULL",
                ("n", EnvironmentKeyName(digest)), ("k", digest), ("s", (int)scopes), ("o", EnvironmentSource), ("t", at));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        var kept = keys.Select(k => k.Sha256Hex).ToHashSet(StringComparer.Ordinal);
        var revoke = new List<long>();
        await using (DbCommand select = Command(connection, transaction, "SELECT id, key_sha256 FROM hm_keys WHERE source = @o AND revoked_ms IS NULL", ("o", EnvironmentSource)))
        await using (DbDataReader row = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await row.ReadAsync(cancellationToken))
            {
                if (!kept.Contains(row.GetString(1)))
                {
                    revoke.Add(row.GetInt64(0));
                }
            }
        }

        await using (DbCommand update = Command(connection, transaction, "UPDATE hm_keys SET revoked_ms = @t WHERE id = @id", ("t", at), ("id", 0L)))
        {
            foreach (long id in revoke)
            {
                update.Parameters[1].Value = id;
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task TouchApiKeyAsync(long id, DateTimeOffset used, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Open();
        await using DbCommand command = Command(connection, null,
            "UPDATE hm_keys SET last_used_ms = @t WHERE id = @id AND (last_used_ms IS NULL OR last_used_ms < @t)", ("t", used.ToUnixTimeMilliseconds()), ("id", id));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The name an environment key is stored under: its digest's first 12 hex digits (never the key).</summary>
    public static string EnvironmentKeyName(string sha256Hex) => "env-" + sha256Hex[..12];

    private static ApiKeyRecord? FindKey(DbConnection connection, DbTransaction? transaction, string where, params (string Name, object? Value)[] parameters)
    {
        using DbCommand command = Command(connection, transaction, $"SELECT {KeyColumns} FROM hm_keys WHERE {where}", parameters);
        using DbDataReader row = command.ExecuteReader();
        return row.Read() ? ReadKey(row) : null;
    }

    private static ApiKeyRecord ReadKey(DbDataReader row)
    {
        DateTimeOffset? Time(int column) => row.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(row.GetValue(column), CultureInfo.InvariantCulture));
        return new ApiKeyRecord(
            row.GetInt64(0),
            row.GetString(1),
            row.GetString(2),
            (ApiScopes)Convert.ToInt32(row.GetValue(3), CultureInfo.InvariantCulture),
            row.GetString(4) == EnvironmentSource ? ApiKeySource.Environment : ApiKeySource.Command,
            Time(5)!.Value,
            Time(6),
            Time(7));
    }

    private static string SourceName(ApiKeySource source) => source == ApiKeySource.Environment ? EnvironmentSource : CommandSource;
}
