namespace HashMatch.Lists;

/// <summary>
/// The short names of the list layouts (<c>pdq</c>, <c>csv</c>, <c>vics</c>, …) — one table for every place a layout is
/// named by text: the CLI's <c>--list-format</c>, the service's <c>?format=</c>, messages and file extensions.
/// </summary>
public static class ListFormatNames
{
    private static readonly (string Name, ListFormat Format)[] Table =
    [
        ("auto", ListFormat.Auto),
        ("pdq", ListFormat.PlainPdq),
        ("md5", ListFormat.PlainMd5),
        ("sha1", ListFormat.PlainSha1),
        ("sha256", ListFormat.PlainSha256),
        ("csv", ListFormat.Csv),
        ("tsv", ListFormat.Tsv),
        ("jsonl", ListFormat.JsonLines),
        ("te-signals", ListFormat.SignalLines),
        ("hma-csv", ListFormat.HmaCsv),
        ("vics", ListFormat.Vics),
        ("vics1", ListFormat.Vics1),
        ("caid", ListFormat.Caid),
        ("icse", ListFormat.Icse),
        ("nsrl", ListFormat.Nsrl),
    ];

    /// <summary>Every name, <c>auto</c> (detect when reading) first, then the layouts in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Table.Select(t => t.Name)];

    /// <summary>The name of <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value that is not a defined layout.</exception>
    public static string Of(ListFormat format)
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
    public static bool TryParse(string? name, out ListFormat format)
    {
        foreach (var (known, value) in Table)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                format = value;
                return true;
            }
        }

        format = ListFormat.Auto;
        return false;
    }
}
