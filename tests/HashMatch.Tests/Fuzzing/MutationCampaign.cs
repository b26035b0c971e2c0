using System.Diagnostics;
using HashMatch.Fuzz.Targets;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Fuzzing;

/// <summary>
/// Runs seeded mutants of the seeds in testdata/fuzz/seeds/&lt;target&gt; through the fuzzing target of the same name
/// (fuzz/HashMatch.Fuzz: the contract checks the coverage-guided fuzzer uses), bounding each input's time and managed
/// allocation. Failures name the seed file, the mutant's index and the run seed, and save the mutant to a file.
/// </summary>
internal static class MutationCampaign
{
    /// <summary>The run seed: fixed, so CI runs the same mutants every time; <c>HASHMATCH_FUZZ_SEED</c> explores others.</summary>
    public static int RunSeed { get; } = int.TryParse(Environment.GetEnvironmentVariable("HASHMATCH_FUZZ_SEED"), out int seed) ? seed : 20_251_201;

    /// <summary>Wall-clock time one input may take (every check of the target included): generous for a shared 2-core machine.</summary>
    public static TimeSpan TimePerInput { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The seed files of <paramref name="target"/>, in ordinal order.</summary>
    public static string[] Seeds(string target) =>
        [.. Directory.GetFiles(TestData.Path($"fuzz/seeds/{target}")).Order(StringComparer.Ordinal)];

    /// <summary>What one campaign did, for the test output.</summary>
    public sealed record Outcome(int Mutants, TimeSpan Slowest, long MostAllocated, string SlowestInput);

    /// <summary>Runs <paramref name="mutantsPerSeed"/> mutants of every seed of <paramref name="target"/>; throws listing the failures.</summary>
    /// <param name="target">decoder, lists or index.</param>
    /// <param name="mutantsPerSeed">How many mutants a seed gets (by its size: larger seeds decode slower).</param>
    /// <param name="text">Use the text mutations too.</param>
    /// <param name="allocationBound">Most managed bytes one input may allocate, by its length.</param>
    public static Outcome Run(string target, Func<byte[], int> mutantsPerSeed, bool text, Func<int, long> allocationBound)
    {
        FuzzTarget fuzzTarget = FuzzTarget.All[target];
        var failures = new List<string>();
        int total = 0;
        TimeSpan slowest = TimeSpan.Zero;
        string slowestInput = "";
        long mostAllocated = 0;
        foreach (string path in Seeds(target))
        {
            byte[] seed = File.ReadAllBytes(path);
            string name = Path.GetFileName(path);
            SeedStructure structure = text ? SeedStructure.None : SeedStructure.Of(seed);
            int count = mutantsPerSeed(seed);
            for (int i = 0; i < count && failures.Count < 10; i++)
            {
                byte[] mutant = Mutator.Mutate(seed, structure, Mutator.RandomFor(RunSeed, name, i), text, out string operations);
                string? failure = RunOne(fuzzTarget, mutant, allocationBound(mutant.Length), out TimeSpan elapsed, out long allocated);
                total++;
                mostAllocated = Math.Max(mostAllocated, allocated);
                if (elapsed > slowest)
                {
                    (slowest, slowestInput) = (elapsed, $"{name} #{i}");
                }

                if (failure is not null)
                {
                    failures.Add($"{target} seed {name}, mutant {i} (HASHMATCH_FUZZ_SEED={RunSeed}; {operations}; saved as {Save(target, name, i, mutant)}): {failure}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        return new Outcome(total, slowest, mostAllocated, slowestInput);
    }

    /// <summary>Runs one input; the reason it broke the contract or a bound, or null.</summary>
    public static string? RunOne(FuzzTarget target, byte[] input, long allocationBound, out TimeSpan elapsed, out long allocated)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        string? failure = null;
        try
        {
            target.Run(input);
        }
        catch (Exception e)
        {
            failure = e.ToString();
        }

        elapsed = clock.Elapsed;
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (failure is null && elapsed > TimePerInput)
        {
            failure = $"took {elapsed.TotalMilliseconds:N0} ms, more than {TimePerInput.TotalMilliseconds:N0} ms";
        }

        if (failure is null && allocated > allocationBound)
        {
            failure = $"allocated {allocated:N0} managed bytes, more than {allocationBound:N0} for a {input.Length:N0}-byte input";
        }

        return failure;
    }

    private static string Save(string target, string seedName, int index, byte[] mutant)
    {
        string folder = Path.Combine(Path.GetTempPath(), "hashmatch-fuzz-failures", target);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"{seedName}.{RunSeed}.{index}");
        File.WriteAllBytes(path, mutant);
        return path;
    }
}
