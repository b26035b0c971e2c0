using System.Runtime.InteropServices;

namespace HashMatch.Evaluation;

/// <summary>Turns the distances of a run into the rates of <see cref="EvaluationResult"/>.</summary>
internal static class ErrorRates
{
    /// <summary>The threshold the quality table and the headline (docs/evaluation.md) use: Meta's recommended PDQ threshold.</summary>
    public const int HeadlineThreshold = 31;

    public static EvaluationResult Summarize(
        EvaluationOptions options,
        OriginalSource source,
        ImageTransform[] catalog,
        OriginalRecord[] originals,
        CopyRecord[][] copies,
        PairHistograms pairHistograms,
        PairFindings findings,
        IReadOnlyList<VariantCost> costs,
        double seconds,
        bool indexAgrees,
        int indexCheckedUpTo)
    {
        IReadOnlyList<int> thresholds = options.Thresholds;
        CopyRecord[] all = [.. copies.SelectMany(c => c)];

        var rows = new List<TransformRow>();
        for (int t = 0; t < catalog.Length; t++)
        {
            CopyRecord[] samples = [.. all.Where(c => c.Transform == t)];
            if (samples.Length == 0)
            {
                continue;
            }

            var plain = new DistanceHistogram();
            foreach (CopyRecord c in samples)
            {
                plain.Add(c.Distance);
            }

            rows.Add(new TransformRow(
                catalog[t].ToString(),
                TransformKindNames.Name(catalog[t].Kind),
                catalog[t].Parameter,
                samples.Length,
                catalog[t].IsDihedral,
                plain.Median(),
                [.. thresholds.Select(th => FalseNegativeRate(samples, th, c => c.Distance, 0))],
                [.. thresholds.Select(th => FalseNegativeRate(samples, th, c => c.VariantDistance, 0))],
                [.. thresholds.Select(th => FalseNegativeRate(samples, th, c => c.Distance, options.MinQuality))],
                [.. MatchingModes.All.Select(mode => (IReadOnlyList<double>)[.. thresholds.Select(th => FalseNegativeRate(samples, th, c => c[mode], 0))])]));
        }

        DistanceHistogram[] pairBuckets = pairHistograms.Plain;
        DistanceHistogram pairs = EvaluationRunner.Sum(pairBuckets), pairsVariants = EvaluationRunner.Sum(pairHistograms.Variants);
        // The corpus's designed near-duplicates (pairs 2k, 2k+1 of the pair families), or the same picture twice in a
        // user's folder, are counted as false positives, and also reported apart so the rate for unrelated pictures is visible.
        (int A, int B)[] designed = findings.Excluded;
        int DesignedWithin(int th, MatchingMode mode, bool limited) => designed.Count(p =>
            PairDistance(originals[p.A], originals[p.B], mode) <= th
            && (!limited || Math.Min(originals[p.A].Quality, originals[p.B].Quality) >= options.MinQuality));

        var falsePositives = new List<FalsePositiveRow>();
        MatchingMode[] pairModes = [MatchingMode.Plain, MatchingMode.AllVariants, MatchingMode.ListCrops];
        foreach (int th in thresholds)
        {
            foreach (MatchingMode mode in pairModes)
            {
                foreach (bool limited in new[] { false, true })
                {
                    DistanceHistogram[] buckets = pairHistograms.Of(mode);
                    DistanceHistogram histogram = EvaluationRunner.Sum(limited ? buckets.Skip(PairwiseDistances.BucketOf(options.MinQuality)) : buckets);
                    long within = histogram.AtOrBelow(th);
                    falsePositives.Add(FalsePositive(th, mode, limited, within, pairs.Total, options.ListSizes,
                        within - DesignedWithin(th, mode, limited), pairs.Total - designed.Length));
                }
            }
        }

        var quality = new List<QualityRow>();
        int[] starts = PairwiseDistances.QualityBucketStarts;
        for (int b = 0; b < starts.Length; b++)
        {
            int low = starts[b], high = b + 1 < starts.Length ? starts[b + 1] - 1 : 100;
            CopyRecord[] inBucket = [.. all.Where(c => PairwiseDistances.BucketOf(c.Quality) == b && !catalog[c.Transform].IsDihedral)];
            BinomialInterval ci = BinomialInterval.Of(pairBuckets[b].AtOrBelow(HeadlineThreshold), pairBuckets[b].Total);
            quality.Add(new QualityRow(
                $"{low}–{high}",
                originals.Count(o => PairwiseDistances.BucketOf(o.Quality) == b),
                inBucket.Length,
                inBucket.Length == 0 ? double.NaN : inBucket.Count(c => c.Distance > HeadlineThreshold) / (double)inBucket.Length,
                pairBuckets[b].Total,
                pairBuckets[b].Total == 0 ? double.NaN : pairBuckets[b].AtOrBelow(HeadlineThreshold) / (double)pairBuckets[b].Total,
                ci.High));
        }

        var copiesPlain = new DistanceHistogram();
        var copiesVariants = new DistanceHistogram();
        foreach (CopyRecord c in all)
        {
            if (!catalog[c.Transform].IsDihedral)
            {
                copiesPlain.Add(c.Distance);
            }

            copiesVariants.Add(c.VariantDistance);
        }

        return new EvaluationResult
        {
            Seed = options.Seed,
            Source = source.Name,
            ImagesFound = source.Found,
            ImagesSkipped = source.Skipped,
            Originals = originals.Length,
            TransformsPerOriginal = Math.Min(options.TransformsPerOriginal, catalog.Length),
            TransformedCopies = all.Length,
            Pairs = pairs.Total,
            Seconds = Math.Round(seconds, 1),
            Machine = MachineDescription(),
            Thresholds = [.. thresholds],
            MinQuality = options.MinQuality,
            Transforms = rows,
            FalsePositives = falsePositives,
            QualityBuckets = quality,
            Families = Families(catalog, originals, copies),
            Curves = new Curves([.. pairs.Counts], [.. pairsVariants.Counts], [.. copiesPlain.Counts], [.. copiesVariants.Counts]),
            VariantCosts = costs,
            HashesPerOriginalWithCrops = 1 + (originals.Length > 0 ? originals[0].Crops.Length : 0),
            IndexAgrees = indexAgrees,
            IndexCheckedUpTo = indexCheckedUpTo,
            ExcludedPairs = findings.Label,
            ExcludedPairCount = findings.Excluded.Length,
            ClosePairLimit = findings.Limit,
            ClosePairs = findings.Listed,
            Thumbnails = findings.Thumbnails,
        };
    }

