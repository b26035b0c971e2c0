using System.Diagnostics.CodeAnalysis;
namespace HashMatch.Video;

/// <summary>
/// Thresholds of vPDQ video matching; the defaults are ThreatExchange's (<c>vpdq_util.py</c>: quality 50, distance
/// 31, query 80 %, compared 0 %).
/// </summary>
[Experimental(VideoApi.DiagnosticId)]
public sealed record VpdqMatchOptions
{
    /// <summary>The defaults.</summary>
    public static VpdqMatchOptions Default { get; } = new();

    /// <summary>Frames of either video below this PDQ quality are not compared (reference: quality tolerance 50).</summary>
    public int MinQuality { get; init; } = 50;

    /// <summary>Two frames match at Hamming distance at most this (inclusive; reference: 31).</summary>
    public int MaxDistance { get; init; } = 31;

    /// <summary>A video match needs at least this percentage of the query's compared frames matched (default 80).</summary>
    public double QueryMatchPercent { get; init; } = 80;

    /// <summary>…and at least this percentage of the other video's compared frames matched (default 0: extra content allowed).</summary>
    public double ComparedMatchPercent { get; init; }

    /// <summary>Checks every option's range.</summary>
    /// <exception cref="HashMatchException">A quality limit off PDQ's 0..100 scale (reason <see cref="HashMatchErrorReason.OutOfRange"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">Another option out of its range.</exception>
    public void Validate()
    {
        PdqQualityScale.Check(MinQuality, "vPDQ match options", nameof(MinQuality));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDistance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDistance, PdqHash.BitLength);
        if (!(QueryMatchPercent is >= 0 and <= 100) || !(ComparedMatchPercent is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(QueryMatchPercent), "Match percentages are 0..100.");
        }
    }
}
