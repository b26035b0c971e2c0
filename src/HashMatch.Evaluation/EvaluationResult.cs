namespace HashMatch.Evaluation;

/// <summary>Everything one evaluation run measured, with the corpus size and seed that produced it.</summary>
public sealed record EvaluationResult
{
    /// <summary>Seed of the run.</summary>
    public required int Seed { get; init; }

    /// <summary>"synthetic" or the images folder.</summary>
    public required string Source { get; init; }

    /// <summary>For <c>--images</c>: the readable images the folder held (the run used the first <see cref="Originals"/>); null for the generated corpus.</summary>
    public int? ImagesFound { get; init; }

    /// <summary>For <c>--images</c>: files with an image extension left out as unreadable or too large.</summary>
    public int ImagesSkipped { get; init; }

    /// <summary>Number of originals.</summary>
    public required int Originals { get; init; }

    /// <summary>Transformed copies made of each original.</summary>
    public int TransformsPerOriginal { get; init; }

    /// <summary>Number of transformed copies hashed.</summary>
    public required int TransformedCopies { get; init; }

    /// <summary>Pairs of distinct originals compared.</summary>
    public required long Pairs { get; init; }

    /// <summary>Wall-clock seconds of the run.</summary>
    public required double Seconds { get; init; }

    /// <summary>CPU, cores and runtime the run used.</summary>
    public required string Machine { get; init; }

    /// <summary>Thresholds of the tables.</summary>
    public required IReadOnlyList<int> Thresholds { get; init; }

    /// <summary>The minimum quality whose effect is shown.</summary>
    public required int MinQuality { get; init; }

    /// <summary>False-negative rates per transform and strength.</summary>
    public required IReadOnlyList<TransformRow> Transforms { get; init; }

    /// <summary>False-positive rates per threshold, plain, with all query variants and against list-side crops, with and without the quality limit.</summary>
    public required IReadOnlyList<FalsePositiveRow> FalsePositives { get; init; }

    /// <summary>The local-feature signal's figures when the run measured it (<see cref="EvaluationOptions.Local"/>); otherwise null.</summary>
    public LocalResult? Local { get; init; }

    /// <summary>Hashing cost per copy in each timed mode (plain, each variant alone, all variants).</summary>
    public required IReadOnlyList<VariantCost> VariantCosts { get; init; }

    /// <summary>Hashes a list holds per original with list-side crops (1 + the crops).</summary>
    public required int HashesPerOriginalWithCrops { get; init; }

    /// <summary>Error rates at 31 by quality bucket.</summary>
    public required IReadOnlyList<QualityRow> QualityBuckets { get; init; }

    /// <summary>Originals, quality and false negatives at 31 per image family: how much the numbers depend on content.</summary>
    public required IReadOnlyList<FamilyRow> Families { get; init; }

    /// <summary>Histograms over distance 0..256 for the plots.</summary>
    public required Curves Curves { get; init; }

    /// <summary>Whether the index's range queries counted the same close pairs as the all-pairs histogram at every threshold up to <see cref="IndexCheckedUpTo"/>.</summary>
    public required bool IndexAgrees { get; init; }

    /// <summary>Largest threshold cross-checked against the index.</summary>
    public required int IndexCheckedUpTo { get; init; }

    /// <summary>What the pairs left out of the "excluded" false-positive figures are: "designed near-duplicates" (generated corpus) or "same-picture pairs" (<c>--images</c>).</summary>
    public string ExcludedPairs { get; init; } = "designed near-duplicates";

    /// <summary>How many pairs were left out.</summary>
    public int ExcludedPairCount { get; init; }

    /// <summary>Pairs of distinct originals up to this distance (plain or with variants) are checked and listed in <see cref="ClosePairs"/>.</summary>
    public int ClosePairLimit { get; init; }

    /// <summary>The pairs of distinct originals within <see cref="ClosePairLimit"/>, closest first, with the verdict on each.</summary>
    public IReadOnlyList<ClosePair> ClosePairs { get; init; } = [];

    /// <summary>PNG thumbnails of the pictures of the first close pairs, by original index (written into the report folder, not into result.json).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<int, byte[]> Thumbnails { get; init; } = new Dictionary<int, byte[]>();