    private static List<FamilyRow> Families(ImageTransform[] catalog, OriginalRecord[] originals, CopyRecord[][] copies) =>
        [.. Enumerable.Range(0, originals.Length)
            .GroupBy(i => originals[i].Family)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                int[] qualities = [.. g.Select(i => originals[i].Quality).Order()];
                CopyRecord[] samples = [.. g.SelectMany(i => copies[i]).Where(c => !catalog[c.Transform].IsDihedral)];
                return new FamilyRow(g.Key, qualities.Length, qualities[qualities.Length / 2], samples.Length,
                    samples.Length == 0 ? double.NaN : samples.Count(c => c.Distance > HeadlineThreshold) / (double)samples.Length);
            })];

    /// <summary>
    /// Fraction of copies not matched at <paramref name="threshold"/>: distance above it, or copy quality below
    /// <paramref name="minQuality"/> (the matcher then reports "low quality, not matched").
    /// </summary>
    internal static double FalseNegativeRate(IReadOnlyCollection<CopyRecord> samples, int threshold, Func<CopyRecord, int> distance, int minQuality) =>
        samples.Count(c => distance(c) > threshold || c.Quality < minQuality) / (double)samples.Count;

    /// <summary>A pair's distance in <paramref name="mode"/>, as the pair pass measures it.</summary>
    private static int PairDistance(OriginalRecord a, OriginalRecord b, MatchingMode mode)
    {
        int plain = a.Plain.DistanceTo(b.Plain);
        int Closest(PdqHash[] hashes, PdqHash target) => hashes.Length == 0 ? PdqHash.BitLength : hashes.Min(h => h.DistanceTo(target));
        return mode switch
        {
            MatchingMode.AllVariants => Math.Min(Closest(a.Variants, b.Plain), Closest(b.Variants, a.Plain)),
            MatchingMode.ListCrops => Math.Min(plain, Math.Min(Closest(a.Crops, b.Plain), Closest(b.Crops, a.Plain))),
            _ => plain,
        };
    }

    internal static FalsePositiveRow FalsePositive(int threshold, MatchingMode matching, bool qualityLimited, long falseMatches, long pairs, IReadOnlyList<long> listSizes, long unrelatedFalseMatches, long unrelatedPairs)
    {
        BinomialInterval ci = BinomialInterval.Of(falseMatches, pairs);
        double rate = pairs == 0 ? 0 : falseMatches / (double)pairs;
        double unrelatedRate = unrelatedPairs == 0 ? 0 : unrelatedFalseMatches / (double)unrelatedPairs;
        double unrelatedHigh = BinomialInterval.Of(unrelatedFalseMatches, unrelatedPairs).High;
        return new FalsePositiveRow(threshold, matching, qualityLimited, pairs, falseMatches, rate, ci.Low, ci.High,
            [.. listSizes.Select(m => new OperatorFigure(m, rate * m * OperatorFigure.Uploads, ci.High * m * OperatorFigure.Uploads))],
            unrelatedPairs, unrelatedFalseMatches, unrelatedRate, unrelatedHigh,
            [.. listSizes.Select(m => new OperatorFigure(m, unrelatedRate * m * OperatorFigure.Uploads, unrelatedHigh * m * OperatorFigure.Uploads, unrelatedFalseMatches == 0 ? BinomialInterval.PairsToBoundBelow(1.0 / m) : 0))]);
    }

    private static string MachineDescription()
    {
        string cpu = RuntimeInformation.ProcessArchitecture.ToString();
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                string? model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (model is not null)
                {
                    cpu = model[(model.IndexOf(':') + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
            // Keep the architecture name.
        }

        return $"{cpu}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}";
    }
}
