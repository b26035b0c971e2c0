namespace HashMatch.Lists;

/// <summary>
/// Checks a hash list for what would hurt a matcher: malformed records (errors), duplicates, and degenerate PDQ hashes
/// that match far too much (warnings) — all zeros or ones and hashes near them (the hash of a flat image is all
/// zeros: no DCT coefficient exceeds the median), set-bit counts far from 128 (PDQ thresholds at the median, so a
/// real hash has about half its bits set), striped and half-split patterns, and entries the list itself records as
/// low quality. Lists that carry PhotoDNA hashes get a note that those are kept but not matched.
/// </summary>
public static class ListLinter
{
    /// <summary>Set-bit counts further than this from 128 are reported as unbalanced.</summary>
    private const int MaxBitImbalance = 32;

    // A PDQ hash within the default match threshold of all-zeros or all-ones is reported as near-constant, and a
    // recorded quality below the default minimum as low: the linter reads HashMatchDefaults, it keeps no copies.
    private static int NearConstantDistance => HashMatchDefaults.PdqMatchThreshold;

    internal static int MinQuality => HashMatchDefaults.PdqMinQuality;

    internal static readonly PdqHash AllOnes = new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>Every issue in <paramref name="contents"/>: its read errors, warnings and notes, by line.</summary>
    public static IReadOnlyList<ListIssue> Lint(ListContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var issues = new List<ListIssue>(contents.Errors);
        var lint = new ListLint(contents.Input, issues.Add);
        for (int i = 0; i < contents.Entries.Count; i++)
        {
            lint.Add(contents.Entries[i], contents.Lines[i]);
        }

        lint.Finish(contents.Errors.Count);
        return [.. issues.OrderBy(i => i.Line).ThenBy(i => i.Severity)];
    }

    /// <summary>
    /// Lints the list at <paramref name="path"/> while reading it, in memory proportional to its hashes (about 20
    /// bytes per hash for the duplicate check), not to its entries: malformed records and per-entry warnings are
    /// reported in file order as they are found, then duplicates (by line), then notes about the whole list.
    /// </summary>
    /// <param name="path">The list.</param>
    /// <param name="format">Its layout, or <see cref="ListFormat.Auto"/>.</param>
    /// <param name="report">Called for each issue.</param>
    /// <exception cref="HashMatchException">The list cannot be read at all (missing, not text, undetectable layout, broken structure).</exception>
    public static ListLintSummary Lint(string path, ListFormat format, Action<ListIssue> report)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(report);
        int errors = 0, warnings = 0, entries = 0;
        void Count(ListIssue issue)
        {
            _ = issue.Severity switch { ListIssueSeverity.Error => errors++, ListIssueSeverity.Warning => warnings++, _ => 0 };
            report(issue);
        }

        var lint = new ListLint(path, Count);
        ListFormat read = ListReader.ReadEach(path, format, (entry, line) =>
        {
            entries++;
            lint.Add(entry, line);
        }, Count);
        lint.Finish(errors);
        return new ListLintSummary { Format = read, Entries = entries, Errors = errors, Warnings = warnings };
    }

    /// <summary>Why <paramref name="hash"/> would match too much, or null when it looks like a real PDQ hash.</summary>
    internal static (string Code, string Message)? Degenerate(PdqHash hash)
    {
        if (hash == PdqHash.Zero)
        {
            return ("all-zero", "all-zero PDQ hash (the hash of a flat image)");
        }

        if (hash == AllOnes)
        {
            return ("all-one", "all-one PDQ hash");
        }

        int zeros = hash.DistanceTo(PdqHash.Zero);
        if (zeros <= NearConstantDistance || PdqHash.BitLength - zeros <= NearConstantDistance)
        {
            return ("near-constant", $"within {Math.Min(zeros, PdqHash.BitLength - zeros)} bits of an all-{(zeros <= NearConstantDistance ? "zero" : "one")} hash");
        }

        if (Math.Abs(zeros - (PdqHash.BitLength / 2)) > MaxBitImbalance)
        {
            return ("unbalanced", $"{zeros} of 256 bits set; PDQ hashes have about 128");
        }

        ulong low = hash.GetWord(0) | hash.GetWord(1), high = hash.GetWord(2) & hash.GetWord(3);
        ulong lowAnd = hash.GetWord(0) & hash.GetWord(1), highOr = hash.GetWord(2) | hash.GetWord(3);
        if ((low == 0 && high == ulong.MaxValue) || (lowAnd == ulong.MaxValue && highOr == 0))
        {
            return ("half-split", "one half of the hash is all zeros and the other all ones");
        }

        // The 256 bits are 16 rows of 16 (one per DCT row). Identical rows or rows that are all 0 or all 1 are stripes.
        Span<ushort> rows = stackalloc ushort[16];
        for (int r = 0; r < 16; r++)
        {
            rows[r] = (ushort)(hash.GetWord(r / 4) >> (16 * (r % 4)));
        }

        if (rows.IndexOfAnyExcept(rows[0]) < 0)
        {
            return ("striped", "all 16 rows of the hash are the same bit pattern");
        }

        if (rows.IndexOfAnyExcept((ushort)0, ushort.MaxValue) < 0)
        {
            return ("striped", "every row of the hash is all zeros or all ones");
        }

        return null;
    }
}
