namespace HashMatch.Lists;

/// <summary>
/// Checks a hash list for what would hurt a matcher: malformed lines (errors), duplicates, and degenerate PDQ hashes
/// that match far too much (warnings) — all zeros or ones and hashes near them (the hash of a flat image is all
/// zeros: no DCT coefficient exceeds the median), set-bit counts far from 128 (PDQ thresholds at the median, so a
/// real hash has about half its bits set), striped and half-split patterns, and entries the list itself records as
/// low quality.
/// </summary>
public static class HashListLinter
{
    /// <summary>A PDQ hash this close to all-zeros or all-ones is reported as near-constant (the default match threshold).</summary>
    public const int NearConstantDistance = HashMatchDefaults.PdqMatchThreshold;

    /// <summary>Set-bit counts further than this from 128 are reported as unbalanced.</summary>
    public const int MaxBitImbalance = 32;

    /// <summary>Quality below which a recorded entry quality is reported (PDQ's customary minimum).</summary>
    public const int MinQuality = HashMatchDefaults.PdqMinQuality;

    private static readonly PdqHash AllOnes = new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>Every issue in <paramref name="contents"/>: its read errors, then warnings, by line.</summary>
    public static IReadOnlyList<ListIssue> Lint(HashListContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var issues = new List<ListIssue>(contents.Errors);
        var firstPdq = new Dictionary<PdqHash, int>();
        var firstMd5 = new Dictionary<ExactHash, int>();
        for (int i = 0; i < contents.Entries.Count; i++)
        {
            ListEntry entry = contents.Entries[i];
            int line = contents.Lines[i];
            void Warn(string code, string message) => issues.Add(new ListIssue { Input = contents.Input, Line = line, Severity = ListIssueSeverity.Warning, Code = code, Message = message });
            if (entry.Pdq is { } pdq)
            {
                if (!firstPdq.TryAdd(pdq, line))
                {
                    Warn("duplicate", $"PDQ hash repeats line {firstPdq[pdq]}");
                }

                if (Degenerate(pdq) is { } problem)
                {
                    Warn(problem.Code, problem.Message);
                }

                if (entry.Quality < MinQuality)
                {
                    Warn("low-quality", $"the list records quality {entry.Quality} (below {MinQuality}): PDQ hashes of such images match unrelated ones");
                }
            }

            if (entry.Md5 is { } md5 && !firstMd5.TryAdd(md5, line))
            {
                Warn("duplicate", $"MD5 repeats line {firstMd5[md5]}");
            }
        }

        return [.. issues.OrderBy(i => i.Line).ThenBy(i => i.Severity)];
    }

    /// <summary>Why <paramref name="hash"/> would match too much, or null when it looks like a real PDQ hash.</summary>
    public static (string Code, string Message)? Degenerate(PdqHash hash)
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
