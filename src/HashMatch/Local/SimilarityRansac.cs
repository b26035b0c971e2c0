namespace HashMatch.Local;

/// <summary>
/// Geometric verification: the similarity transform most descriptor matches between a query and one known picture
/// agree on, in the spirit of RANSAC (Fischler &amp; Bolles 1981, "Random sample consensus"), with every pair of
/// matches tried as the minimal sample instead of random ones — there are few enough after the cap, and an
/// exhaustive search needs no seed and finds the same answer every time.
/// </summary>
/// <remarks>
/// A match agrees with a hypothesis when the transform takes its query cell within <see cref="Tolerance"/> cells of
/// its known cell and the difference of its two orientations is within <see cref="AngleTolerance"/> bins of the
/// transform's rotation (the orientation check Lowe 2004 uses in his Hough voting). Inliers count distinct query
/// features and distinct known features, the smaller of the two, so one feature matched many times counts once.
/// The best hypothesis is refitted by least squares on its inliers (<see cref="SimilarityTransform.Fit"/>).
/// </remarks>
internal static class SimilarityRansac
{
    /// <summary>At most this many matches (lowest descriptor distance first) enter the search: 48·47/2 hypotheses.</summary>
    public const int MaxMatches = 48;

    /// <summary>Largest distance, in cells of the known picture's grid, between a mapped query cell and its match: 2 cells, 1/64 of the long side.</summary>
    public const double Tolerance = 2.0;

    /// <summary>Largest difference, in orientation bins of 11.25°, between a match's orientation change and the transform's rotation.</summary>
    public const int AngleTolerance = 2;

    /// <summary>A hypothesis's two query points must be at least this many cells apart, so their direction is well defined.</summary>
    private const double MinimumSpan = 4.0;

    /// <summary>
    /// Scales (known cells per query cell) outside 1/3..3 are not taken for a copy: grid cells are fractions of each
    /// picture's long side, so a resized copy has scale 1, a 10 % crop about 0.9 and a picture filling a third of a
    /// screenshot about 1.7. Wider ranges let repeated structure (a chart's grid lines) line up by chance.
    /// </summary>
    private const double MaxScale = 3.0;

    /// <summary>
    /// Rotations beyond ±30° are not taken for a copy: the signal is for small rotations (quarter turns and flips
    /// are PDQ's dihedral variants' job), and each degree allowed is room for chance alignments of distinct pictures.
    /// </summary>
    private static readonly double MinRotationCosine = Math.Cos(30 * Math.PI / 180);

    /// <summary>cos(22.5°): the rotation must lie within 2 bins of a match's orientation change.</summary>
    private static readonly double AngleCosine = Math.Cos(AngleTolerance * 2 * Math.PI / BriefPattern.AngleBins);

    /// <summary>
    /// The best transform for <paramref name="matches"/> (sorted by descriptor distance, then query feature, then known
    /// feature) and its inlier count; a count of 0 when no hypothesis had two inliers.
    /// </summary>
    public static (SimilarityTransform Transform, int Inliers) Verify(ReadOnlySpan<Correspondence> matches)
    {
        if (matches.Length > MaxMatches)
        {
            matches = matches[..MaxMatches];
        }

        SimilarityTransform best = default;
        int bestInliers = 0;
        for (int i = 0; i < matches.Length; i++)
        {
            Correspondence p = matches[i];
            for (int j = i + 1; j < matches.Length; j++)
            {
                Correspondence q = matches[j];
                if (p.Query == q.Query || p.Known == q.Known)
                {
                    continue;
                }

                double spanX = q.QueryX - p.QueryX, spanY = q.QueryY - p.QueryY;
                if ((spanX * spanX) + (spanY * spanY) < MinimumSpan * MinimumSpan)
                {
                    continue;
                }

                var hypothesis = SimilarityTransform.Through(p.QueryX, p.QueryY, q.QueryX, q.QueryY, p.KnownX, p.KnownY, q.KnownX, q.KnownY);
                if (!Plausible(hypothesis) || !AgreesInAngle(hypothesis, p) || !AgreesInAngle(hypothesis, q))
                {
                    continue;
                }

                int inliers = CountInliers(hypothesis, matches);
                if (inliers > bestInliers)
                {
                    bestInliers = inliers;
                    best = hypothesis;
                }
            }
        }

        if (bestInliers < 2)
        {
            return (default, 0);
        }

        return Refine(best, bestInliers, matches);
    }

