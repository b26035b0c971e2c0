using BenchmarkDotNet.Attributes;
using HashMatch.Imaging;
using HashMatch.Pdq;
using HashMatch.Video;

namespace HashMatch.Benchmarks;

/// <summary>
/// Video hashing (issue 17). Per frame, without decoding: vPDQ's PDQ of a whole 480×720 and 1280×720 frame, and
/// TMK's PDQF feature plus one frame folded into the kernel sums. Per file, with FFmpeg decoding (the reference clips
/// chair-19-sd-bar, 564 frames 480×720 at 30 fps, and doorknob-hd-no-bar, 120 frames 1280×720): vPDQ of every frame
/// and TMK+PDQF; also the level-2 score of two hashes.
/// </summary>
[MemoryDiagnoser]
public class VideoBenchmarks
{
    private byte[] _sd = [];
    private byte[] _hd = [];
    private byte[] _frame64 = [];
    private float[] _feature = new float[256];
    private TmkHash _a = null!, _b = null!;
    private string _chair = "", _doorknob = "";

    [GlobalSetup]
    public void Setup()
    {
        _sd = BenchmarkInputs.Pixels(480, 720, PixelFormat.Rgb24);
        _hd = BenchmarkInputs.Pixels(1280, 720, PixelFormat.Rgb24);
        _frame64 = BenchmarkInputs.Pixels(64, 64, PixelFormat.Rgb24);
        _chair = BenchmarkInputs.TestDataPath("video-reference/videos/chair-19-sd-bar.mp4");
        _doorknob = BenchmarkInputs.TestDataPath("video-reference/videos/doorknob-hd-no-bar.mp4");
        _a = TmkFile.Read(BenchmarkInputs.TestDataPath("video-reference/tmk-hashes/chair-19-sd-bar.tmk"));
        _b = TmkFile.Read(BenchmarkInputs.TestDataPath("video-reference/tmk-hashes/chair-20-sd-bar.tmk"));
    }

    [Benchmark(Description = "vPDQ frame 480x720")]
    public PdqHashResult VpdqFrameSd() => PdqFrameDct.Hash(new PixelBuffer(_sd, 480, 720, PixelFormat.Rgb24));

    [Benchmark(Description = "vPDQ frame 1280x720")]
    public PdqHashResult VpdqFrameHd() => PdqFrameDct.Hash(new PixelBuffer(_hd, 1280, 720, PixelFormat.Rgb24));

    [Benchmark(Description = "TMK frame: PDQF + kernel sums", OperationsPerInvoke = 64)]
    public int TmkFrame()
    {
        TmkAccumulator accumulator = TmkAccumulator.ForPdqf();
        for (int i = 0; i < 64; i++)
        {
            PdqfFeature.Compute(new PixelBuffer(_frame64, 64, 64, PixelFormat.Rgb24), _feature);
            accumulator.Add(_feature);
        }

        return accumulator.FrameCount;
    }

    [Benchmark(Description = "TMK level 1 + level 2")]
    public TmkScore TmkScore() => TmkScorer.Compare(_a, _b);

    [Benchmark(Description = "vPDQ file chair-19 (564 frames, every frame)")]
    public int VpdqFileSd() => VpdqHasher.HashFile(_chair, new VpdqHashOptions { SecondsPerHash = 0 }).Count;

    [Benchmark(Description = "vPDQ file doorknob (120 HD frames, every frame)")]
    public int VpdqFileHd() => VpdqHasher.HashFile(_doorknob, new VpdqHashOptions { SecondsPerHash = 0 }).Count;

    [Benchmark(Description = "TMK file chair-19")]
    public int TmkFileSd() => TmkHasher.HashFile(_chair).FrameCount;
}
