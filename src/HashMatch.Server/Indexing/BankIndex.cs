using System.Collections.Frozen;
using HashMatch.Lists;
using HashMatch.Matching;
using HashMatch.Server.Storage;

namespace HashMatch.Server.Indexing;

/// <summary>
/// One bank as a replica serves it, immutable: a <em>base</em> <see cref="KnownList"/> built from the bank's entries
/// up to <see cref="BaseSequence"/> (the big, slow-to-build part), and on top of it the changes since then — entries
/// added (a small <em>delta</em> list, rebuilt at each change) and ids removed (<em>tombstones</em> hiding base
/// entries). Small changes therefore cost time in proportion to the delta, not the bank; when the delta or the
/// tombstones outgrow <see cref="IndexSettings.DeltaLimit"/>, a full rebuild beside the live index folds them into
/// a new base.
/// </summary>
internal sealed class BankIndex
{
    private BankIndex(BankRecord record, KnownList baseList, long baseSequence, DateTimeOffset builtAt, TimeSpan buildTime,
        FrozenSet<string> tombstones, IReadOnlyList<ListEntry> deltaEntries, KnownList? delta, long incompleteSince)
    {
        Record = record;
        Base = baseList;
        BaseSequence = baseSequence;
        BuiltAt = builtAt;
        BuildTime = buildTime;
        Tombstones = tombstones;
        DeltaEntries = deltaEntries;
        Delta = delta;
        IncompleteSince = incompleteSince;
    }

    /// <summary>The bank as stored (name, settings).</summary>
    public BankRecord Record { get; }

    public string Name => Record.Name;

    /// <summary>The list built from the entries up to <see cref="BaseSequence"/>.</summary>
    public KnownList Base { get; }

    /// <summary>The change sequence the base was built at.</summary>
    public long BaseSequence { get; }

    /// <summary>When the base was built, and how long that took.</summary>
    public DateTimeOffset BuiltAt { get; }

    public TimeSpan BuildTime { get; }

    /// <summary>Ids removed since the base was built: base entries with these ids are not reported.</summary>
    public FrozenSet<string> Tombstones { get; }

    /// <summary>Entries added since the base was built (and not removed since).</summary>
    public IReadOnlyList<ListEntry> DeltaEntries { get; }

    /// <summary><see cref="DeltaEntries"/> as a list, or null when there are none.</summary>
    public KnownList? Delta { get; }

    /// <summary>
    /// Whether entries added since the base are missing from the delta because there were too many to hold as
    /// one (a large import): they become visible with the rebuild that this state asks for.
    /// </summary>
    public bool Incomplete => IncompleteSince != 0;

    /// <summary>
    /// When (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) the bank became <see cref="Incomplete"/>, or 0:
    /// from then on this replica is behind the store for this bank, which readiness counts as staleness.
    /// </summary>
    public long IncompleteSince { get; }

    /// <summary>Whether a full rebuild should fold the changes into a new base.</summary>
    public bool WantsRebuild(int deltaLimit) => Incomplete || DeltaEntries.Count > deltaLimit || Tombstones.Count > deltaLimit;

    /// <summary>Entries served: the base's (tombstoned ones included: counting them would mean a scan) and the delta's.</summary>
    public long Entries => Base.Count + DeltaEntries.Count;

    /// <summary>Approximate bytes held by both lists.</summary>
    public long MemoryBytes => Base.MemoryBytes + (Delta?.MemoryBytes ?? 0);

    /// <summary>A bank whose base was just built at <paramref name="sequence"/>, with the changes after it.</summary>
    public static BankIndex Built(BankRecord record, KnownList baseList, long sequence, TimeSpan buildTime,
        IEnumerable<string> tombstones, IReadOnlyList<ListEntry> deltaEntries, bool incomplete) =>
        new(record, baseList, sequence, DateTimeOffset.UtcNow, buildTime, tombstones.ToFrozenSet(StringComparer.Ordinal), deltaEntries,
            BuildDelta(record, deltaEntries), incomplete ? System.Diagnostics.Stopwatch.GetTimestamp() : 0);

    /// <summary>A new, empty bank created by the change at <paramref name="sequence"/>.</summary>
    public static BankIndex Empty(BankRecord record, long sequence) =>
        Built(record, KnownList.Create(record.Name, [], record.Settings.ToListOptions()), sequence, TimeSpan.Zero, [], [], incomplete: false);

    /// <summary>The same bank with new settings (the base keeps its index unless the threshold changes its structure).</summary>
    public BankIndex WithSettings(BankRecord record) =>
        new(record, Base.WithOptions(record.Settings.ToListOptions()), BaseSequence, BuiltAt, BuildTime, Tombstones, DeltaEntries, BuildDelta(record, DeltaEntries), IncompleteSince);

    /// <summary>
    /// The bank after later changes, already folded in order by the caller: <paramref name="tombstones"/> are all
    /// the ids removed since the base, <paramref name="deltaEntries"/> the entries added since (and not removed),
    /// <paramref name="skippedAdds"/> whether some adds were too many to load.
    /// </summary>
    public BankIndex WithDelta(IEnumerable<string> tombstones, IReadOnlyList<ListEntry> deltaEntries, bool skippedAdds) =>
        new(Record, Base, BaseSequence, BuiltAt, BuildTime, tombstones.ToFrozenSet(StringComparer.Ordinal), deltaEntries,
            BuildDelta(Record, deltaEntries), IncompleteSince != 0 ? IncompleteSince : skippedAdds ? System.Diagnostics.Stopwatch.GetTimestamp() : 0);

    /// <summary>
    /// Whether this replica serves what the change at <paramref name="sequence"/> did to this bank, once its snapshot
    /// has reached that sequence: always, unless adds after the base are missing (<see cref="Incomplete"/>) and the
    /// base is older than the change.
    /// </summary>
    public bool Serves(long sequence) => !Incomplete || BaseSequence >= sequence;

    /// <summary>Name of the delta list inside the matcher: bank names cannot contain '#', so it never collides.</summary>
    public static string DeltaListName(string bank) => bank + "#delta";

    private static KnownList? BuildDelta(BankRecord record, IReadOnlyList<ListEntry> entries) =>
        entries.Count == 0 ? null : KnownList.Create(DeltaListName(record.Name), entries, record.Settings.ToListOptions());
}
