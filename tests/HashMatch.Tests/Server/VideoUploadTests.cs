using HashMatch.Server.Api;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Server;

/// <summary>
/// Which uploads <c>/v1/match</c> treats as videos: the reference clips in their containers and synthetic ones in
/// every allowed container are; images of every format the decoder reads, HEIF/AVIF files (ISO media too) and other
/// bytes are not, so image uploads go where they went before.
/// </summary>
public sealed class VideoUploadTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void Images_are_not_videos(SKEncodedImageFormat format) =>
        Assert.False(VideoUploads.IsVideo(SyntheticImages.Encode(64, 48, 1, format)));

    [Theory]
    [InlineData("heic")]
    [InlineData("mif1")]
    [InlineData("avif")]
    public void Heif_and_avif_images_are_not_videos(string brand) =>
        Assert.False(VideoUploads.IsVideo([0, 0, 0, 0x18, .. "ftyp"u8, .. System.Text.Encoding.ASCII.GetBytes(brand), 0, 0, 0, 0, .. "mif1"u8, .. "heic"u8]));

    [Fact]
    public void Short_and_unknown_bytes_are_not_videos()
    {
        Assert.False(VideoUploads.IsVideo([]));
        Assert.False(VideoUploads.IsVideo("GIF89a\x01\x00\x01\x00\x00\x00"u8));
        Assert.False(VideoUploads.IsVideo("RIFF\x10\x00\x00\x00WEBPVP8 "u8));
        Assert.False(VideoUploads.IsVideo(new byte[4096]));
    }

    [Fact]
    public void The_reference_clips_are_videos()
    {
        string[] clips = Directory.GetFiles(Path.Combine(TestData.RepositoryRoot, "testdata", "video-reference", "videos"));
        Assert.NotEmpty(clips);
        Assert.All(clips, clip => Assert.True(VideoUploads.IsVideo(File.ReadAllBytes(clip)), clip));
    }

    [Theory]
    [InlineData("clip.mp4", "libx264")]
    [InlineData("clip.mov", "libx264")]
    [InlineData("clip.mkv", "libx264")]
    [InlineData("clip.webm", "libvpx")]
    [InlineData("clip.avi", "mpeg4")]
    [InlineData("clip.flv", "flv")]
    [InlineData("clip.ts", "mpeg2video")]
    [InlineData("clip.m2ts", "mpeg2video")]
    [InlineData("clip.mpg", "mpeg2video")]
    [InlineData("clip.ogv", "libtheora")]
    [InlineData("clip.wmv", "wmv2")]
    [Trait("Cost", "Integration")]
    public void Every_allowed_container_is_a_video(string name, string codec)
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-sniff").FullName;
        try
        {
            string path = Video.SyntheticVideos.Generate(Path.Combine(folder, name), "64x48", 10, 1, "-c:v", codec, "-pix_fmt", "yuv420p");
            Assert.True(VideoUploads.IsVideo(File.ReadAllBytes(path)), name);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
