using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>
/// Compares two vPDQ hashes as ThreatExchange does (vPDQ README "Comparison (Matching) Algorithm", and
/// <c>vpdq_brute_matcher.py</c>): frames are an unordered bag; identical hashes count once; frames below the
/// quality threshold are dropped; a frame matches when some frame of the other video is within the distance.
/// </summary>
/// <remarks>
/// The C++ tool <c>match-hashes-brute</c> differs in two details, which this class does not copy: it counts repeated
/// hashes each time, and its distance test is strict (<c>&lt;</c> the tolerance). The README, the Python matcher and
/// the index use unique hashes and <c>≤</c>.
/// </remarks>
[Experimental(VideoApi.DiagnosticId)]
public static class VpdqMatcher
{
    /// <summary>Matches <paramref name="query"/> against <paramref name="compared"/>.</summary>
    public static VpdqMatchResult Match(IReadOnlyList<VpdqFrameHash> query, IReadOnlyList<VpdqFrameHash> compared, VpdqMatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(compared);
        options ??= VpdqMatchOptions.Default;
        options.Validate();
        PdqHash[] q = Filter(query, options.MinQuality);
        PdqHash[] c = Filter(compared, options.MinQuality);
        if (q.Length == 0 || c.Length == 0)
        {
            return new VpdqMatchResult(0, 0, q.Length, c.Length, false);
        }

        double queryPercent = CountMatched(q, c, options.MaxDistance) * 100.0 / q.Length;
        double comparedPercent = CountMatched(c, q, options.MaxDistance) * 100.0 / c.Length;
        return new VpdqMatchResult(queryPercent, comparedPercent, q.Length, c.Length,
            queryPercent >= options.QueryMatchPercent && comparedPercent >= options.ComparedMatchPercent);
    }

    /// <summary>Distinct hashes of frames at or above <paramref name="minQuality"/>, in first-seen order.</summary>
    internal static PdqHash[] Filter(IReadOnlyList<VpdqFrameHash> frames, int minQuality)
    {
        var seen = new HashSet<PdqHash>();
        var kept = new List<PdqHash>();
        foreach (VpdqFrameHash frame in frames)
        {
            if (frame.Quality >= minQuality && seen.Add(frame.Hash))
            {
                kept.Add(frame.Hash);
            }
        }

        return [.. kept];
    }

    private static int CountMatched(PdqHash[] from, PdqHash[] to, int maxDistance)
    {
        int matched = 0;
        foreach (PdqHash a in from)
        {
            foreach (PdqHash b in to)
            {
                if (PdqHash.HammingDistance(a, b) <= maxDistance)
                {
                    matched++;
                    break;
                }
            }
        }

        return matched;
    }
}