    /// <summary>Position of <paramref name="threshold"/> in <see cref="Thresholds"/> (the column of the per-threshold rates), or −1.</summary>
    public int ThresholdColumn(int threshold)
    {
        for (int i = 0; i < Thresholds.Count; i++)
        {
            if (Thresholds[i] == threshold)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>False-negative rates for one transform at one strength.</summary>
/// <param name="Transform">Label, e.g. "jpeg 30".</param>
/// <param name="Kind">Transform kind.</param>
/// <param name="Parameter">Strength.</param>
/// <param name="Copies">Transformed copies measured.</param>
/// <param name="Dihedral">Whether the transform turns or mirrors the picture (only the pixel-dihedral query variants can find such copies).</param>
/// <param name="MedianDistance">Median distance to the original (plain matching).</param>
/// <param name="Fnr">FNR at each threshold of the run, plain matching.</param>
/// <param name="FnrVariants">FNR at each threshold with every query variant (smallest distance over the copy's variant hashes).</param>
/// <param name="FnrWithMinQuality">FNR at each threshold when copies below the minimum quality are not matched (plain matching).</param>
/// <param name="FnrByMode">FNR at each threshold in each <see cref="MatchingMode"/> (indexed by the mode).</param>
public sealed record TransformRow(string Transform, string Kind, double Parameter, int Copies, bool Dihedral, int MedianDistance, IReadOnlyList<double> Fnr, IReadOnlyList<double> FnrVariants, IReadOnlyList<double> FnrWithMinQuality, IReadOnlyList<IReadOnlyList<double>> FnrByMode)
{
    /// <summary>FNR at each threshold in <paramref name="mode"/>.</summary>
    public IReadOnlyList<double> FnrOf(MatchingMode mode) => FnrByMode[(int)mode];
}

/// <summary>The false-positive rate at one threshold.</summary>
/// <param name="Threshold">Threshold.</param>
/// <param name="Matching">Plain, with all query variants (either picture of a pair as the upload), or against a list that also holds list-side crops.</param>
/// <param name="QualityLimited">Whether pairs with a member below the minimum quality were not counted as matches.</param>
/// <param name="Pairs">Pairs compared.</param>
/// <param name="FalseMatches">Pairs within the threshold.</param>
/// <param name="Rate">FalseMatches / Pairs.</param>
/// <param name="Low">95 % interval, low.</param>
/// <param name="High">95 % interval, high (the exact upper bound when none was observed).</param>
/// <param name="PerMillionUploads">Expected false matches per million uploads against a list of each size in the run's list sizes (rate × size × 10^6), at the rate and at the upper bound. Computed from all pairs, designed near-duplicates included (the conservative figure).</param>
/// <param name="UnrelatedPairs">Pairs excluding the <see cref="EvaluationResult.ExcludedPairs"/> (the corpus's designed near-duplicates, or the same picture twice in a user's folder).</param>
/// <param name="UnrelatedFalseMatches">Of those, pairs within the threshold.</param>
/// <param name="UnrelatedRate">UnrelatedFalseMatches / UnrelatedPairs.</param>
/// <param name="UnrelatedHigh">Upper 95 % bound of that rate.</param>
/// <param name="UnrelatedPerMillionUploads">The operator's figure from the unrelated rate: what the report shows, since uploads are not designed near-duplicates of list entries.</param>
public sealed record FalsePositiveRow(int Threshold, MatchingMode Matching, bool QualityLimited, long Pairs, long FalseMatches, double Rate, double Low, double High, IReadOnlyList<OperatorFigure> PerMillionUploads,
    long UnrelatedPairs, long UnrelatedFalseMatches, double UnrelatedRate, double UnrelatedHigh, IReadOnlyList<OperatorFigure> UnrelatedPerMillionUploads);

/// <summary>Expected false matches per million uploads against a list of <paramref name="ListSize"/> hashes.</summary>
/// <param name="ListSize">M.</param>
/// <param name="Expected">At the measured rate.</param>
/// <param name="UpperBound">At the upper 95 % bound.</param>
/// <param name="PairsNeeded">When no false pair was seen: how many pairs a run needs for its upper bound to fall below one false match per upload (rate &lt; 1/M); 0 otherwise.</param>
public sealed record OperatorFigure(long ListSize, double Expected, double UpperBound, long PairsNeeded = 0)
{
    /// <summary>The figure is per this many uploads.</summary>
    public const double Uploads = 1e6;

    /// <summary>
    /// False when no false pair was seen and the sample is too small to bound the figure below one false match per
    /// upload: the upper bound then says nothing useful (a few hundred pairs "bound" the figure at billions), and
    /// the report says the sample is too small instead of printing it.
    /// </summary>
    public bool IsInformative => Expected > 0 || UpperBound < Uploads;
}

/// <summary>Error rates at threshold 31 for one quality bucket.</summary>
/// <param name="Bucket">e.g. "50–69".</param>
/// <param name="Originals">Originals in the bucket.</param>
/// <param name="Copies">Transformed copies whose quality is in the bucket.</param>
/// <param name="Fnr">FNR at 31 of those copies (plain matching, no quality limit; excludes rotations and flips).</param>
/// <param name="Pairs">Pairs whose lower quality is in the bucket.</param>
/// <param name="Fpr">FPR at 31 of those pairs.</param>
/// <param name="FprHigh">Upper 95 % bound.</param>
public sealed record QualityRow(string Bucket, int Originals, int Copies, double Fnr, long Pairs, double Fpr, double FprHigh);

/// <summary>Figures for one image family.</summary>
/// <param name="Family">Family name ("user" for --images).</param>
/// <param name="Originals">Originals of the family.</param>
/// <param name="MedianQuality">Median PDQ quality of those originals.</param>
/// <param name="Copies">Their transformed copies, rotations and flips excluded.</param>
/// <param name="Fnr">FNR at 31 of those copies (plain matching).</param>
public sealed record FamilyRow(string Family, int Originals, int MedianQuality, int Copies, double Fnr);

/// <summary>Distance histograms (index = distance 0..256).</summary>
/// <param name="Pairs">Distinct original pairs (non-matching).</param>
/// <param name="PairsVariants">Distinct original pairs, with all query variants.</param>
/// <param name="Copies">Copy-to-original distances, all transforms except rotations and flips (matching pairs).</param>
/// <param name="CopiesVariants">Copy-to-original distances with all query variants, all transforms.</param>
public sealed record Curves(IReadOnlyList<long> Pairs, IReadOnlyList<long> PairsVariants, IReadOnlyList<long> Copies, IReadOnlyList<long> CopiesVariants);

/// <summary>What hashing a copy cost in a <see cref="MatchingMode"/>, timed on a sample of the run's copies.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="Milliseconds">Mean milliseconds per copy, from decoded pixels (no decoding, no index query).</param>
/// <param name="Samples">Copies timed.</param>
public sealed record VariantCost(MatchingMode Mode, double Milliseconds, int Samples);
