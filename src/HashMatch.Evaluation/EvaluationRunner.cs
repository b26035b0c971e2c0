using System.Diagnostics;
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
        IndexStage = "cross-checking close pairs with HashIndex", ThumbnailStage = "drawing thumbnails of close pairs";

    /// <summary>At most this many close pairs get thumbnails in the report (the closest first).</summary>
    public const int MaxThumbnailPairs = 60;

    /// <summary>
    /// Runs the evaluation described by <paramref name="options"/>. Progress comes per stage (<see cref="HashingStage"/>
    /// counts originals, <see cref="PairsStage"/> pairs, <see cref="IndexStage"/> originals queried,
    /// <see cref="ThumbnailStage"/> pictures), starting at 0 of the stage's total.
    /// </summary>
    /// <exception cref="HashMatchException">The images folder is missing, holds fewer than two readable images, or one of them fails to decode.</exception>
    public static EvaluationResult Run(EvaluationOptions options, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
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
        long done = 0;
        progress?.Report(new EvaluationProgress(HashingStage, 0, n));
        Unwrapped(() => Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken }, i =>
        {
            using SKBitmap original = source.Load(i);
            PdqHash[] variants = HashAll(original, out int quality);
            originals[i] = new OriginalRecord(source.FamilyOf(i), variants, quality);
            if (signatures is not null)
            {
                signatures[i] = PictureSignature.Of(original);
            }

            int[] chosen = Pick(catalog.Length, perOriginal, SeededRandom.For(options.Seed, i, PurposePick));
            copies[i] = new CopyRecord[chosen.Length];
            for (int k = 0; k < chosen.Length; k++)
            {
                ImageTransform transform = catalog[chosen[k]];
                using SKBitmap copy = ImageTransformer.Apply(original, transform, SeededRandom.For(options.Seed, i, PurposeTransform + chosen[k]));
                PdqHash[] copyVariants = HashAll(copy, out int copyQuality);
                int plain = PdqHash.HammingDistance(copyVariants[0], variants[0]);
                int dihedral = copyVariants.Min(v => PdqHash.HammingDistance(v, variants[0]));
                copies[i][k] = new CopyRecord(chosen[k], copyQuality, plain, dihedral);
            }

            progress?.Report(new EvaluationProgress(HashingStage, Interlocked.Increment(ref done), n));
        }));

        long pairTotal = (long)n * (n - 1) / 2;
        progress?.Report(new EvaluationProgress(PairsStage, 0, pairTotal));
        PdqHash[] hashes = [.. originals.Select(o => o.Variants[0])];
        int closeLimit = ClosePairs.LimitFor(options.Thresholds);
        var close = new List<PairDistance>();
        (DistanceHistogram[] pairBuckets, DistanceHistogram[] pairBucketsDihedral) = PairwiseDistances.Count(
            [.. originals.Select(o => o.Variants)], [.. originals.Select(o => o.Quality)], options.MaxParallelism, cancellationToken,
            closeLimit, close, pairsDone => progress?.Report(new EvaluationProgress(PairsStage, pairsDone, pairTotal)));

        int checkedUpTo = Math.Min(63, options.Thresholds.Max());
        progress?.Report(new EvaluationProgress(IndexStage, 0, n));
        bool indexAgrees = IndexAgrees(hashes, Sum(pairBuckets), checkedUpTo, queried => progress?.Report(new EvaluationProgress(IndexStage, queried, n)));

        var (closePairs, excluded, excludedLabel) = ClosePairs.Judge(source, originals, signatures, close);
        Dictionary<int, byte[]> thumbnails = Thumbnails(source, closePairs, options.MaxParallelism, progress, cancellationToken);
        clock.Stop();

        var findings = new PairFindings(closeLimit, closePairs, excluded, excludedLabel, thumbnails);
        return ErrorRates.Summarize(options, source, catalog, originals, copies, pairBuckets, pairBucketsDihedral, findings, clock.Elapsed.TotalSeconds, indexAgrees, checkedUpTo);
    }

    /// <summary>PNG thumbnails (by original) of the pictures of the first <see cref="MaxThumbnailPairs"/> close pairs.</summary>
    private static Dictionary<int, byte[]> Thumbnails(OriginalSource source, ClosePair[] pairs, int maxParallelism, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        int[] pictures = [.. pairs.Take(MaxThumbnailPairs).SelectMany(p => new[] { p.A, p.B }).Distinct()];
        var thumbnails = new byte[pictures.Length][];
        long done = 0;
        if (pictures.Length > 0)
        {
            progress?.Report(new EvaluationProgress(ThumbnailStage, 0, pictures.Length));
        }

        Unwrapped(() => Parallel.For(0, pictures.Length, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken }, k =>
        {
            using SKBitmap picture = source.Load(pictures[k]);
            thumbnails[k] = Thumbnail.Png(picture);
            progress?.Report(new EvaluationProgress(ThumbnailStage, Interlocked.Increment(ref done), pictures.Length));
        }));
        return pictures.Select((index, k) => (index, k)).ToDictionary(p => p.index, p => thumbnails[p.k]);
    }

    /// <summary>Runs a parallel loop and rethrows the first bad-input error of its workers as itself (not inside an AggregateException).</summary>
    private static void Unwrapped(Func<ParallelLoopResult> loop)
    {
        try
        {
            loop();
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<HashMatchException>().FirstOrDefault() is { } first)
        {
            throw first;
        }
    }

    /// <summary>PDQ hashes of all eight variants (index 0 is the picture as is) and the quality.</summary>
    internal static PdqHash[] HashAll(SKBitmap bitmap, out int quality)
    {
        var buffer = new PixelBuffer(bitmap.GetPixelSpan(), bitmap.Width, bitmap.Height, bitmap.RowBytes, PixelFormat.Rgba32);
        PdqDihedralHashes all = PdqHasher.HashDihedral(buffer);
        quality = all.Quality;
        var variants = new PdqHash[PdqDihedralHashes.VariantCount];
        all.CopyTo(variants);
        return variants;
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

/// <summary>One original: family, its eight variant hashes and its quality.</summary>
internal sealed record OriginalRecord(string Family, PdqHash[] Variants, int Quality);

/// <summary>One transformed copy: which catalog entry, its quality, and its distance to the original plain and over eight variants.</summary>
internal readonly record struct CopyRecord(int Transform, int Quality, int Distance, int DihedralDistance);

/// <summary>What the runner found out about the close pairs, for <see cref="ErrorRates.Summarize"/>.</summary>
/// <param name="Limit">Pairs up to this dihedral distance were checked and listed.</param>
/// <param name="Listed">Those pairs with their verdicts, closest first.</param>
/// <param name="Excluded">Pairs left out of the "excluded" false-positive figures (designed near-duplicates, or the same picture twice).</param>
/// <param name="Label">What the excluded pairs are.</param>
/// <param name="Thumbnails">PNG thumbnails by original index.</param>
internal sealed record PairFindings(int Limit, ClosePair[] Listed, (int A, int B)[] Excluded, string Label, Dictionary<int, byte[]> Thumbnails);
