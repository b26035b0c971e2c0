using System.Diagnostics.CodeAnalysis;
using HashMatch.Imaging;

namespace HashMatch.Local;

/// <summary>
/// An index of known pictures' <see cref="LocalSignal"/>s that finds the ones a query picture is a copy of — cropped,
/// with text or stickers drawn over, slightly rotated, resized, mirrored — and where the query lies in each.
/// </summary>
/// <remarks>
/// <para>
/// A query's descriptors are looked up by their 16-bit chunks (multi-index hashing, Norouzi et al. 2012); each known
/// picture gets a vote per query feature with a descriptor within <see cref="LocalMatchOptions.MaxDescriptorDistance"/>
/// bits; the <see cref="LocalMatchOptions.MaxCandidates"/> pictures with the most votes are verified geometrically —
/// the similarity transform (scale, rotation, translation) most of the matches agree on, RANSAC-style (Fischler &amp;
/// Bolles 1981) — and those with at least <see cref="LocalMatchOptions.MinInliers"/> consistent matches are reported.
/// </para>
/// <para>Immutable once built; queries are safe from many threads at once.</para>
/// </remarks>
[Experimental(LocalApi.DiagnosticId)]
public sealed class LocalIndex
{
    /// <summary>Descriptor matches kept per query feature and known picture for the geometric check.</summary>
    private const int MatchesPerFeature = 2;

    private readonly LocalSignal[] _signals;
    private readonly int[] _firstFeature;
    private readonly int[] _pictureOf;
    private readonly DescriptorTables _tables;

    /// <summary>Builds the index; a picture's id is its position in <paramref name="signals"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="signals"/> or one of its items is null.</exception>
    public LocalIndex(IEnumerable<LocalSignal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _signals = [.. signals];
        _firstFeature = new int[_signals.Length + 1];
        for (int i = 0; i < _signals.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(_signals[i], nameof(signals));
            _firstFeature[i + 1] = _firstFeature[i] + _signals[i].FeatureCount;
        }

        var descriptors = new ulong[_firstFeature[^1]];
        _pictureOf = new int[descriptors.Length];
        for (int i = 0; i < _signals.Length; i++)
        {
            ReadOnlySpan<LocalFeature> features = _signals[i].Features;
            for (int k = 0; k < features.Length; k++)
            {
                descriptors[_firstFeature[i] + k] = features[k].Descriptor;
                _pictureOf[_firstFeature[i] + k] = i;
            }
        }

        _tables = new DescriptorTables(descriptors);
    }

    /// <summary>Number of known pictures.</summary>
    public int Count => _signals.Length;

    /// <summary>Total features filed.</summary>
    public int FeatureCount => _pictureOf.Length;

    /// <summary>
    /// The known pictures <paramref name="query"/> matches with at least <see cref="LocalMatchOptions.MinInliers"/>
    /// inliers, most inliers first (then by id).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public IReadOnlyList<LocalMatch> Query(LocalSignal query, LocalMatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= LocalMatchOptions.Default;
        options.Validate();

        ReadOnlySpan<LocalFeature> features = query.Features;
        var hits = new List<Hit>();
        var probed = new List<(int Feature, int Distance)>();
        for (int q = 0; q < features.Length; q++)
        {
            probed.Clear();
            _tables.Probe(features[q].Descriptor, options.MaxDescriptorDistance, probed);
            foreach (var (feature, distance) in probed)
            {
                int picture = _pictureOf[feature];
                hits.Add(new Hit(picture, q, feature - _firstFeature[picture], distance));
            }
        }

        hits.Sort();
        var candidates = new List<(int Picture, int Start, int End, int Votes)>();
        for (int start = 0; start < hits.Count;)
        {
            int end = start, votes = 0;
            while (end < hits.Count && hits[end].Picture == hits[start].Picture)
            {
                if (end == start || hits[end].Query != hits[end - 1].Query)
                {
                    votes++;
                }

                end++;
            }

            if (votes >= options.MinInliers)
            {
                candidates.Add((hits[start].Picture, start, end, votes));
            }

            start = end;
        }

        candidates.Sort(static (a, b) => a.Votes != b.Votes ? b.Votes.CompareTo(a.Votes) : a.Picture.CompareTo(b.Picture));
        var matches = new List<LocalMatch>();
        foreach (var (picture, start, end, votes) in candidates.Take(options.MaxCandidates))
        {
            Correspondence[] pairs = Correspondences(query, _signals[picture], hits, start, end);
            var (transform, inliers) = SimilarityRansac.Verify(pairs);
            if (inliers >= options.MinInliers)
            {
                matches.Add(new LocalMatch { Id = picture, Inliers = inliers, Votes = votes, Transform = InPixels(transform, query, _signals[picture]) });
            }
        }

