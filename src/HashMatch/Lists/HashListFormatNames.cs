namespace HashMatch.Lists;

/// <summary>
/// The short names of the list layouts (<c>pdq</c>, <c>csv</c>, <c>vics</c>, …) — one table for every place a layout is
/// named by text: the CLI's <c>--list-format</c>, the service's <c>?format=</c>, messages and file extensions.
/// </summary>
public static class HashListFormatNames
{
    private static readonly (string Name, HashListFormat Format)[] Table =
    [
        ("auto", HashListFormat.Auto),
        ("pdq", HashListFormat.PlainPdq),
        ("md5", HashListFormat.PlainMd5),
        ("sha1", HashListFormat.PlainSha1),
        ("sha256", HashListFormat.PlainSha256),
        ("csv", HashListFormat.Csv),
        ("tsv", HashListFormat.Tsv),
        ("jsonl", HashListFormat.JsonLines),
        ("te-signals", HashListFormat.SignalLines),
        ("hma-csv", HashListFormat.HmaCsv),
        ("vics", HashListFormat.Vics),
        ("vics1", HashListFormat.Vics1),
        ("caid", HashListFormat.Caid),
        ("icse", HashListFormat.Icse),
        ("nsrl", HashListFormat.Nsrl),
    ];

    /// <summary>Every name, <c>auto</c> (detect when reading) first, then the layouts in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Table.Select(t => t.Name)];

    /// <summary>The name of <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value that is not a defined layout.</exception>
    public static string Of(HashListFormat format)
    {
        foreach (var (name, value) in Table)
        {
            if (value == format)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(format), format, "Not a list layout.");
    }

    /// <summary>The layout named <paramref name="name"/> (case-insensitive); false for null or an unknown name.</summary>
    public static bool TryParse(string? name, out HashListFormat format)
    {
        foreach (var (known, value) in Table)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                format = value;
                return true;
            }
        }

        format = HashListFormat.Auto;
        return false;
    }
}
