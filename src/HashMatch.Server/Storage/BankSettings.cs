using HashMatch.Matching;
using HashMatch.Pdq;

namespace HashMatch.Server.Storage;

/// <summary>
/// What a bank is, as stored: its name (its identity in URLs), the matching options its <see cref="KnownList"/> gets
/// (threshold, quality limits, query variants, role — the library's <see cref="KnownListOptions"/> themselves, not a
/// copy of their fields), the thresholds of its video entries, and whether it takes part in matching at all.
/// </summary>
internal sealed record BankSettings
{
    /// <summary>Longest bank name: names appear in URLs, metrics labels and every match.</summary>
    public const int MaxNameLength = 64;

    /// <summary>
    /// Largest threshold a bank may have. Two unrelated 256-bit PDQ hashes differ in about 128 bits (±8, a binomial
    /// of 256 fair bits), so a radius near 128 returns a large part of any bank: 256 was accepted and ten lookups then
    /// answered 593 MB in 13.5 s (issue 22, finding 8). 96 is four standard deviations below the unrelated mean, three
    /// times the customary PDQ threshold of 31 (Meta, "The TMK+PDQF and PDQ hashing algorithms", hashing.pdf), and far beyond any distance at which
    /// the evaluation saw a true copy.
    /// </summary>
    public const int MaxDistanceLimit = 96;

    public required string Name { get; init; }

    /// <summary>The options the bank's <see cref="KnownList"/> is built with (the library's defaults unless set).</summary>
    public KnownListOptions Options { get; init; } = new();

    public bool Enabled { get; init; } = true;

    /// <summary>
    /// vPDQ's threshold for the bank's video entries: the least share of an uploaded video's compared frames (quality
    /// 50 or more, distinct) within 31 bits of one of the entry's frames, in percent, 1–100 (the reference's 80).
    /// </summary>
    public int VpdqMatchPercent { get; init; } = 80;

    /// <summary>TMK's threshold for the bank's video entries: the least level-1 and level-2 score, in percent, 1–100 (the reference's 0.70).</summary>
    public int TmkMatchPercent { get; init; } = 70;

    /// <summary>
    /// Why <paramref name="name"/> cannot name a bank (or, with <paramref name="what"/>, an exchange: the same rule),
    /// or null: 1–64 characters of ASCII letters, digits, '-', '_' and '.', starting with a letter or digit (safe in
    /// a URL path, a file name and a Prometheus label).
    /// </summary>
    public static string? NameProblem(string? name, string what = "bank")
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return $"a {what} name has 1 to {MaxNameLength} characters";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return $"a {what} name is made of ASCII letters, digits, '-', '_' and '.', and starts with a letter or digit";
        }

        return null;
    }

    /// <summary>Why the options are out of range, or null.</summary>
    public string? OptionsProblem() =>
        Options.MaxDistance is < 0 or > MaxDistanceLimit ? $"max_distance must be 0..{MaxDistanceLimit} (PDQ hashes of unrelated pictures differ in about 128 bits)" :
        PdqQualityScale.Problem(Options.MinQueryQuality) is { } query ? $"min_query_quality {query}" :
        PdqQualityScale.Problem(Options.MinEntryQuality) is { } entry ? $"min_entry_quality {entry}" :
        (Options.Variants & ~QueryVariants.All) != 0 ? "unknown query variants" :
        !Enum.IsDefined(Options.Role) ? "unknown role" :
        VpdqMatchPercent is < 1 or > 100 ? "vpdq_match_percent must be 1..100" :
        TmkMatchPercent is < 1 or > 100 ? "tmk_match_percent must be 1..100" :
#pragma warning disable HASHMATCH0002 // the bank's threshold for the experimental local-feature signal
        Options.LocalMinInliers is < 2 or > 90 ? "local_min_inliers must be 2..90" :
#pragma warning restore HASHMATCH0002
        null;
}

/// <summary>A stored bank: its database id (entries refer to it), settings and times.</summary>
internal sealed record BankRecord(long Id, BankSettings Settings, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string Name => Settings.Name;
}
