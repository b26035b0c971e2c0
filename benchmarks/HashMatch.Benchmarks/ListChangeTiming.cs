using System.Collections.Frozen;
using HashMatch.Indexing;
using HashMatch.Lists;
using HashMatch.Matching;

namespace HashMatch.Benchmarks;

/// <summary>
/// What one change to a bank costs a replica (the server's apply path, <c>IndexFollower</c> → <c>BankIndex</c>):
/// <see cref="KnownList.WithChanges"/> of one added entry (the mean over 1,000 successive adds), or one removed id
/// (of a base entry; of an added one, whose part is built again), on a list of 1M entries that already has D entries
/// added since its base and 1,000 ids removed, for D = 1k, 10k, 100k (the default <c>--delta-limit</c>). Beside it, the
/// work the server did per change before issue 21 — a <see cref="KnownList.Create"/> over the D + 1 delta entries
/// and a frozen set of the removed ids, which is what its <c>BankIndex.BuildDelta</c> and <c>WithDelta</c> ran —
/// and a PDQ lookup on the changed list against the same lookup on the unchanged one.
/// Stopwatch medians in one process: <c>dotnet run -c Release --project benchmarks/HashMatch.Benchmarks -- --list-change</c>.
/// </summary>
internal static class ListChangeTiming
{
    public const string Command = "--list-change";

    private const int BaseCount = 1_000_000;
    private const int RemovedIds = 1_000;
    private const int SuccessiveAdds = 1_000;

    public static void Run()
    {
        IndexEntry[] hashes = IndexData.Entries(BaseCount + 100_001, HashDistribution.Random);
        ListEntry Entry(int i) => new() { Id = "e" + i, Pdq = hashes[i].Hash };
        KnownList list = KnownList.Create("bank", Enumerable.Range(0, BaseCount).Select(Entry));
        var removed = new KnownListChanges();
        for (int i = 0; i < RemovedIds; i++)
        {
            removed.Remove("e" + (i * 7));
        }

        var plain = new HashMatcher([list]);
        PdqHashResult query = new(hashes[BaseCount / 2].Hash, 100);
        double plainLookup = StopwatchMedian.Milliseconds(101, () => plain.MatchHashes("q", null, query));
        Console.WriteLine(FormattableString.Invariant($"base {BaseCount:N0} entries: lookup {plainLookup:F3} ms"));
        foreach (int added in (int[])[1_000, 10_000, 100_000])
        {
            List<ListEntry> delta = [.. Enumerable.Range(BaseCount, added).Select(Entry)];
            KnownList changed = list.WithChanges(new KnownListChanges().AddRange(delta)).WithChanges(removed);
            ListEntry next = Entry(BaseCount + added);
            double addOne = StopwatchMedian.Milliseconds(9, () =>
            {
                // Successive single adds, so that the merges of added parts they cause are counted (amortised).
                KnownList grown = changed;
                for (int i = 0; i < SuccessiveAdds; i++)
                {
                    grown = grown.WithChanges(new KnownListChanges().Add(next));
                }
            }) / SuccessiveAdds;
            double removeBase = StopwatchMedian.Milliseconds(9, () => changed.WithChanges(new KnownListChanges().Remove("e" + 1)));
            double removeAdded = StopwatchMedian.Milliseconds(9, () => changed.WithChanges(new KnownListChanges().Remove("e" + (BaseCount + 1))));
            List<ListEntry> deltaAndNext = [.. delta, next];
            string[] tombstones = [.. Enumerable.Range(0, RemovedIds).Select(i => "e" + (i * 7))];
            double rebuiltDelta = StopwatchMedian.Milliseconds(9, () =>
            {
                KnownList.Create("bank#delta", deltaAndNext);
                GC.KeepAlive(tombstones.ToFrozenSet(StringComparer.Ordinal));
            });
            var matcher = new HashMatcher([changed]);
            double lookup = StopwatchMedian.Milliseconds(101, () => matcher.MatchHashes("q", null, query));
            Console.WriteLine(FormattableString.Invariant(
                $"D = {added,7:N0}, {RemovedIds:N0} removed ids: WithChanges add one {addOne:F3} ms (mean of {SuccessiveAdds:N0} in a row), remove a base id {removeBase:F2} ms, an added id {removeAdded:F2} ms; before (Create over D + 1, frozen removed ids) {rebuiltDelta:F2} ms; lookup {lookup:F3} ms"));
        }
    }
}
