using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using HashMatch.Indexing;

namespace HashMatch.Benchmarks;

/// <summary>
/// r = 31 query latency and build cost per index structure at N = 1M, 10M or 100M hashes, in one process so the
/// structures are compared as ratios on the same data (issue 25's scaling table; docs/hash-index.md, "Scaling"):
/// <code>
/// dotnet run -c Release --project benchmarks/HashMatch.Benchmarks -- index-scaling N random|clustered STRUCTURE...
/// </code>
/// STRUCTURE is <c>linear</c>, <c>mih16</c>, <c>mih32</c>, <c>sized</c> (<see cref="IndexKind.MultiIndexSized"/>) or
/// <c>mih:M</c> (M even chunks, 8–16). The hashes are generated straight into the index's row store (no entry
/// array: 100M rows are 4 GB with their ids), by SplitMix64: uniformly random, or the benchmarks' clustered model
/// (1,024 random centres, every bit of a member flipped with probability 77/256 ≈ 0.3). Queries: 512, half a stored
/// hash with 0–31 bits flipped, half fresh hashes of the same distribution. Each structure is built, timed over five
/// rounds of all queries (the median round is reported, after two seconds of warm-up rounds), and dropped before the next; run
/// it under <c>/usr/bin/time -v</c> with one structure for its peak memory.
/// </summary>
internal static class IndexScaling
{
    public const string Command = "index-scaling";

    private const int Radius = 31;

    public static int Run(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine($"usage: {Command} N random|clustered STRUCTURE... (linear, mih16, mih32, sized, mih:M)");
            return 2;
        }

        int count = int.Parse(args[1], CultureInfo.InvariantCulture);
        bool clustered = args[2] switch
        {
            "random" => false,
            "clustered" => true,
            _ => throw new ArgumentException($"distribution '{args[2]}': random or clustered"),
        };

        var clock = Stopwatch.StartNew();
        HashStore store = Generate(count, clustered, seed: 1, out PdqHash[] centres);
        PdqHash[] queries = Queries(store, clustered, centres, 512);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count:N0} {args[2]} hashes generated in {clock.Elapsed.TotalSeconds:0.0} s; r = {Radius}, {queries.Length} queries; {Environment.ProcessorCount} cores"));
        Console.WriteLine("structure | layout | build s | structure MB | µs/query (median round) | min–max round | matches/query | ratio");
        double? baseline = null;
        foreach (string name in args[3..])
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            long before = GC.GetTotalAllocatedBytes(precise: true);
            clock.Restart();
            (IndexSegment segment, string layout) = Build(name, store);
            double build = clock.Elapsed.TotalSeconds;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            // Fewer queries for the scan at 10M and more (about 40 ms each per 10M rows).
            int take = name == "linear" && count > 2_000_000 ? 32 : queries.Length;
            var results = new List<IndexMatch>();
            long matches = 0;
            double Round()
            {
                matches = 0;
                long start = Stopwatch.GetTimestamp();
                for (int q = 0; q < take; q++)
                {
                    results.Clear();
                    segment.Search(queries[q], Radius, results);
                    matches += results.Count;
                }

                return Stopwatch.GetElapsedTime(start).TotalMicroseconds / take;
            }

            // Warm-up rounds for at least two seconds: the JIT compiles a hot method's optimised code in the background
            // after a delay, and a single round of a fast structure ended before that (the first structure of a run
            // measured up to 2x slower than the same structure run again at its end).
            var warm = Stopwatch.StartNew();
            do
            {
                Round();
            }
            while (warm.Elapsed < TimeSpan.FromSeconds(2));

            double[] rounds = [.. Enumerable.Range(0, 5).Select(_ => Round())];
            Array.Sort(rounds);
            double median = rounds[2];
            baseline ??= median;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name} | {layout} | {build:0.0} | {allocated / 1e6:N0} | {median:N1} | {rounds[0]:N1}–{rounds[^1]:N1} | {(double)matches / take:0.00} | {median / baseline.Value:0.000}"));
            GC.KeepAlive(segment);
        }

        return 0;
    }

    private static (IndexSegment Segment, string Layout) Build(string name, HashStore store)
    {
        ChunkLayout? layout = name switch
        {
            "linear" => null,
            "mih16" => ChunkLayout.Sixteen,
            "mih32" => ChunkLayout.ThirtyTwo,
            "sized" => ChunkLayout.Sized(store.Count),
            _ when name.StartsWith("mih:", StringComparison.Ordinal) => ChunkLayout.Even(int.Parse(name[4..], CultureInfo.InvariantCulture)),
            _ => throw new ArgumentException($"unknown structure '{name}'"),
        };
        return layout is null
            ? (new LinearScanSegment(store, 1), "-")
            : (new MultiIndexSegment(store, layout), layout.ToString());
    }

    /// <summary>N hashes straight into a store: random, or members of 1,024 clusters (each bit flipped with probability 77/256).</summary>
    private static HashStore Generate(int count, bool clustered, ulong seed, out PdqHash[] centres)
    {
        var random = new SplitMix(seed);
        centres = [.. Enumerable.Range(0, 1024).Select(_ => random.NextHash())];
        HashStore store = HashStore.Create(count, out Span<ulong> rows, out Span<long> ids);
        for (int i = 0; i < count; i++)
        {
            PdqHash hash = clustered ? random.Noisy(centres[(int)(random.Next() % 1024)]) : random.NextHash();
            HashStore.Write(rows.Slice(i * HashStore.Words, HashStore.Words), hash);
            ids[i] = i;
        }

        return store;
    }

    private static PdqHash[] Queries(HashStore store, bool clustered, PdqHash[] centres, int count)
    {
        var random = new SplitMix(2);
        var queries = new PdqHash[count];
        for (int i = 0; i < count; i++)
        {
            if (i % 2 == 0)
            {
                PdqHash stored = store[(int)(random.Next() % (ulong)store.Count)];
                queries[i] = RandomHashes.Flip(stored, (int)(random.Next() % 32), new Random((int)random.Next()));
            }
            else
            {
                queries[i] = clustered ? random.Noisy(centres[(int)(random.Next() % 1024)]) : random.NextHash();
            }
        }

        return queries;
    }

    /// <summary>SplitMix64 (Steele, Lea and Flood, 2014): fast seeded 64-bit values, enough for benchmark data.</summary>
    private struct SplitMix(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public PdqHash NextHash() => new(Next(), Next(), Next(), Next());

        /// <summary><paramref name="centre"/> with each bit flipped when a random byte is below 77 (probability 0.30).</summary>
        public PdqHash Noisy(PdqHash centre)
        {
            Span<ulong> words = stackalloc ulong[4];
            Span<ulong> bytes = stackalloc ulong[4];
            for (int w = 0; w < 4; w++)
            {
                ulong flips = 0;
                for (int part = 0; part < 2; part++)
                {
                    // 32 random bytes, one per bit: a bit flips where its byte is below 77.
                    for (int k = 0; k < 4; k++)
                    {
                        bytes[k] = Next();
                    }

                    Vector256<byte> v = Vector256.Create(bytes[0], bytes[1], bytes[2], bytes[3]).AsByte();
                    flips |= (ulong)Vector256.LessThan(v, Vector256.Create((byte)77)).ExtractMostSignificantBits() << (32 * part);
                }

                words[w] = centre.GetWord(w) ^ flips;
            }

            return new PdqHash(words[0], words[1], words[2], words[3]);
        }
    }
}
