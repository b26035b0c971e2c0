using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using HashMatch.Diagnostics;
using HashMatch.Indexing;

namespace HashMatch.Tests.Diagnostics;

/// <summary>
/// The dispatcher picks the path the runtime configuration allows, so a run with an instruction set switched off
/// really exercises the fallback (and a silent fallback on a capable CPU fails). <c>.ci/run</c> runs the hashing and
/// index tests again with <c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableAVX2=0</c> and
/// <c>DOTNET_EnableHWIntrinsic=0</c>, setting <c>HASHMATCH_EXPECT_KERNEL</c> to the kernel each must choose, and
/// under ARM64 emulation with <c>HASHMATCH_EXPECT_KERNEL=AdvSimd</c>.
/// </summary>
public sealed class KernelDispatchTests(ITestOutputHelper output)
{
    [Fact]
    public void The_hamming_kernel_is_the_one_the_configuration_allows()
    {
        output.WriteLine(InstructionSetPaths.Describe());
        HammingKernel chosen = InstructionSetPaths.HammingVectorKernel;
        if (Environment.GetEnvironmentVariable("HASHMATCH_EXPECT_KERNEL") is { Length: > 0 } expected)
        {
            Assert.Equal(Enum.Parse<HammingKernel>(expected, ignoreCase: true), chosen);
        }

        bool off(string name) => Environment.GetEnvironmentVariable(name) == "0";
        HammingKernel implied = RuntimeInformation.ProcessArchitecture switch
        {
            _ when off("DOTNET_EnableHWIntrinsic") => HammingKernel.Scalar,
            Architecture.Arm64 => HammingKernel.AdvSimd,
            Architecture.X64 when off("DOTNET_EnableAVX2") => HammingKernel.Scalar,
            Architecture.X64 when off("DOTNET_EnableAVX512") => Avx2.IsSupported ? HammingKernel.Avx2 : HammingKernel.Scalar,
            Architecture.X64 when Avx512Vbmi.IsSupported && !off("DOTNET_EnableAVX512v2") => HammingKernel.Avx512Vbmi,
            Architecture.X64 => Avx512BW.IsSupported ? HammingKernel.Avx512 : Avx2.IsSupported ? HammingKernel.Avx2 : HammingKernel.Scalar,
            _ => HammingKernel.Scalar,
        };
        Assert.Equal(implied, chosen);
        Assert.True(HammingScan.IsSupported(chosen));
    }

    [Fact]
    public void The_eight_query_kernel_is_the_one_the_configuration_allows()
    {
        // VBMI belongs to .NET's AVX512v2 group (DOTNET_EnableAVX512v2=0 leaves AVX-512BW on): that run covers the
        // nibble-table fallback that CPUs such as Skylake-X take.
        string chosen = HammingScan.ManyQueryKernel;
        if (Environment.GetEnvironmentVariable("HASHMATCH_EXPECT_MANY_KERNEL") is { Length: > 0 } expected)
        {
            Assert.Equal(expected, chosen);
        }

        bool off(string name) => Environment.GetEnvironmentVariable(name) == "0";
        string implied =
            RuntimeInformation.ProcessArchitecture != Architecture.X64 || off("DOTNET_EnableHWIntrinsic") || off("DOTNET_EnableAVX2") || off("DOTNET_EnableAVX512") ? "none" :
            Avx512Vbmi.IsSupported && !off("DOTNET_EnableAVX512v2") ? "AVX-512VBMI" :
            Avx512BW.IsSupported ? "AVX-512BW" : "none";
        Assert.Equal(implied, chosen);
        Assert.Equal(chosen != "none", InstructionSetPaths.HammingManyQueryKernel);
    }

    [Fact]
    public void Single_queries_use_the_vbmi_kernel_or_scalar_popcount_below_the_vector_radius_on_x64_and_the_vector_kernel_elsewhere()
    {
        HammingKernel small = InstructionSetPaths.HammingKernelFor(31), large = InstructionSetPaths.HammingKernelFor(HammingScan.VectorRadius);
        Assert.Equal(InstructionSetPaths.HammingVectorKernel, large);
        bool vbmi = InstructionSetPaths.HammingVectorKernel == HammingKernel.Avx512Vbmi;
        Assert.Equal(Popcnt.X64.IsSupported && !vbmi ? HammingKernel.Scalar : InstructionSetPaths.HammingVectorKernel, small);
    }

    [Fact]
    public void Every_pdq_step_takes_the_path_the_configuration_allows()
    {
        // What to expect comes from the configuration and the CPU's own flags (/proc/cpuinfo), not from the runtime's
        // IsSupported properties the dispatcher reads: a step that silently falls back to scalar on a capable CPU fails.
        bool off(string name) => Environment.GetEnvironmentVariable(name) == "0";
        (string Luma, string Filter, string Transpose) paths = (InstructionSetPaths.PdqLuma, InstructionSetPaths.PdqFilter, InstructionSetPaths.PdqTranspose);
        if (off("DOTNET_EnableHWIntrinsic"))
        {
            Assert.Equal(("scalar", "scalar", "scalar"), paths);
            Assert.False(InstructionSetPaths.HammingManyQueryKernel);
            return;
        }

        if (RuntimeInformation.ProcessArchitecture == Architecture.X64 && !off("DOTNET_EnableAVX") && !off("DOTNET_EnableAVX2") && CpuFlags().Contains("avx2"))
        {
            Assert.Equal(("Vector256", "Vector<float> × 8", "AVX"), paths);
            return;
        }

        // Narrower vectors (SSE on x64 with AVX2 off, AdvSimd on ARM64) still carry the filter passes.
        Assert.StartsWith("Vector<float> × ", paths.Filter, StringComparison.Ordinal);
    }

    /// <summary>The instruction-set flags of the first CPU in /proc/cpuinfo (empty where there is none).</summary>
    private static HashSet<string> CpuFlags()
    {
        string? flags = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) : null;
        return flags is null ? [] : [.. flags[(flags.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }
}