        matches.Sort(static (a, b) => a.Inliers != b.Inliers ? b.Inliers.CompareTo(a.Inliers) : a.Id.CompareTo(b.Id));
        return matches;
    }

    /// <summary>
    /// Computes the signal of <paramref name="image"/> (and, with <see cref="LocalMatchOptions.IncludeMirrored"/>, of
    /// its mirror image) and queries with it; a picture matched both ways is reported once, the way with more inliers.
    /// </summary>
    public IReadOnlyList<LocalMatch> QueryImage(PixelBuffer image, LocalMatchOptions? options = null)
    {
        options ??= LocalMatchOptions.Default;
        return Query(LocalSignal.Compute(image), options.IncludeMirrored ? LocalSignal.Compute(image, mirrored: true) : null, options);
    }

    /// <summary>
    /// Queries with a picture's signal and, when given, its mirror image's; a picture matched both ways is reported
    /// once, the way with more inliers (what <see cref="QueryImage"/> and a matcher holding both signals use).
    /// </summary>
    internal IReadOnlyList<LocalMatch> Query(LocalSignal query, LocalSignal? mirrored, LocalMatchOptions options)
    {
        IReadOnlyList<LocalMatch> plain = Query(query, options);
        if (mirrored is null)
        {
            return plain;
        }

        var best = plain.ToDictionary(m => m.Id);
        foreach (LocalMatch m in Query(mirrored, options))
        {
            if (!best.TryGetValue(m.Id, out LocalMatch? other) || m.Inliers > other.Inliers)
            {
                best[m.Id] = m;
            }
        }

        return [.. best.Values.OrderByDescending(m => m.Inliers).ThenBy(m => m.Id)];
    }

    /// <summary>The matches of one picture (hits <paramref name="start"/>..<paramref name="end"/>), at most <see cref="MatchesPerFeature"/> per query feature, lowest distance first.</summary>
    private static Correspondence[] Correspondences(LocalSignal query, LocalSignal known, List<Hit> hits, int start, int end)
    {
        ReadOnlySpan<LocalFeature> queryFeatures = query.Features, knownFeatures = known.Features;
        var pairs = new List<Correspondence>();
        int taken = 0;
        for (int i = start; i < end; i++)
        {
            Hit h = hits[i];
            taken = i > start && hits[i - 1].Query == h.Query ? taken + 1 : 0;
            if (taken >= MatchesPerFeature)
            {
                continue;
            }

            LocalFeature q = queryFeatures[h.Query], k = knownFeatures[h.Known];
            pairs.Add(new Correspondence(h.Query, h.Known, h.Distance, q.CentreX, q.CentreY, q.Angle, k.CentreX, k.CentreY, k.Angle));
        }

        pairs.Sort(static (a, b) => (a.Distance, a.Query, a.Known).CompareTo((b.Distance, b.Query, b.Known)));
        return [.. pairs];
    }

    /// <summary>The grid-to-grid transform as one from the query's pixels to the known picture's.</summary>
    private static LocalTransform InPixels(SimilarityTransform grid, LocalSignal query, LocalSignal known)
    {
        double queryCell = Math.Max(query.Width, query.Height) / (double)LocalFeature.GridCells;
        double knownCell = Math.Max(known.Width, known.Height) / (double)LocalFeature.GridCells;
        var pixels = new SimilarityTransform(
            grid.A * knownCell / queryCell, grid.B * knownCell / queryCell, grid.TranslationX * knownCell, grid.TranslationY * knownCell);
        (double X, double Y)[] corners = [pixels.Map(0, 0), pixels.Map(query.Width, 0), pixels.Map(0, query.Height), pixels.Map(query.Width, query.Height)];
        // Rounded here, once, to what the coarse geometry resolves (a thousandth of scale, a tenth of a degree and of
        // a pixel), so every writer — JSON lines, TSV, the service, triage — shows the same numbers as they are.
        return new LocalTransform
        {
            Scale = Math.Round(pixels.Scale, 3),
            RotationDegrees = Math.Round(Math.Atan2(pixels.B, pixels.A) * 180 / Math.PI, 1),
            Mirrored = query.Mirrored,
            OffsetX = Math.Round(pixels.TranslationX, 1),
            OffsetY = Math.Round(pixels.TranslationY, 1),
            CropLeft = Math.Round(corners.Min(c => c.X), 1),
            CropTop = Math.Round(corners.Min(c => c.Y), 1),
            CropRight = Math.Round(corners.Max(c => c.X), 1),
            CropBottom = Math.Round(corners.Max(c => c.Y), 1),
        };
    }

    /// <summary>A descriptor match: known picture, query feature, the picture's feature, distance; ordered in that order of keys (distance before the known feature).</summary>
    private readonly record struct Hit(int Picture, int Query, int Known, int Distance) : IComparable<Hit>
    {
        public int CompareTo(Hit other) => (Picture, Query, Distance, Known).CompareTo((other.Picture, other.Query, other.Distance, other.Known));
    }
}
