using BenchmarkDotNet.Running;
using HashMatch.Benchmarks;

// Runs the suites chosen on the command line, e.g. --filter '*PdqBuffer*'; see README.md, "Performance".
// 'synthetic-index-build N OUT [STRUCTURE]' instead times and sizes an index build without a list file (README.md, "Index").
if (args.Length is 3 or 4 && args[0] == SyntheticIndexBuild.Command)
{
    return SyntheticIndexBuild.Run(args);
}

// "index-scaling N random|clustered STRUCTURE...": r = 31 query latency and build cost per structure (IndexScaling.cs).
if (args.Length >= 1 && args[0] == IndexScaling.Command)
{
    return IndexScaling.Run(args);
}

// "--fresh-process-scan [iterations]": one process's eight-query scan timing, for benchmarks/scripts/fresh-process-scan.sh.
if (args is ["--fresh-process-scan", .. var rest])
{
    FreshProcessScan.Run(rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 21);
    return 0;
}

// "--list-change": what one change to a 1M-entry list costs through KnownList.WithChanges (issue 21).
if (args is [ListChangeTiming.Command])
{
    ListChangeTiming.Run();
    return 0;
}

// "write-triage-folder N DIR [SEED]": a seized-media-like folder for benchmarks/scripts/triage-speed.sh.
if (args is [TriageFolder.Command, var count, var folder, .. var more])
{
    TriageFolder.Write(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), folder, more.Length > 0 ? int.Parse(more[0], System.Globalization.CultureInfo.InvariantCulture) : 1);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
