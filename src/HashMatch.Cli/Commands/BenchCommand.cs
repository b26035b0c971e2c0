using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HashMatch.Cli.Hosting;
using HashMatch.Diagnostics;
using HashMatch.IO;
using HashMatch.Imaging;
using HashMatch.Indexing;
using HashMatch.Pdq;

namespace HashMatch.Cli.Commands;

/// <summary>
/// <c>hashmatch bench</c>: a quick in-process throughput check of PDQ hashing and index queries on this CPU, with the
/// instruction sets and kernels in use — for comparing machines (x64 with and without AVX-512, ARM64). The rigorous
/// suite is BenchmarkDotNet under benchmarks/.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CommandStreams io)
    {
        TextWriter stdout = io.Out, stderr = io.Error;
        var entries = new Option<int>("--entries") { Description = "Random hashes in the benchmark index.", DefaultValueFactory = _ => 1_000_000 };
        var seconds = new Option<double>("--seconds") { Description = "Time spent on each measurement.", DefaultValueFactory = _ => 1.0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("bench", """
            Measure, in this process: PDQ hashing of a 512×512 RGB buffer (one thread), and range queries at r = 31
            against random hashes with the linear scan and with multi-index hashing (16×16). Prints the build running
            (the native executable's AVX2 or AVX-512 compile, or the JIT), the CPU's instruction sets and the kernels
            chosen. Numbers are single runs; use the BenchmarkDotNet suites for publication-grade figures.

            Examples:
              hashmatch bench
              hashmatch bench --entries 100000 --seconds 0.5 --json
            Exit codes: 0 done, 2 bad arguments.
            """)
        {
            entries, seconds, json,
        };
        command.SetAction(parse =>
        {
            int count = parse.GetValue(entries);
            double budget = parse.GetValue(seconds);
            if (count < 1 || budget <= 0)
            {
                stderr.WriteLine("error: --entries and --seconds must be positive.");
                return ExitCodes.BadArguments;
            }

            var results = new Dictionary<string, object>
            {
                ["build"] = Avx512Executable.DescribeBuild(),
                ["cpu"] = InstructionSetPaths.Describe(),
                ["processors"] = Environment.ProcessorCount,
            };

            byte[] pixels = new byte[512 * 512 * 3];
            new Random(1).NextBytes(pixels);
            (double hashesPerSecond, double hashMs) = Measure(budget, () => PdqHasher.Hash(new PixelBuffer(pixels, 512, 512, PixelFormat.Rgb24)));
            results["pdq_512x512_per_second"] = Math.Round(hashesPerSecond, 1);
            results["pdq_512x512_ms"] = Math.Round(hashMs, 3);

            var random = new Random(2);
            PdqHash Next() => new((ulong)random.NextInt64() ^ ((ulong)random.Next() << 63), (ulong)random.NextInt64(), (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63), (ulong)random.NextInt64());
            IndexEntry[] data = [.. Enumerable.Range(0, count).Select(i => new IndexEntry(Next(), i))];
            PdqHash[] queries = [.. Enumerable.Range(0, 64).Select(_ => Next())];
            var found = new List<IndexMatch>();
            foreach (IndexKind kind in new[] { IndexKind.LinearScan, IndexKind.MultiIndex16 })
            {
                var clock = Stopwatch.StartNew();
                HashIndex index = HashIndex.Create(kind, data);
                double buildSeconds = clock.Elapsed.TotalSeconds;
                int q = 0;
                (double perSecond, double ms) = Measure(budget, () =>
                {
                    found.Clear();
                    index.Query(queries[q++ % queries.Length], 31, found);
                });
                string key = kind == IndexKind.LinearScan ? "linear_scan" : "mih16";
                results[$"{key}_build_seconds"] = Math.Round(buildSeconds, 3);
                results[$"{key}_queries_per_second"] = Math.Round(perSecond, 1);
                results[$"{key}_us_per_query"] = Math.Round(ms * 1000, 1);
            }

            if (parse.GetValue(json))
            {
                new JsonLinesWriter(stdout).WriteObject(writer =>
                {
                    foreach (var (key, value) in results)
                    {
                        if (value is string text)
                        {
                            writer.WriteString(key, text);
                        }
                        else
                        {
                            writer.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                        }
                    }
                });
                return ExitCodes.Success;
            }

            stdout.WriteLine($"build: {results["build"]}");
            stdout.WriteLine($"cpu: {results["cpu"]}");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PDQ, 512×512 RGB buffer, one thread: {results["pdq_512x512_ms"]} ms per hash ({results["pdq_512x512_per_second"]} hashes/s)"));
            foreach (string key in new[] { "linear_scan", "mih16" })
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(key == "mih16" ? "MIH 16×16" : "linear scan")}, {count:N0} random hashes, r = 31: {results[$"{key}_us_per_query"]} µs per query ({results[$"{key}_queries_per_second"]} queries/s), built in {results[$"{key}_build_seconds"]} s"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Runs <paramref name="action"/> repeatedly for about <paramref name="seconds"/> after a short warm-up; returns operations per second and milliseconds per operation.</summary>
    private static (double PerSecond, double Milliseconds) Measure(double seconds, Action action)
    {
        for (int i = 0; i < 3; i++)
        {
            action();
        }

        var clock = Stopwatch.StartNew();
        long operations = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            action();
            operations++;
        }

        double elapsed = clock.Elapsed.TotalSeconds;
        return (operations / elapsed, elapsed * 1000 / operations);
    }
}