    /// <summary>The least-squares fit on the inliers of <paramref name="hypothesis"/>, kept when it has at least as many inliers.</summary>
    private static (SimilarityTransform, int) Refine(SimilarityTransform hypothesis, int inliers, ReadOnlySpan<Correspondence> matches)
    {
        var from = new List<double>();
        var to = new List<double>();
        foreach (Correspondence m in matches)
        {
            if (Agrees(hypothesis, m))
            {
                from.Add(m.QueryX);
                from.Add(m.QueryY);
                to.Add(m.KnownX);
                to.Add(m.KnownY);
            }
        }

        if (SimilarityTransform.Fit([.. from], [.. to]) is { } refined && Plausible(refined))
        {
            int refinedInliers = CountInliers(refined, matches);
            if (refinedInliers >= inliers)
            {
                return (refined, refinedInliers);
            }
        }

        return (hypothesis, inliers);
    }

    /// <summary>Whether the transform's scale and rotation are within what a copy's edits give (<see cref="MaxScale"/>, ±30°).</summary>
    private static bool Plausible(SimilarityTransform transform)
    {
        double scale = transform.Scale;
        return scale is >= 1 / MaxScale and <= MaxScale && transform.A >= MinRotationCosine * scale;
    }

    private static int CountInliers(SimilarityTransform transform, ReadOnlySpan<Correspondence> matches)
    {
        // Query features are numbered below 256 and known features below MaxMatches per candidate (Correspondence.Known
        // is the candidate-local number), so two bit sets hold which ones were counted.
        Span<ulong> queries = stackalloc ulong[4];
        Span<ulong> knowns = stackalloc ulong[4];
        queries.Clear();
        knowns.Clear();
        int queryCount = 0, knownCount = 0;
        foreach (Correspondence m in matches)
        {
            if (!Agrees(transform, m))
            {
                continue;
            }

            ulong queryBit = 1UL << (m.Query & 63), knownBit = 1UL << (m.Known & 63);
            if ((queries[m.Query >> 6] & queryBit) == 0)
            {
                queries[m.Query >> 6] |= queryBit;
                queryCount++;
            }

            if ((knowns[m.Known >> 6] & knownBit) == 0)
            {
                knowns[m.Known >> 6] |= knownBit;
                knownCount++;
            }
        }

        return Math.Min(queryCount, knownCount);
    }

    private static bool Agrees(SimilarityTransform transform, Correspondence m)
    {
        var (x, y) = transform.Map(m.QueryX, m.QueryY);
        double dx = x - m.KnownX, dy = y - m.KnownY;
        return (dx * dx) + (dy * dy) <= Tolerance * Tolerance && AgreesInAngle(transform, m);
    }

    /// <summary>Whether the transform's rotation is within <see cref="AngleTolerance"/> bins of the match's orientation change.</summary>
    private static bool AgreesInAngle(SimilarityTransform transform, Correspondence m)
    {
        int bin = (m.KnownAngle - m.QueryAngle) & (BriefPattern.AngleBins - 1);
        double dot = ((transform.A * BriefPattern.Cosines[bin]) + (transform.B * BriefPattern.Sines[bin])) / 4096;
        return dot >= AngleCosine * transform.Scale;
    }
}

/// <summary>
/// A descriptor match between query feature <paramref name="Query"/> and a known picture's feature
/// <paramref name="Known"/> (numbered within the picture), with both cells' centres and orientation bins.
/// </summary>
internal readonly record struct Correspondence(int Query, int Known, int Distance, float QueryX, float QueryY, int QueryAngle, float KnownX, float KnownY, int KnownAngle);
