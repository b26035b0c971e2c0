namespace HashMatch.Evaluation;

/// <summary>
/// What a run measured of the local-feature signal: per inlier threshold, how many pairs of distinct originals
/// matched and how many copies were found; and the threshold chosen so the signal matches unrelated originals no more
/// often than PDQ with all query variants at 31.
/// </summary>
/// <param name="Thresholds">Inlier thresholds of the columns (a match has at least this many inliers).</param>
/// <param name="FalsePositives">One row per threshold.</param>
/// <param name="Transforms">Recall per transform and strength, one value per threshold.</param>
/// <param name="ChosenThreshold">The lowest threshold whose false pairs without the excluded ones (designed near-duplicates: one picture with a small region changed, which a local signal should match) are no more than PDQ's (all variants, 31); −1 when none is.</param>
/// <param name="PdqFalsePairs">PDQ's false pairs at 31 with all query variants, all pairs.</param>
/// <param name="PdqUnrelatedFalsePairs">The same without the excluded (designed near-duplicate) pairs.</param>
/// <param name="MillisecondsPerSignal">Mean time to compute one signal from decoded pixels (originals and copies, plain and mirrored).</param>
/// <param name="MeanStoredBytes">Mean stored size of the originals' signals.</param>
/// <param name="MaxStoredBytes">Largest stored size of the originals' signals.</param>
/// <param name="OriginalsWithoutFeatures">Originals whose signal has no feature (flat or smooth pictures: the signal cannot find their copies).</param>
/// <param name="FalsePairs">Every pair of distinct originals matched at the lowest threshold or above, most inliers first, so a person can check them (as the PDQ close pairs are).</param>
public sealed record LocalResult(
    IReadOnlyList<int> Thresholds,
    IReadOnlyList<LocalFalsePositiveRow> FalsePositives,
    IReadOnlyList<LocalTransformRow> Transforms,
    int ChosenThreshold,
    long PdqFalsePairs,
    long PdqUnrelatedFalsePairs,
    double MillisecondsPerSignal,
    double MeanStoredBytes,
    int MaxStoredBytes,
    int OriginalsWithoutFeatures,
    IReadOnlyList<LocalFalsePair> FalsePairs);

/// <summary>A pair of distinct originals the local signal matched.</summary>
/// <param name="A">The first original's index.</param>
/// <param name="B">The second original's index.</param>
/// <param name="NameA">"#12" for a generated original, the path inside the folder for the user's.</param>
/// <param name="NameB">Likewise.</param>
/// <param name="Inliers">The most inliers of either as the query.</param>
/// <param name="Excluded">Whether the pair is one of the run's excluded pairs (designed near-duplicates, or the same picture in a folder).</param>
public sealed record LocalFalsePair(int A, int B, string NameA, string NameB, int Inliers, bool Excluded);

/// <summary>Pairs of distinct originals the local signal matched at one inlier threshold (either one as the query).</summary>
/// <param name="Threshold">Fewest inliers of a match.</param>
/// <param name="Pairs">Pairs of distinct originals.</param>
/// <param name="FalseMatches">Pairs matched.</param>
/// <param name="High">Upper end of the 95 % interval of the rate (Wilson, or the exact bound when none was seen).</param>
/// <param name="UnrelatedFalseMatches">Pairs matched, without the excluded (designed near-duplicate) pairs.</param>
/// <param name="UnrelatedHigh">Upper end of the 95 % interval of the rate without the excluded pairs.</param>
public sealed record LocalFalsePositiveRow(int Threshold, long Pairs, long FalseMatches, double High, long UnrelatedFalseMatches, double UnrelatedHigh);

/// <summary>Recall of one transform at one strength.</summary>
/// <param name="Transform">Label, e.g. "sidecrop 0.05".</param>
/// <param name="Kind">The transform's name.</param>
/// <param name="Parameter">Its strength.</param>
/// <param name="Copies">Copies made.</param>
/// <param name="Recall">Share of copies whose original was matched, per threshold of <see cref="LocalResult.Thresholds"/>.</param>
/// <param name="PdqRecall">Share PDQ found at 31 with all query variants, for comparison.</param>
public sealed record LocalTransformRow(string Transform, string Kind, double Parameter, int Copies, IReadOnlyList<double> Recall, double PdqRecall);
