using HashMatch.Video;

namespace HashMatch.Tests.Video;

/// <summary>
/// Issue 22, item 10a: a file whose content is a playlist or list makes FFmpeg read other local videos; only
/// self-contained containers are decoded, so the hash is always the named file's.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class VideoContainerAllowListTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-allowlist-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private void AssertRefused(string path, string detectedFormat)
    {
        var cancel = TestContext.Current.CancellationToken;
        var vpdq = Assert.Throws<HashMatchException>(() => VpdqHasher.HashFile(path, null, cancel));
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, vpdq.Reason);
        Assert.Equal(path, vpdq.Input);
        Assert.Contains($"'{detectedFormat}'", vpdq.Message);
        var tmk = Assert.Throws<HashMatchException>(() => TmkHasher.HashFile(path, null, cancel));
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, tmk.Reason);
    }

    [Fact]
    public void An_hls_playlist_named_mp4_is_refused_not_hashed_as_the_video_it_names()
    {
        SyntheticVideos.Generate(Path.Combine(_folder, "other.mp4"), "64x48", 10, 2, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        string playlist = Write("x.mp4", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:2.0,\nother.mp4\n#EXT-X-ENDLIST\n");
        AssertRefused(playlist, "hls");
    }

    [Fact]
    public void An_ffconcat_list_with_relative_names_is_refused()
    {
        SyntheticVideos.Generate(Path.Combine(_folder, "other.mp4"), "64x48", 10, 2, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        string list = Write("c.mp4", "ffconcat version 1.0\nfile other.mp4\nfile other.mp4\n");
        AssertRefused(list, "concat");
    }

    [Theory]
    [InlineData("clip.mp4", "mov,mp4,m4a,3gp,3g2,mj2", "libx264")]
    [InlineData("clip.mkv", "matroska,webm", "libx264")]
    [InlineData("clip.webm", "matroska,webm", "libvpx")]
    [InlineData("clip.avi", "avi", "mpeg4")]
    [InlineData("clip.ts", "mpegts", "libx264")]
    public void Self_contained_containers_are_decoded_with_the_probed_demuxer(string name, string format, string codec)
    {
        string path = SyntheticVideos.Generate(Path.Combine(_folder, name), "64x48", 10, 2, "-c:v", codec, "-pix_fmt", "yuv420p");
        VideoInfo info = FfmpegVideoDecoder.Instance.Probe(path, VideoDecodeOptions.Default, TestContext.Current.CancellationToken);
        Assert.Equal(format, info.Format);
        Assert.InRange(VpdqHasher.HashFile(path, new VpdqHashOptions { SecondsPerHash = 0 }, TestContext.Current.CancellationToken).Count, 19, 21);
    }
}
