using System.Diagnostics;
using System.Globalization;
using HashMatch.Indexing;
using HashMatch.Lists;
using HashMatch.Matching;

namespace HashMatch.Benchmarks;

/// <summary>
/// The index build without a list file: ENTRIES generated entries (an id <c>case-N</c>, random MD5 and PDQ, quality
/// N mod 101, category A1 or B2 — what the README's generated 10M list holds) stream one at a time through the same
/// <c>EntryTableBuilder</c> and <c>KnownListFile.Write</c> as <c>hashmatch index build</c>. Measures what building
/// costs apart from parsing the list, under <c>/usr/bin/time -v</c>:
/// <c>dotnet run -c Release --project benchmarks/HashMatch.Benchmarks -- synthetic-index-build 10000000 /tmp/s.hmidx</c>;
/// a fourth argument (<c>linear</c>, <c>mih16</c>, <c>mih32</c>, <c>mih-sized</c>) writes that structure instead of
/// the one <c>HashIndex.ChooseKind</c> picks.
/// </summary>
internal static class SyntheticIndexBuild
{
    public const string Command = "synthetic-index-build";

    public static int Run(string[] args)
    {
        int count = int.Parse(args[1], CultureInfo.InvariantCulture);
        string output = args[2];
        var clock = Stopwatch.StartNew();
        var random = new Random(1);
        var digest = new byte[16];
        EntryMetadata[] categories = [new() { Category = "B2" }, new() { Category = "A1" }];
        var builder = new EntryTableBuilder(new ColumnSpill()); // as KnownListFileWriter's
        for (int i = 0; i < count; i++)
        {
            random.NextBytes(digest);
            builder.Add(
                new ListEntry
                {
                    Id = string.Create(CultureInfo.InvariantCulture, $"case-{i}"),
                    Md5 = ExactHash.FromBytes(ExactHashAlgorithm.Md5, digest),
                    Pdq = RandomHashes.Next(random),
                    Quality = i % 101,
                    Metadata = categories[i % 3 == 0 ? 0 : 1],
                },
                "list10m");
        }

        TimeSpan added = clock.Elapsed;
        IndexKind? structure = args.Length > 3 ? args[3] switch
        {
            "linear" => IndexKind.LinearScan,
            "mih16" => IndexKind.MultiIndex16,
            "mih32" => IndexKind.MultiIndex32,
            "mih-sized" => IndexKind.MultiIndexSized,
            _ => throw new ArgumentException($"unknown structure '{args[3]}'"),
        } : null;
        KnownListFile.Write(output, builder, HashMatchDefaults.PdqMatchThreshold, structure);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{count:N0} entries: added in {added.TotalSeconds:0.0} s, written in {(clock.Elapsed - added).TotalSeconds:0.0} s; " +
            $"total {clock.Elapsed.TotalSeconds:0.0} s; peak managed heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1e6:N0} MB; " +
            $"collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen 0/1/2), paused {GC.GetTotalPauseDuration().TotalSeconds:0.0} s"));
        return 0;
    }
}
