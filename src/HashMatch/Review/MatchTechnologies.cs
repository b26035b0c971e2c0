using HashMatch.Matching;
using HashMatch.Pdq;

namespace HashMatch.Review;

/// <summary>
/// The technology that found a candidate, named as the error report counts it: the exact hash (<c>md5</c>,
/// <c>sha1</c>, <c>sha256</c>), plain PDQ (<c>pdq</c>), PDQ of a query variant (<c>pdq:pixel-dihedral</c>,
/// <c>pdq:upscale</c>, <c>pdq:region</c>, the <see cref="QueryVariantNames"/> of the variant's kind), PDQ against a
/// list-side crop (<c>pdq:augmented</c>), and the video signals (<c>vpdq</c>, <c>tmk</c>). Regulation (EU) 2021/1232
/// asks for false-positive ratios per technology; a variant or a crop has error rates of its own (docs/evaluation.md),
/// so each is a technology here.
/// </summary>
public static class MatchTechnologies
{
    /// <summary>vPDQ: a video matched by its sampled frames' PDQ hashes.</summary>
    public const string Vpdq = "vpdq";

    /// <summary>TMK+PDQF: a video matched by its temporal signature.</summary>
    public const string Tmk = "tmk";

    /// <summary>The technology of <paramref name="candidate"/>.</summary>
    public static string Of(MatchCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        string method = MatchMethodNames.Name(candidate.Method);
        if (candidate.Method != MatchMethod.Pdq)
        {
            return method;
        }

        if (candidate.Augmented)
        {
            return method + ":augmented";
        }

        QueryVariants flag = candidate.Variant.Flag;
        return flag == QueryVariants.None ? method : $"{method}:{QueryVariantNames.Format(flag)}";
    }

    /// <summary>Whether <paramref name="name"/> is a technology <see cref="Of"/> or the video constants give.</summary>
    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);

    /// <summary>Every technology name, in report order: exact hashes, PDQ and its variants, video.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        MatchMethodNames.Name(MatchMethod.Md5), MatchMethodNames.Name(MatchMethod.Sha1), MatchMethodNames.Name(MatchMethod.Sha256),
        MatchMethodNames.Name(MatchMethod.Pdq),
        .. QueryVariantNames.Single.Select(v => $"{MatchMethodNames.Name(MatchMethod.Pdq)}:{v}"),
        $"{MatchMethodNames.Name(MatchMethod.Pdq)}:augmented",
        Vpdq, Tmk,
    ];
}
