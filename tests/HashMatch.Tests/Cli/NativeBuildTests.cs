using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using HashMatch.Cli.Hosting;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Cli;

/// <summary>
/// The native executable's two compiles (docs/packages.md): on a machine with AVX-512 the tool runs its x86-64-v4
/// build, whose <c>bench</c> names the AVX-512 kernels, and the x86-64-v3 (AVX2) build that
/// <c>HASHMATCH_NATIVE_AVX512=0</c> forces gives byte-identical index files and matches. CI runs these against the
/// installed native executable (<c>HASHMATCH_CLI</c>, <c>.ci/run</c>); without it they run the build the tests
/// reference, in this process or as <c>dotnet HashMatch.Cli.dll</c>, where <c>DOTNET_EnableAVX512=0</c> is the
/// switch that forces the AVX2 kernels (the JIT reads it; the native executable reads only its own switch).
/// </summary>
[Trait("Cost", "Integration")]
public sealed class NativeBuildTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("hashmatch-native-build").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Bench_names_the_AVX512_kernels_on_a_CPU_with_AVX512()
    {
        HashSet<string> flags = CpuFlags();
        string[] avx512 = ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"];
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || !avx512.All(flags.Contains))
        {
            Assert.Skip($"this CPU (or its kernel) lacks some of {string.Join(' ', avx512)} in /proc/cpuinfo: the native executable runs its AVX2 build here, which the other test of this class compares");
        }

        var (code, stdout, stderr) = await CliRunner.RunAsync(["bench", "--entries", "20000", "--seconds", "0.05"]);
        Assert.True(code == 0, stderr);

        // .NET's AVX512v2 group (Avx512Vbmi.IsSupported) is VBMI with IFMA; without them the nibble-table kernel runs.
        bool vbmi = flags.Contains("avx512vbmi") && flags.Contains("avx512ifma");
        Assert.Contains(vbmi ? "eight-query kernel: AVX-512VBMI" : "eight-query kernel: AVX-512BW", stdout);
        Assert.Contains(vbmi ? "Hamming kernel Avx512Vbmi " : "Hamming kernel Avx512 ", stdout);
        Assert.Contains(CliRunner.Executable is null ? "build: framework-dependent" : "build: native, x86-64-v4 (AVX-512)", stdout);
    }

    [Fact]
    public async Task The_AVX2_build_forced_by_the_switch_gives_identical_index_files_and_matches()
    {
        // 5,000 entries make a multi-index (16×16) file; 1,500 stay a linear scan, which takes a query's eight
        // dihedral hashes (its turned variants) through the eight-query kernel. Each of the eight is an entry with
        // 0–40 bits flipped, so distances fall on both sides of the threshold (31).
        var random = new Random(25);
        string[] known = [.. Enumerable.Range(0, 5_000).Select(_ => Hex(random, 32))];
        File.WriteAllLines(Path.Combine(_work, "known.csv"), ["id,md5,pdq,quality", .. known.Select((pdq, i) => $"e{i},{Hex(random, 16)},{pdq},100")]);
        File.WriteAllLines(Path.Combine(_work, "small.csv"), ["id,md5,pdq,quality", .. known.Take(1_500).Select((pdq, i) => $"s{i},{Hex(random, 16)},{pdq},100")]);
        var queries = new List<string> { "path\tmd5\tpdq\tquality\tpdq_rot90\tpdq_rot180\tpdq_rot270\tpdq_flipx\tpdq_flipy\tpdq_flipplus1\tpdq_flipminus1" };
        for (int q = 0; q < 200; q++)
        {
            string[] hashes = [.. Enumerable.Range(0, 8).Select(_ => Flip(random, known[random.Next(1_500)], random.Next(41)))];
            queries.Add($"q{q}.jpg\t{Hex(random, 16)}\t{hashes[0]}\t100\t{string.Join('\t', hashes[1..])}");
        }

        File.WriteAllLines(Path.Combine(_work, "queries.tsv"), queries);

        (string Bench, string Matches) Outputs(string label, Dictionary<string, string> environment)
        {
            string bench = Run(environment, "bench", "--entries", "20000", "--seconds", "0.05");
            // The same file name in a folder of each: match names the list after the index file.
            Directory.CreateDirectory(Path.Combine(_work, label));
            Run(environment, "index", "build", "--list", "known.csv", "--out", $"{label}/known.hmidx", "--progress", "none");
            string fromIndex = Run(environment, "match", "--index", $"{label}/known.hmidx", "--hashes", "queries.tsv", "--variants", "pixel-dihedral", "--quiet");
            string fromList = Run(environment, "match", "--list", "small.csv", "--hashes", "queries.tsv", "--variants", "pixel-dihedral", "--quiet");
            Assert.True(fromList.Split('\n').Length > 1_000, $"{label}: {fromList.Split('\n').Length} lines from the linear scan");
            return (bench, fromIndex + "--\n" + fromList);
        }

        var automatic = Outputs("automatic", []);
        var forced = Outputs("forced", new() { [Avx512Executable.Switch] = "0", ["DOTNET_EnableAVX512"] = "0" });

        Assert.Contains("eight-query kernel: none", forced.Bench);
        if (CliRunner.Executable is not null)
        {
            Assert.Contains($"build: native, x86-64-v3 (AVX2; {Avx512Executable.Switch}=0)", forced.Bench);
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(_work, "automatic", "known.hmidx")), File.ReadAllBytes(Path.Combine(_work, "forced", "known.hmidx")));
        Assert.Equal(automatic.Matches, forced.Matches);
        Assert.Contains("\t31\t", automatic.Matches);
    }

    /// <summary>Runs the CLI as a process (the native executable when HASHMATCH_CLI names it) with extra environment; returns stdout.</summary>
    private string Run(Dictionary<string, string> environment, params string[] args)
    {
        ProcessStartInfo start = CliRunner.ProcessStart(args);
        start.WorkingDirectory = _work;
        start.StandardOutputEncoding = Encoding.UTF8;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), $"hashmatch {string.Join(' ', args)} did not finish in 2 minutes");
        Assert.True(process.ExitCode == 0, $"hashmatch {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>The CPU flags the kernel reports (the first processor's line of /proc/cpuinfo); empty elsewhere.</summary>
    private static HashSet<string> CpuFlags()
    {
        string? line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) : null;
        return line is null ? [] : [.. line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static string Hex(Random random, int bytes)
    {
        byte[] value = new byte[bytes];
        random.NextBytes(value);
        return Convert.ToHexStringLower(value);
    }

    /// <summary><paramref name="hex"/> (a 256-bit hash) with <paramref name="bits"/> distinct bits flipped.</summary>
    private static string Flip(Random random, string hex, int bits)
    {
        byte[] hash = Convert.FromHexString(hex);
        foreach (int bit in Enumerable.Range(0, 256).OrderBy(_ => random.Next()).Take(bits))
        {
            hash[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        return Convert.ToHexStringLower(hash);
    }
}
