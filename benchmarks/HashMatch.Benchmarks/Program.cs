using BenchmarkDotNet.Running;
using HashMatch.Benchmarks;

// "--fresh-process-scan [iterations]": one process's eight-query scan timing, for benchmarks/scripts/fresh-process-scan.sh.
// Otherwise the suites chosen on the command line, e.g. --filter '*PdqBuffer*'; see README.md, "Performance".
if (args is ["--fresh-process-scan", .. var rest])
{
    FreshProcessScan.Run(rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 21);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
