using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace HashMatch.Cli.Hosting;

/// <summary>
/// The AVX-512 build of the native executable (docs/packages.md). Native AOT decides <c>Avx512BW.IsSupported</c>,
/// <c>Vector512.IsHardwareAccelerated</c> and the like when it compiles, from the instruction-set baseline: the
/// executable the tool starts is compiled for x86-64-v3 (AVX2), where they are constant false, so the library's
/// AVX-512 kernels are not even in it. Beside it ships a second compile of the same code for x86-64-v4 (AVX-512
/// F/BW/CD/DQ/VL; VBMI, the eight-query kernel's, is checked at run time there). On a CPU and kernel with AVX-512 the
/// x86-64-v3 executable replaces itself with that one at start, for the commands that search an index (<c>execv</c>:
/// same process id, arguments, environment, standard streams, signals and exit code), before doing anything else.
/// </summary>
internal static partial class Avx512Executable
{
    /// <summary>The x86-64-v4 executable's name, beside the x86-64-v3 one (ToolPackages.targets).</summary>
    public const string FileName = "HashMatch.Cli.x86-64-v4";

    /// <summary>
    /// Environment switch: <c>0</c> keeps the x86-64-v3 (AVX2) build (tests, comparisons), <c>1</c> starts the AVX-512
    /// build without asking the kernel (where it predates <c>ARCH_GET_XCOMP_SUPP</c>; on a CPU without AVX-512 the
    /// runtime then stops at start). Unset or anything else: chosen by the CPU and the kernel.
    /// </summary>
    public const string Switch = "HASHMATCH_NATIVE_AVX512";

    /// <summary>
    /// The commands that search an index, where the AVX-512 build runs other code (the Hamming kernels,
    /// Indexing/HammingScan.*); <c>video</c> only as <c>video match</c>. The others (hash, index, lists, exchange,
    /// --version, --help, the commands handed to the framework-dependent build) stay in the x86-64-v3 executable: the
    /// exec costs a second runtime start (about 22 ms on the 2-core VM, docs/packages.md), and <c>index build</c>
    /// measured no faster in the AVX-512 build.
    /// </summary>
    private static readonly string[] SearchCommands = ["bench", "match", "triage", "video match"];

    /// <summary>
    /// In the x86-64-v3 native executable on a machine with AVX-512, for a command that searches an index: replaces
    /// this process with the x86-64-v4 build and does not return. Anywhere else (the framework-dependent build, the
    /// x86-64-v4 build, no AVX-512, the switch at 0, another command) it returns at once. If the x86-64-v4 build exists but cannot start, it says so on
    /// stderr and returns, and this build runs the command.
    /// </summary>
    public static void ExecIfSupported(string[] args)
    {
        // In the x86-64-v4 compile Avx512F.IsSupported is the constant true, in the x86-64-v3 one the constant false:
        // the compiler keeps this method's body only in the x86-64-v3 executable.
        if (!NativeExecutable.IsRunning || Avx512F.IsSupported || !OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return;
        }

        string? wanted = Environment.GetEnvironmentVariable(Switch);
        string[] words = [.. args.Where(a => !a.StartsWith('-')).Take(2)];
        bool searches = words.Length > 0 && (SearchCommands.Contains(words[0]) || (words.Length > 1 && SearchCommands.Contains($"{words[0]} {words[1]}")));
        if (wanted == "0" || !searches || (wanted != "1" && !MachineHasAvx512()))
        {
            return;
        }

        string path = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path))
        {
            // A publish of the x86-64-v3 build alone (the package always has both): nothing to start.
            return;
        }

        string?[] argv = [path, .. args, null];
        Execv(path, argv);

        // The error first: Console.Error's first use makes calls of its own that set it again.
        string error = Marshal.GetLastPInvokeErrorMessage();
        Console.Error.WriteLine($"warning: could not start the AVX-512 build {path} ({error}); running the AVX2 build ({Switch}=0 chooses it without this warning)");
    }

    /// <summary>Which build runs this process, for <c>hashmatch bench</c>: the JIT, or which native compile and why.</summary>
    public static string DescribeBuild() =>
        !NativeExecutable.IsRunning ? "framework-dependent (JIT: instruction sets chosen at run time)" :
        Avx512F.IsSupported ? "native, x86-64-v4 (AVX-512)" :
        Environment.GetEnvironmentVariable(Switch) == "0" ? $"native, x86-64-v3 (AVX2; {Switch}=0)" :
        !OperatingSystem.IsLinux() || !MachineHasAvx512() ? "native, x86-64-v3 (AVX2; no AVX-512 on this CPU or kernel)" :
        !File.Exists(Path.Combine(AppContext.BaseDirectory, FileName)) ? $"native, x86-64-v3 (AVX2; {FileName} is missing)" :
        "native, x86-64-v3 (AVX2)";

    /// <summary>
    /// What the .NET runtime requires of an x86-64-v4 executable, checked the same way it checks at start (its
    /// minipal_getcpufeatures): the CPU reports AVX-512 F, BW, CD, DQ and VL (CPUID leaf 7), and the operating system
    /// saves the AVX-512 registers (XCR0 bits 1, 2 and 5–7). The runtime reads XCR0 with XGETBV, which .NET cannot
    /// issue; the kernel reports the same bits through <c>arch_prctl(ARCH_GET_XCOMP_SUPP)</c> (Linux 5.16 and later;
    /// on an older kernel this answers false and the AVX2 build runs).
    /// </summary>
    internal static bool MachineHasAvx512() => CpuReportsAvx512() && KernelSavesAvx512State();

    /// <summary>CPUID: OSXSAVE, and AVX-512 F, DQ, CD, BW and VL (leaf 7, EBX bits 16, 17, 28, 30, 31).</summary>
    internal static bool CpuReportsAvx512()
    {
        if (!X86Base.IsSupported || X86Base.CpuId(0, 0).Eax < 7 || (X86Base.CpuId(1, 0).Ecx & (1 << 27)) == 0)
        {
            return false;
        }

        const int Avx512Bits = (1 << 16) | (1 << 17) | (1 << 28) | (1 << 30) | (1 << 31);
        return (X86Base.CpuId(7, 0).Ebx & Avx512Bits) == Avx512Bits;
    }

    /// <summary>The register states the kernel enables for user space include SSE, AVX, the opmasks and all of ZMM (XCR0 &amp; 0xE6).</summary>
    internal static unsafe bool KernelSavesAvx512State()
    {
        const long ArchPrctl = 158; // SYS_arch_prctl on x86-64
        const long ArchGetXcompSupp = 0x1021;
        const ulong Xmm = 1 << 1, Ymm = 1 << 2, Opmask = 1 << 5, ZmmHi256 = 1 << 6, Hi16Zmm = 1 << 7;
        const ulong Needed = Xmm | Ymm | Opmask | ZmmHi256 | Hi16Zmm;
        ulong features = 0;
        return Syscall(ArchPrctl, ArchGetXcompSupp, &features) == 0 && (features & Needed) == Needed;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static unsafe partial long Syscall(long number, long code, ulong* address);

    [LibraryImport("libc", EntryPoint = "execv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execv(string path, string?[] argv);
}
