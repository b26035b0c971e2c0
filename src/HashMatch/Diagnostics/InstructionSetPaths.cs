using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using HashMatch.Indexing;
using HashMatch.Pdq;

namespace HashMatch.Diagnostics;

/// <summary>
/// Which instruction-set path each hot loop takes in this process. The choice depends on the CPU and on the
/// runtime's switches (<c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableAVX2=0</c>, <c>DOTNET_EnableHWIntrinsic=0</c>).
/// Each component reports the path it dispatches on itself, so this summary cannot drift from the code.
/// </summary>
public static class InstructionSetPaths
{
    /// <summary>The fastest vector Hamming kernel (single queries with VBMI; large radii otherwise).</summary>
    internal static HammingKernel HammingVectorKernel => HammingScan.BestVector;

    /// <summary>The kernel single queries use at <paramref name="maxDistance"/> (without VBMI: scalar POPCNT below r = 48 on x64).</summary>
    internal static HammingKernel HammingKernelFor(int maxDistance) => HammingScan.BestFor(maxDistance);

    /// <summary>Whether batches of up to eight queries share one pass with the AVX-512 many-query kernel (VBMI or BW).</summary>
    internal static bool HammingManyQueryKernel => HammingScan.ManyQueryKernelSupported;

    /// <summary>PDQ's luma conversion path.</summary>
    internal static string PdqLuma => Pdq.PdqLuma.Path;

    /// <summary>PDQ's filter passes' path.</summary>
    internal static string PdqFilter => JaroszFilter.Path;

    /// <summary>The row pass's 8×8 transposes' path.</summary>
    internal static string PdqTranspose => JaroszFilter.TransposePath;

    /// <summary>The local-feature detector's FAST test path (<c>HashMatch.Local</c>).</summary>
    internal static string LocalFast => Local.FastDetector.Path;

    /// <summary>The local-feature pyramid's luma path.</summary>
    internal static string LocalLuma => Local.LumaPyramid.Path;

    /// <summary>The instruction sets the runtime reports as usable here (after the DOTNET_Enable* switches).</summary>
    internal static IReadOnlyList<string> Supported
    {
        get
        {
            var sets = new List<string>();
            void Add(string name, bool supported)
            {
                if (supported)
                {
                    sets.Add(name);
                }
            }

            Add("SSE4.2", Sse42.IsSupported);
            Add("POPCNT", Popcnt.IsSupported);
            Add("AVX", Avx.IsSupported);
            Add("AVX2", Avx2.IsSupported);
            Add("AVX-512F", Avx512F.IsSupported);
            Add("AVX-512BW", Avx512BW.IsSupported);
            Add("AVX-512VBMI", Avx512Vbmi.IsSupported);
            Add("AdvSimd", AdvSimd.IsSupported);
            Add("AdvSimd.Arm64", AdvSimd.Arm64.IsSupported);
            Add("Dp", Dp.IsSupported);
            Add("Vector512 accelerated", Vector512.IsHardwareAccelerated);
            Add("Vector256 accelerated", Vector256.IsHardwareAccelerated);
            Add("Vector128 accelerated", Vector128.IsHardwareAccelerated);
            return sets;
        }
    }

    /// <summary>
    /// One line for logs and bug reports: architecture, instruction sets, and the path of each hot loop (the Hamming
    /// kernels, PDQ's luma conversion, filter and transposes, the local-feature detector and luma).
    /// </summary>
    public static string Describe() =>
        $"{RuntimeInformation.ProcessArchitecture}; {string.Join(' ', Supported)}; Hamming kernel {HammingVectorKernel} " +
        $"(single queries at r = {HashMatchDefaults.PdqMatchThreshold}: {HammingKernelFor(HashMatchDefaults.PdqMatchThreshold)}; " +
        $"eight-query kernel: {HammingScan.ManyQueryKernel}); " +
        $"PDQ luma {PdqLuma}, filter {PdqFilter}, transposes {PdqTranspose}; local features FAST {LocalFast}, luma {LocalLuma}";
}
