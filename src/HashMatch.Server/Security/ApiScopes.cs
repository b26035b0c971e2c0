namespace HashMatch.Server.Security;

/// <summary>What an API key may do; a key has one or more.</summary>
[Flags]
public enum ApiScopes
{
    /// <summary>Nothing (not a valid key's scopes).</summary>
    None = 0,

    /// <summary>Match, lookup and hash; read banks and the index state.</summary>
    Read = 1,

    /// <summary>Change banks, entries and imports, export, rebuild — and everything <see cref="Read"/> may.</summary>
    Write = 2,

    /// <summary>Scrape <c>/metrics</c>.</summary>
    Metrics = 4,

    /// <summary>
    /// The operator's loop: read match decisions, record reviews and complaints, quarantine or exclude an entry a
    /// review found false, read the error reports. Separate from <see cref="Write"/>: reviewers judge matches, they do
    /// not maintain banks, and a bank maintainer's key does not read decisions.
    /// </summary>
    Review = 8,

    /// <summary>Manage the API keys: list, create, revoke (<c>/v1/keys</c>; what <c>hashmatch serve keys</c> does on the store).</summary>
    Admin = 16,
}

/// <summary>The scopes' names as operators write them: <c>read</c>, <c>write</c>, <c>metrics</c>, <c>review</c>, <c>admin</c>.</summary>
public static class ApiScopeNames
{
    private static readonly (string Name, ApiScopes Scope)[] Names = [("read", ApiScopes.Read), ("write", ApiScopes.Write), ("metrics", ApiScopes.Metrics), ("review", ApiScopes.Review), ("admin", ApiScopes.Admin)];

    /// <summary>Every name, in order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    /// <summary>
    /// The scopes named in <paramref name="text"/>, separated by <c>,</c> or <c>+</c> (case-insensitive); null when
    /// a name is unknown or none is given.
    /// </summary>
    public static ApiScopes? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ApiScopes scopes = ApiScopes.None;
        foreach (string name in text.Split([',', '+'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int index = Array.FindIndex(Names, n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return null;
            }

            scopes |= Names[index].Scope;
        }

        return scopes == ApiScopes.None ? null : scopes;
    }

    /// <summary>The names of <paramref name="scopes"/>, comma-separated (<c>read,metrics</c>).</summary>
    public static string Format(ApiScopes scopes) => string.Join(",", Names.Where(n => scopes.HasFlag(n.Scope)).Select(n => n.Name));
}
