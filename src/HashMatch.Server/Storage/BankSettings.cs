using HashMatch.Matching;
using HashMatch.Pdq;

namespace HashMatch.Server.Storage;

/// <summary>
/// What a bank is, as stored: its name (its identity in URLs), the matching options its <see cref="KnownList"/> gets
/// (threshold, quality limits, query variants, role) and whether it takes part in matching at all.
/// </summary>
internal sealed record BankSettings
{
    /// <summary>Longest bank name: names appear in URLs, metrics labels and every match.</summary>
    public const int MaxNameLength = 64;

    public required string Name { get; init; }

    public int MaxDistance { get; init; } = HashMatchDefaults.PdqMatchThreshold;

    public int MinQueryQuality { get; init; } = HashMatchDefaults.PdqMinQuality;

    public int MinEntryQuality { get; init; } = HashMatchDefaults.PdqMinQuality;

    public QueryVariants Variants { get; init; }

    public ListRole Role { get; init; } = ListRole.Known;

    public bool Enabled { get; init; } = true;

    /// <summary>The options the bank's <see cref="KnownList"/> is built with.</summary>
    public KnownListOptions ToListOptions() => new()
    {
        MaxDistance = MaxDistance,
        MinQueryQuality = MinQueryQuality,
        MinEntryQuality = MinEntryQuality,
        Variants = Variants,
        Role = Role,
    };

    /// <summary>
    /// Why <paramref name="name"/> cannot name a bank, or null: 1–64 characters of ASCII letters, digits, '-', '_'
    /// and '.', starting with a letter or digit (safe in a URL path, a file name and a Prometheus label).
    /// </summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return $"a bank name has 1 to {MaxNameLength} characters";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return "a bank name is made of ASCII letters, digits, '-', '_' and '.', and starts with a letter or digit";
        }

        return null;
    }

    /// <summary>Why the options are out of range, or null.</summary>
    public string? OptionsProblem() =>
        MaxDistance is < 0 or > PdqHash.BitLength ? "maxDistance must be 0..256" :
        MinQueryQuality is < 0 or > 100 || MinEntryQuality is < 0 or > 100 ? "quality limits must be 0..100" :
        (Variants & ~QueryVariants.All) != 0 ? "unknown query variants" :
        !Enum.IsDefined(Role) ? "unknown role" :
        null;
}

/// <summary>A stored bank: its database id (entries refer to it), settings and times.</summary>
internal sealed record BankRecord(long Id, BankSettings Settings, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string Name => Settings.Name;
}
