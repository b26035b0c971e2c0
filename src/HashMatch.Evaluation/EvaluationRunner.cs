using System.Diagnostics;
using HashMatch.IO;
using HashMatch.Imaging;
using HashMatch.Indexing;
using HashMatch.Pdq;
using SkiaSharp;

namespace HashMatch.Evaluation;

/// <summary>
/// Runs an evaluation: draws (or loads) the originals, applies the transforms, hashes everything with PDQ, and
/// measures false-negative rates (copy vs original) and false-positive rates (all pairs of distinct originals).
/// Originals and transforms come from SkiaSharp code that never looks at a hash, so the corpus cannot be tuned to
/// the hash by accident.
/// </summary>
public static class EvaluationRunner
{
    private const int PurposePick = 10, PurposeTransform = 11;

    /// <summary>Stages reported through the progress callback, in order.</summary>
    public const string HashingStage = "hashing originals and their copies", PairsStage = "comparing pairs of originals",
        IndexStage = "cross-checking close pairs with HashIndex", ThumbnailStage = "drawing thumbnails of close pairs",
        LocalStage = "matching local features";

    /// <summary>At most this many close pairs get thumbnails in the report (the closest first).</summary>
    public const int MaxThumbnailPairs = 60;

    /// <summary>
    /// Runs the evaluation described by <paramref name="options"/>. Progress comes per stage (<see cref="HashingStage"/>
    /// counts originals, <see cref="PairsStage"/> pairs, <see cref="IndexStage"/> originals queried,
    /// <see cref="ThumbnailStage"/> pictures), starting at 0 of the stage's total.
    /// </summary>
    /// <exception cref="HashMatchException">The images folder is missing, holds fewer than two readable images, or one of them fails to decode.</exception>
    public static async Task<EvaluationResult> RunAsync(EvaluationOptions options, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        ImageTransform[] catalog = TransformCatalog.For(options.Transforms);
        OriginalSource source = options.ImagesDirectory is { } folder
            ? OriginalSource.FromFolder(folder, options.Originals)
            : OriginalSource.Synthetic(options.Seed, options.Originals);
        int n = source.Count;
        bool userImages = options.ImagesDirectory is not null;

        var originals = new OriginalRecord[n];
        var copies = new CopyRecord[n][];
        PictureSignature[]? signatures = userImages ? new PictureSignature[n] : null;
        int perOriginal = Math.Min(options.TransformsPerOriginal, catalog.Length);
        progress?.Report(new EvaluationProgress(HashingStage, 0, n));
        var timing = new VariantTiming();
        LocalMeasurement? local = options.Local ? new LocalMeasurement(n) : null;
        // The library's ordered-parallel mechanism (as hash and match use it): originals one per core, in order.
        await foreach (int i in OrderedParallel.SelectAsync(Enumerable.Range(0, n), (i, _) => { HashOriginal(i); return i; }, options.MaxParallelism, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(new EvaluationProgress(HashingStage, i + 1, n));
        }

        void HashOriginal(int i)
        {
            using SKBitmap original = source.Load(i);
            PixelBuffer originalPixels = Pixels(original);
            IReadOnlyList<QueryVariantHash> variants = PdqHasher.HashVariants(originalPixels, QueryVariants.All);
            PdqHash plainHash = variants[0].Result.Hash;
            originals[i] = new OriginalRecord(source.FamilyOf(i), [.. variants.Select(v => v.Result.Hash)], [.. PdqHasher.HashCrops(originalPixels).Select(c => c.Result.Hash)], variants[0].Result.Quality);
            if (signatures is not null)
            {
                signatures[i] = PictureSignature.Of(original);
            }

            local?.AddOriginal(i, originalPixels);
            int[] chosen = Pick(catalog.Length, perOriginal, SeededRandom.For(options.Seed, i, PurposePick));
            copies[i] = new CopyRecord[chosen.Length];
            local?.StartCopies(i, chosen.Length);
            for (int k = 0; k < chosen.Length; k++)
            {
                ImageTransform transform = catalog[chosen[k]];
                using SKBitmap copy = ImageTransformer.Apply(original, transform, SeededRandom.For(options.Seed, i, PurposeTransform + chosen[k]));
                PixelBuffer copyPixels = Pixels(copy);
                IReadOnlyList<QueryVariantHash> copyVariants = PdqHasher.HashVariants(copyPixels, QueryVariants.All);
                copies[i][k] = new CopyRecord(chosen[k], copyVariants[0].Result.Quality, Distances(copyVariants, plainHash, originals[i].Crops));
                local?.AddCopy(i, k, copyPixels);
                if (((i * perOriginal) + k) % VariantTiming.SampleEvery == 0)
                {
                    timing.Measure(copyPixels);
                }
            }

        }

        long pairTotal = (long)n * (n - 1) / 2;
        progress?.Report(new EvaluationProgress(PairsStage, 0, pairTotal));
        PdqHash[] hashes = [.. originals.Select(o => o.Plain)];
        int closeLimit = ClosePairs.LimitFor(options.Thresholds);
        var close = new List<PairDistance>();
        PairHistograms pairBuckets = PairwiseDistances.Count(
            originals, options.MaxParallelism, cancellationToken,
            closeLimit, close, pairsDone => progress?.Report(new EvaluationProgress(PairsStage, pairsDone, pairTotal)));

        int checkedUpTo = Math.Min(63, options.Thresholds.Max());
        progress?.Report(new EvaluationProgress(IndexStage, 0, n));
        bool indexAgrees = IndexAgrees(hashes, Sum(pairBuckets.Plain), checkedUpTo, queried => progress?.Report(new EvaluationProgress(IndexStage, queried, n)));

        var (closePairs, excluded, excludedLabel) = ClosePairs.Judge(source, originals, signatures, close);
        (int[][] Copies, Dictionary<(int A, int B), int> Pairs)? localMatches = null;
        if (local is not null)
        {
            progress?.Report(new EvaluationProgress(LocalStage, 0, 1));
            localMatches = await local.MatchAsync(options.MaxParallelism, cancellationToken).ConfigureAwait(false);
            progress?.Report(new EvaluationProgress(LocalStage, 1, 1));
        }

        // Thumbnails of the closest PDQ pairs and of the local signal's false pairs with the most inliers.
        IEnumerable<int> localPictures = localMatches is { } found
            ? found.Pairs.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(MaxThumbnailPairs).SelectMany(p => new[] { p.Key.A, p.Key.B })
            : [];
        Dictionary<int, byte[]> thumbnails = await Thumbnails(source, closePairs, localPictures, options.MaxParallelism, progress, cancellationToken).ConfigureAwait(false);

        clock.Stop();

        var findings = new PairFindings(closeLimit, closePairs, excluded, excludedLabel, thumbnails);
        EvaluationResult result = ErrorRates.Summarize(options, source, catalog, originals, copies, pairBuckets, findings, timing.Summary(), clock.Elapsed.TotalSeconds, indexAgrees, checkedUpTo);
        if (local is null || localMatches is not { } matched)
        {
            return result;
        }

        // PDQ's false pairs at 31 with every query variant: the bar the local signal's threshold must clear.
        FalsePositiveRow? pdq = result.FalsePositives.FirstOrDefault(r => r.Threshold == ErrorRates.HeadlineThreshold && r.Matching == MatchingMode.AllVariants && !r.QualityLimited);
        return result with
        {
            Local = local.Summarize(catalog, copies, matched.Copies, matched.Pairs, excluded, pdq?.FalseMatches ?? 0, pdq?.UnrelatedFalseMatches ?? 0, source.NameOf),
        };
    }

    /// <summary>PNG thumbnails (by original) of the pictures of the first <see cref="MaxThumbnailPairs"/> close pairs, and of <paramref name="also"/>.</summary>
    private static async Task<Dictionary<int, byte[]>> Thumbnails(OriginalSource source, ClosePair[] pairs, IEnumerable<int> also, int maxParallelism, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        int[] pictures = [.. pairs.Take(MaxThumbnailPairs).SelectMany(p => new[] { p.A, p.B }).Concat(also).Distinct()];
        var thumbnails = new Dictionary<int, byte[]>();
        if (pictures.Length > 0)
        {
            progress?.Report(new EvaluationProgress(ThumbnailStage, 0, pictures.Length));
        }

        var drawn = OrderedParallel.SelectAsync(pictures, (index, _) =>
        {
            using SKBitmap picture = source.Load(index);
            return (index, Thumbnail.Png(picture));
        }, maxParallelism, cancellationToken);
        await foreach (var (index, png) in drawn.ConfigureAwait(false))
        {
            thumbnails[index] = png;
            progress?.Report(new EvaluationProgress(ThumbnailStage, thumbnails.Count, pictures.Length));
        }

        return thumbnails;
    }

    private static PixelBuffer Pixels(SKBitmap bitmap) => new(bitmap.GetPixelSpan(), bitmap.Width, bitmap.Height, bitmap.RowBytes, PixelFormat.Rgba32);

    /// <summary>
    /// The copy's distance to its original in every <see cref="MatchingMode"/>: the smallest over the copy's variant
    /// hashes the mode uses (the copy as it is always among them), and for list-side crops over the original and its
    /// crops.
    /// </summary>
    internal static int[] Distances(IReadOnlyList<QueryVariantHash> copyVariants, PdqHash original, PdqHash[] crops)
    {
        var distances = new int[MatchingModes.All.Count];
        int plain = copyVariants[0].Result.Hash.DistanceTo(original);
        foreach (MatchingMode mode in MatchingModes.All)
        {
            QueryVariants uses = mode.Variants();
            int best = plain;
            foreach (QueryVariantHash v in copyVariants)
            {
                if ((uses & v.Variant.Flag) != 0)
                {
                    best = Math.Min(best, v.Result.Hash.DistanceTo(original));
                }
            }

            if (mode == MatchingMode.ListCrops)
            {
                foreach (PdqHash crop in crops)
                {
                    best = Math.Min(best, copyVariants[0].Result.Hash.DistanceTo(crop));
                }
            }

            distances[(int)mode] = best;
        }

        return distances;
    }

    /// <summary><paramref name="count"/> distinct indices below <paramref name="range"/> (partial Fisher–Yates).</summary>
    internal static int[] Pick(int range, int count, Random random)
    {
        int[] all = [.. Enumerable.Range(0, range)];
        for (int k = 0; k < count; k++)
        {
            int j = k + random.Next(range - k);
            (all[k], all[j]) = (all[j], all[k]);
        }

        return all[..count];
    }

    internal static DistanceHistogram Sum(IEnumerable<DistanceHistogram> histograms)
    {
        var sum = new DistanceHistogram();
        foreach (DistanceHistogram h in histograms)
        {
            sum.Add(h);
        }

        return sum;
    }

    /// <summary>
    /// Counts the close pairs again with the library's index (range queries of every original against all of them)
    /// and compares with the all-pairs histogram at every threshold up to <paramref name="maxThreshold"/>: two
    /// independent ways to the same number.
    /// </summary>
    private static bool IndexAgrees(PdqHash[] hashes, DistanceHistogram pairs, int maxThreshold, Action<long> queried)
    {
        IndexEntry[] entries = [.. hashes.Select((h, i) => new IndexEntry(h, i))];
        HashIndex index = HashIndex.CreateFor(entries, maxThreshold);
        var counts = new long[maxThreshold + 1];
        const int Block = 64;
        var results = Enumerable.Range(0, Block).Select(_ => new List<IndexMatch>()).ToArray();
        for (int start = 0; start < hashes.Length; start += Block)
        {
            int size = Math.Min(Block, hashes.Length - start);
            foreach (var list in results)
            {
                list.Clear();
            }

            index.QueryBatch(hashes.AsSpan(start, size), maxThreshold, results);
            for (int q = 0; q < size; q++)
            {
                foreach (IndexMatch match in results[q])
                {
                    if (match.Id > start + q)
                    {
                        counts[match.Distance]++;
                    }
                }
            }

            queried(start + size);
        }

        long cumulative = 0;
        for (int t = 0; t <= maxThreshold; t++)
        {
            cumulative += counts[t];
            if (cumulative != pairs.AtOrBelow(t))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One original: family, its query variants' hashes (the picture as it is first), its list-side crops' hashes and its quality.</summary>
internal sealed record OriginalRecord(string Family, PdqHash[] Variants, PdqHash[] Crops, int Quality)
{
    /// <summary>The original's PDQ hash (what a list holds).</summary>
    public PdqHash Plain => Variants[0];
}

/// <summary>One transformed copy: which catalog entry, its quality, and its distance to the original in each <see cref="MatchingMode"/>.</summary>
internal readonly record struct CopyRecord(int Transform, int Quality, int[] Distances)
{
    /// <summary>The plain distance.</summary>
    public int Distance => Distances[(int)MatchingMode.Plain];

    /// <summary>The distance with every query variant.</summary>
    public int VariantDistance => Distances[(int)MatchingMode.AllVariants];

    public int this[MatchingMode mode] => Distances[(int)mode];
}

/// <summary>What the runner found out about the close pairs, for <see cref="ErrorRates.Summarize"/>.</summary>
/// <param name="Limit">Pairs up to this dihedral distance were checked and listed.</param>
/// <param name="Listed">Those pairs with their verdicts, closest first.</param>
/// <param name="Excluded">Pairs left out of the "excluded" false-positive figures (designed near-duplicates, or the same picture twice).</param>
/// <param name="Label">What the excluded pairs are.</param>
/// <param name="Thumbnails">PNG thumbnails by original index.</param>
internal sealed record PairFindings(int Limit, ClosePair[] Listed, (int A, int B)[] Excluded, string Label, Dictionary<int, byte[]> Thumbnails);
