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

    /// <summary>Runs the evaluation described by <paramref name="options"/>.</summary>
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

        var originals = new OriginalRecord[n];
        var copies = new CopyRecord[n][];
        int perOriginal = Math.Min(options.TransformsPerOriginal, catalog.Length);
        long done = 0;
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken }, i =>
        {
            using SKBitmap original = source.Load(i);
            PdqHash[] variants = HashAll(original, out int quality);
            originals[i] = new OriginalRecord(source.FamilyOf(i), variants, quality);

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

            progress?.Report(new EvaluationProgress("hashing originals and copies", Interlocked.Increment(ref done), n));
        });

        progress?.Report(new EvaluationProgress("comparing all pairs", 0, 1));
        PdqHash[] hashes = [.. originals.Select(o => o.Variants[0])];
        (DistanceHistogram[] pairBuckets, DistanceHistogram[] pairBucketsDihedral) =
            PairwiseDistances.Count([.. originals.Select(o => o.Variants)], [.. originals.Select(o => o.Quality)], options.MaxParallelism, cancellationToken);
        progress?.Report(new EvaluationProgress("comparing all pairs", 1, 1));

        int checkedUpTo = Math.Min(63, options.Thresholds.Max());
        bool indexAgrees = IndexAgrees(hashes, Sum(pairBuckets), checkedUpTo);
        clock.Stop();

        return ErrorRates.Summarize(options, source, catalog, originals, copies, pairBuckets, pairBucketsDihedral, clock.Elapsed.TotalSeconds, indexAgrees, checkedUpTo);
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
    private static bool IndexAgrees(PdqHash[] hashes, DistanceHistogram pairs, int maxThreshold)
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
