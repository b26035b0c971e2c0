using HashMatch.Matching;
using HashMatch.Server.Storage;

namespace HashMatch.Server.Indexing;

/// <summary>
/// One bank as a replica serves it, immutable: its <see cref="KnownList"/>, built from the bank's entries up to
/// <see cref="BaseSequence"/> (the big, slow-to-build part) with the changes since then applied through
/// <see cref="KnownList.WithChanges"/> (entries added, ids removed). Small changes therefore cost time in
/// proportion to the added entries, not the bank; when they outgrow <see cref="IndexSettings.DeltaLimit"/>, a full
/// rebuild beside the live index makes a new base.
/// </summary>
internal sealed class BankIndex
{
    private BankIndex(BankRecord record, KnownList list, BankVideos videos, long baseSequence, DateTimeOffset builtAt, TimeSpan buildTime, long incompleteSince)
    {
        Record = record;
        List = list;
        Videos = videos;
        BaseSequence = baseSequence;
        BuiltAt = builtAt;
        BuildTime = buildTime;
        IncompleteSince = incompleteSince;
    }

    /// <summary>The bank as stored (name, settings).</summary>
    public BankRecord Record { get; }

    public string Name => Record.Name;

    /// <summary>What lookups match: the base built at <see cref="BaseSequence"/> with the later changes applied.</summary>
    public KnownList List { get; }

    /// <summary>
    /// The bank's video entries as of the same change as <see cref="List"/> (read whole with every base, and changed
    /// with the same changes, since they are not in the bank's index file).
    /// </summary>
    public BankVideos Videos { get; }

    /// <summary>The change sequence the base was built at.</summary>
    public long BaseSequence { get; }

    /// <summary>When the base was built, and how long that took.</summary>
    public DateTimeOffset BuiltAt { get; }

    public TimeSpan BuildTime { get; }

    /// <summary>
    /// Whether entries added since the base are missing from the list because there were too many to apply as a
    /// change (a large import): they become visible with the rebuild that this state asks for.
    /// </summary>
    public bool Incomplete => IncompleteSince != 0;

    /// <summary>
    /// When (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) the bank became <see cref="Incomplete"/>, or 0:
    /// from then on this replica is behind the store for this bank, which readiness counts as staleness.
    /// </summary>
    public long IncompleteSince { get; }

    /// <summary>Whether a full rebuild should fold the changes into a new base.</summary>
    public bool WantsRebuild(int deltaLimit) => Incomplete || List.AddedCount > deltaLimit || List.RemovedIdCount > deltaLimit;

    /// <summary>Entries served: the base's (those hidden by removed ids included: counting them would mean a scan) and the added ones.</summary>
    public long Entries => List.BaseCount + List.AddedCount;

    /// <summary>Approximate bytes held by the list.</summary>
    public long MemoryBytes => List.MemoryBytes;

    /// <summary>A bank whose base was just built (or loaded) at <paramref name="sequence"/>.</summary>
    public static BankIndex Built(BankRecord record, KnownList baseList, BankVideos videos, long sequence, TimeSpan buildTime) =>
        new(record, baseList, videos, sequence, DateTimeOffset.UtcNow, buildTime, 0);

    /// <summary>A new, empty bank created by the change at <paramref name="sequence"/>.</summary>
    public static BankIndex Empty(BankRecord record, long sequence) =>
        Built(record, KnownList.Create(record.Name, [], record.Settings.Options), BankVideos.Empty, sequence, TimeSpan.Zero);

    /// <summary>The same bank with new settings (the base keeps its index unless the threshold changes its structure).</summary>
    public BankIndex WithSettings(BankRecord record) =>
        new(record, List.WithOptions(record.Settings.Options), Videos, BaseSequence, BuiltAt, BuildTime, IncompleteSince);

    /// <summary>
    /// The bank after later changes, recorded in order by the caller; <paramref name="skippedAdds"/> says whether
    /// some adds were too many to apply (the bank is then <see cref="Incomplete"/> until its rebuild);
    /// <paramref name="videos"/> are the bank's videos after the same changes.
    /// </summary>
    public BankIndex WithChanges(KnownListChanges changes, bool skippedAdds, BankVideos videos) =>
        new(Record, List.WithChanges(changes), videos, BaseSequence, BuiltAt, BuildTime,
            IncompleteSince != 0 ? IncompleteSince : skippedAdds ? System.Diagnostics.Stopwatch.GetTimestamp() : 0);

    /// <summary>
    /// Whether this replica serves what the change at <paramref name="sequence"/> did to this bank, once its snapshot
    /// has reached that sequence: always, unless adds after the base are missing (<see cref="Incomplete"/>) and the
    /// base is older than the change.
    /// </summary>
    public bool Serves(long sequence) => !Incomplete || BaseSequence >= sequence;
}
