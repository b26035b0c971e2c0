using System.Collections.Concurrent;
using HashMatch.Tests.Support;
using HashMatch.Video;

namespace HashMatch.Tests.Video;

/// <summary>
/// The 14 reference clips and their published vPDQ and TMK hashes (testdata/video-reference/PROVENANCE.md), with our
/// hashes of each clip computed once per test run and shared by the test classes.
/// </summary>
internal static class VideoReference
{
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<VpdqFrameHash>>> Vpdq = new();
    private static readonly ConcurrentDictionary<string, Lazy<TmkHash>> Tmk = new();

    /// <summary>Clip names (file names without <c>.mp4</c>), sorted.</summary>
    public static IReadOnlyList<string> Clips { get; } =
        [.. Directory.GetFiles(TestData.Path(Path.Combine("video-reference", "videos")), "*.mp4").Select(p => Path.GetFileNameWithoutExtension(p)!).Order(StringComparer.Ordinal)];

    /// <summary>Clips that have a published .tmk (all but test-padded-dimensions).</summary>
    public static IReadOnlyList<string> TmkClips { get; } = [.. Clips.Where(c => File.Exists(ReferenceTmkPath(c)))];

    public static string VideoPath(string clip) => TestData.Path(Path.Combine("video-reference", "videos", clip + ".mp4"));

    public static string ReferenceVpdqPath(string clip) => TestData.Path(Path.Combine("video-reference", "vpdq-hashes", clip + ".txt"));

    public static string ReferenceTmkPath(string clip) => TestData.Path(Path.Combine("video-reference", "tmk-hashes", clip + ".tmk"));

    /// <summary>Our vPDQ hash of every frame of the clip (as the published files hash every frame).</summary>
    public static IReadOnlyList<VpdqFrameHash> OurVpdq(string clip) =>
        Vpdq.GetOrAdd(clip, c => new Lazy<IReadOnlyList<VpdqFrameHash>>(() => VpdqHasher.HashFile(VideoPath(c), new VpdqHashOptions { SecondsPerHash = 0 }))).Value;

    /// <summary>Our TMK+PDQF hash of the clip.</summary>
    public static TmkHash OurTmk(string clip) =>
        Tmk.GetOrAdd(clip, c => new Lazy<TmkHash>(() => TmkHasher.HashFile(VideoPath(c)))).Value;
}
