namespace HashMatch.Server.Security;

/// <summary>
/// <c>HASHMATCH_API_KEYS</c>: keys that bootstrap a store, <c>KEY:SCOPES,KEY:SCOPES,...</c> with scopes
/// <c>read</c>, <c>write</c>, <c>metrics</c>, <c>review</c>, <c>admin</c> (several joined by <c>+</c>). At every start the store's environment keys
/// are made to match the variable (<see cref="Storage.IBankStore.SyncEnvironmentApiKeysAsync"/>): a key removed from
/// it is revoked, so it stops working once a server restarts without it.
/// </summary>
internal static class EnvironmentApiKeys
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "HASHMATCH_API_KEYS";

    /// <summary>
    /// The shortest key accepted: 22 characters, the length of 128 random bits in base64 — so a key chosen by hand
    /// is at least not shorter than a generated one's minimum (issue 22).
    /// </summary>
    public const int MinimumLength = 22;

    /// <summary>The keys in <paramref name="text"/> (none when null or blank), or null and the reason they are refused.</summary>
    public static (IReadOnlyList<(string Key, ApiScopes Scopes)>? Keys, string? Problem) Parse(string? text)
    {
        var keys = new List<(string, ApiScopes)>();
        foreach (string item in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = item.LastIndexOf(':');
            if (colon <= 0)
            {
                return (null, $"'{Clip(item)}' has no ':read', ':write', ':metrics', ':review' or ':admin' scope");
            }

            string key = item[..colon], scope = item[(colon + 1)..];
            if (ApiScopeNames.Parse(scope) is not { } scopes)
            {
                return (null, $"'{Clip(item)}': the scopes are {string.Join(", ", ApiScopeNames.All)} (joined by '+'), not '{scope}'");
            }

            if (key.Length < MinimumLength)
            {
                return (null, $"'{Clip(item)}': a key has at least {MinimumLength} characters (this one has {key.Length}); 'hashmatch serve keys add' generates one");
            }

            keys.Add((key, scopes));
        }

        return (keys, null);
    }

    private static string Clip(string item) => item.Length <= 3 ? "***" : item[..3] + "***"; // never echo a whole key
}
