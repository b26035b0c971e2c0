namespace HashMatch.Evaluation;

/// <summary>A pair of distinct originals within <see cref="EvaluationResult.ClosePairLimit"/> bits, listed in the report so a person can check it.</summary>
/// <param name="A">Index of the first original.</param>
/// <param name="B">Index of the second (&gt; <paramref name="A"/>).</param>
/// <param name="NameA">"#12" for a generated original, the path inside the folder for the user's.</param>
/// <param name="NameB">Same for <paramref name="B"/>.</param>
/// <param name="Distance">Plain PDQ distance.</param>
/// <param name="VariantDistance">Smallest distance with every query variant (of either picture).</param>
/// <param name="Excluded">Whether the pair is left out of the "excluded" false-positive figures (a designed near-duplicate, or the same picture twice).</param>
/// <param name="Verdict">Why, in words.</param>
/// <param name="PixelDifference">For the user's images: mean absolute difference of 32×32 luma block means (levels of 255) in the best-matching orientation; null for generated ones.</param>
public sealed record ClosePair(int A, int B, string NameA, string NameB, int Distance, int VariantDistance, bool Excluded, string Verdict, double? PixelDifference);

/// <summary>
/// Which pairs of distinct originals are not independent pictures, so that a false-positive rate can also be given
/// without them: the generator's designed near-duplicate pairs, or, in a user's folder, two files holding the same
/// picture (at two sizes, re-encoded, turned or mirrored), decided on the pixels by <see cref="PictureSignature"/>
/// among the pairs PDQ puts close.
/// </summary>
internal static class ClosePairs
{
    /// <summary>Pairs are listed and checked up to this distance (the largest threshold of a run, at most 63: beyond it distinct pictures are too many to list).</summary>
    public const int MaxLimit = 63;

    public const string DesignedLabel = "designed near-duplicates", SamePictureLabel = "same-picture pairs";

    public static int LimitFor(IEnumerable<int> thresholds) => Math.Min(MaxLimit, thresholds.Max());

    /// <summary>The close pairs with their verdicts (closest first), the pairs to exclude, and what the excluded pairs are called.</summary>
    public static (ClosePair[] Listed, (int A, int B)[] Excluded, string Label) Judge(
        OriginalSource source, IReadOnlyList<OriginalRecord> originals, IReadOnlyList<PictureSignature>? signatures, IEnumerable<PairDistance> close)
    {
        PairDistance[] ordered = [.. close.OrderBy(p => Math.Min(p.Distance, p.VariantDistance)).ThenBy(p => p.A).ThenBy(p => p.B)];
        if (signatures is null)
        {
            // The generator's pair families (pairs 2k, 2k + 1) are distinct pictures on purpose, whatever their distance.
            (int A, int B)[] designed = [.. Enumerable.Range(0, originals.Count / 2)
                .Select(k => (A: 2 * k, B: (2 * k) + 1))
                .Where(p => IsPairFamily(originals[p.A].Family))];
            var designedSet = designed.ToHashSet();
            ClosePair[] listed = [.. ordered.Select(p =>
            {
                bool isDesigned = designedSet.Contains((p.A, p.B));
                string verdict = isDesigned ? $"designed near-duplicate ({originals[p.A].Family})" : "distinct pictures";
                return new ClosePair(p.A, p.B, $"{source.NameOf(p.A)} ({originals[p.A].Family})", $"{source.NameOf(p.B)} ({originals[p.B].Family})",
                    p.Distance, p.VariantDistance, isDesigned, verdict, null);
            })];
            return (listed, designed, DesignedLabel);
        }

        var excluded = new List<(int A, int B)>();
        var judged = new List<ClosePair>();
        foreach (PairDistance p in ordered)
        {
            var comparison = signatures[p.A].Compare(signatures[p.B]);
            bool same = PictureSignature.IsSamePicture(comparison);
            string verdict = same
                ? (comparison.Orientation == 0 ? "same picture" : $"same picture, {PictureSignature.OrientationNames[comparison.Orientation]}")
                : comparison.AspectMatches ? "distinct pictures" : "distinct pictures (aspect ratios differ)";
            if (same)
            {
                excluded.Add((p.A, p.B));
            }

            judged.Add(new ClosePair(p.A, p.B, source.NameOf(p.A), source.NameOf(p.B), p.Distance, p.VariantDistance, same, verdict, Math.Round(comparison.Difference, 2)));
        }

        return ([.. judged], [.. excluded], SamePictureLabel);
    }

    private static bool IsPairFamily(string family) => family is nameof(ImageFamily.SmallRegionPair) or nameof(ImageFamily.SameLayoutText);
}
