using HashMatch.Tests.Video;
using HashMatch.Video;

namespace HashMatch.Tests.Server;

/// <summary>
/// The videos the service's video tests upload, made once per test class by FFmpeg from its synthetic sources: a
/// known video (a Mandelbrot zoom), a scaled and re-encoded copy of it in another container, an unrelated one
/// (<c>testsrc2</c>), the two one after the other, and the known video's vPDQ text and <c>.tmk</c> bytes computed
/// with the library.
/// </summary>
public sealed class VideoServerFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-server-video").FullName;

    public VideoServerFiles()
    {
        Known = SyntheticVideos.FromSource(Path.Combine(_folder, "known.mp4"), "mandelbrot=size=320x240:rate=25", 10, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        Scaled = SyntheticVideos.Convert(Known, Path.Combine(_folder, "scaled.avi"), "-vf", "scale=160:120", "-c:v", "mpeg4", "-q:v", "6");
        Other = SyntheticVideos.FromSource(Path.Combine(_folder, "other.mp4"), "testsrc2=size=320x240:rate=25", 10, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        Half = SyntheticVideos.Convert(Known, Path.Combine(_folder, "half.mp4"), "-i", Other, "-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        var text = new StringWriter();
        VpdqFile.Write(text, VpdqHasher.HashFile(Known));
        KnownVpdq = text.ToString();
        using var tmk = new MemoryStream();
        TmkFile.Write(tmk, TmkHasher.HashFile(Known));
        KnownTmk = tmk.ToArray();
    }

    public string Known { get; }

    public string Scaled { get; }

    public string Other { get; }

    /// <summary>The known video followed by the unrelated one: about half of its frames match the known video.</summary>
    public string Half { get; }

    /// <summary>The known video's vPDQ hash file, as text.</summary>
    public string KnownVpdq { get; }

    /// <summary>The known video's <c>.tmk</c> file.</summary>
    public byte[] KnownTmk { get; }

    public string KnownTmkBase64 => Convert.ToBase64String(KnownTmk);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
