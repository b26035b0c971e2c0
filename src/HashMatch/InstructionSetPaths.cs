using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace HashMatch;

/// <summary>
/// Which instruction-set path each hot loop takes in this process. The choice depends on the CPU and on the
/// runtime's switches (<c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableAVX2=0</c>, <c>DOTNET_EnableHWIntrinsic=0</c>),
/// so tests assert it under each setting and <c>hashmatch bench</c> prints it.
/// </summary>
public static class InstructionSetPaths
{
    /// <summary>The fastest vector Hamming kernel (single queries with VBMI; large radii otherwise).</summary>
    public static HammingKernel HammingVectorKernel => HammingScan.BestVector;

    /// <summary>The kernel single queries use at <paramref name="maxDistance"/> (without VBMI: scalar POPCNT below r = 48 on x64).</summary>
    public static HammingKernel HammingKernelFor(int maxDistance) => HammingScan.BestFor(maxDistance);

    /// <summary>Whether batches of up to eight queries share one pass with the AVX-512 many-query kernel (VBMI or BW byte counts).</summary>
    public static bool HammingManyQueryKernel => HammingScan.ManyQueryKernelSupported;

    /// <summary>PDQ's luma conversion: 256-bit vectors, or one pixel at a time.</summary>
    public static string PdqLuma => Vector256.IsHardwareAccelerated ? "Vector256" : "scalar";

    /// <summary>PDQ's filter passes: <see cref="Vector{T}"/> of floats, or scalar.</summary>
    public static string PdqFilter => Vector.IsHardwareAccelerated ? $"Vector<float> × {Vector<float>.Count}" : "scalar";

    /// <summary>The row pass's 8×8 transposes: AVX, or scalar.</summary>
    public static string PdqTranspose => Avx.IsSupported ? "AVX" : "scalar";

    /// <summary>The instruction sets the runtime reports as usable here (after the DOTNET_Enable* switches).</summary>
    public static IReadOnlyList<string> Supported
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

    /// <summary>One line: architecture, instruction sets, and the path of each hot loop.</summary>
    public static string Describe() =>
        $"{RuntimeInformation.ProcessArchitecture}; {string.Join(' ', Supported)}; Hamming kernel {HammingVectorKernel} " +
        $"(single queries at r = 31: {HammingKernelFor(31)}; eight-query kernel: {HammingScan.ManyQueryKernel}); " +
        $"PDQ luma {PdqLuma}, filter {PdqFilter}, transposes {PdqTranspose}";
}
