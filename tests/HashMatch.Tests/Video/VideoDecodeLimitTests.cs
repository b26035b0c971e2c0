using HashMatch.Video;

namespace HashMatch.Tests.Video;

/// <summary>
/// Issue 22, item 10b: the limits bound the frames and pixels FFmpeg decodes, not only the frames sampled for hashing.
/// A probe that is lied to (a container may state 1 second and hold a million frames) is simulated by handing
/// <see cref="FfmpegVideoDecoder.ReadFrames"/> a description with a smaller length or size than the file's.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class VideoDecodeLimitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-decodelimit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>300 frames of 64×48 at 30 fps (10 s).</summary>
    private string Clip() => SyntheticVideos.Generate(Path.Combine(_folder, "clip.mp4"), "64x48", 30, 10, "-c:v", "libx264", "-pix_fmt", "yuv420p");

    private static (int Seen, HashMatchException Error) ReadFails(string path, VideoInfo info, VideoFrameRequest request, VideoDecodeOptions options)
    {
        int seen = 0;
        var error = Assert.Throws<HashMatchException>(() =>
        {
            foreach (VideoFrame frame in FfmpegVideoDecoder.Instance.ReadFrames(path, info, request, options, TestContext.Current.CancellationToken))
            {
                frame.Dispose();
                seen++;
            }
        });
        Assert.Equal(path, error.Input);
        return (seen, error);
    }

    private static VideoInfo Understated(string path) =>
        FfmpegVideoDecoder.Instance.Probe(path, VideoDecodeOptions.Default, TestContext.Current.CancellationToken) with { FrameCount = 10, Duration = null };

    [Fact]
    public void Sampled_frames_do_not_hide_the_decoded_frames_from_the_frame_limit()
    {
        // One frame in 30 (vPDQ's default at 30 fps) delivers 10 frames, but FFmpeg decodes 300: over 50.
        string path = Clip();
        var limits = VideoDecodeOptions.Default with { MaxFrames = 50 };
        var (seen, error) = ReadFails(path, Understated(path), new VideoFrameRequest { FrameInterval = 30 }, limits);
        Assert.Equal(HashMatchErrorReason.TooLarge, error.Reason);
        Assert.Equal(2, seen); // frames 0 and 30 of the 50 decoded
        Assert.Contains("more than 50 frames", error.Message);
    }

    [Fact]
    public void Resampling_to_a_lower_rate_does_not_hide_the_decoded_frames_either()
    {
        // TMK-like resampling to 1 fps delivers about 10 frames of the 300 decoded.
        string path = Clip();
        var request = new VideoFrameRequest { Width = 64, Height = 64, FramesPerSecond = 1, ApplyDisplayRotation = true };
        var (_, error) = ReadFails(path, Understated(path), request, VideoDecodeOptions.Default with { MaxFrames = 50 });
        Assert.Equal(HashMatchErrorReason.TooLarge, error.Reason);
    }

    [Fact]
    public void Decoded_pixels_are_limited_from_the_probe_and_while_decoding()
    {
        string path = Clip();
        var limits = VideoDecodeOptions.Default with { MaxDecodedPixels = 64L * 48 * 100 };
        var cancel = TestContext.Current.CancellationToken;

        // The probe's 300 frames of 64×48 are over the budget: refused before FFmpeg decodes.
        var probed = Assert.Throws<HashMatchException>(() => VpdqHasher.HashFile(path, new VpdqHashOptions { DecodeOptions = limits }, cancel));
        Assert.Equal(HashMatchErrorReason.TooLarge, probed.Reason);

        // A probe lied to: decoding stops after the 100 frames the budget allows.
        var (seen, error) = ReadFails(path, Understated(path), VideoFrameRequest.AllFrames, limits);
        Assert.Equal(HashMatchErrorReason.TooLarge, error.Reason);
        Assert.Equal(100, seen);
    }

    [Fact]
    public void A_frame_larger_than_the_probe_said_is_refused_by_the_decoder()
    {
        // The stream's frames are 64×48; a description of 32×24 passes MaxFramePixels, the decoded frames do not.
        string path = Clip();
        VideoInfo small = FfmpegVideoDecoder.Instance.Probe(path, VideoDecodeOptions.Default, TestContext.Current.CancellationToken) with { Width = 32, Height = 24 };
        var (seen, error) = ReadFails(path, small, VideoFrameRequest.AllFrames, VideoDecodeOptions.Default with { MaxFramePixels = 32 * 24 });
        Assert.Equal(HashMatchErrorReason.TooLarge, error.Reason);
        Assert.Equal(0, seen);
    }

    [Fact]
    public void A_clip_within_the_limits_decodes_every_frame()
    {
        string path = Clip();
        var limits = VideoDecodeOptions.Default with { MaxFrames = 300, MaxDecodedPixels = 64L * 48 * 300 };
        Assert.Equal(300, VpdqHasher.HashFile(path, new VpdqHashOptions { SecondsPerHash = 0, DecodeOptions = limits }, TestContext.Current.CancellationToken).Count);
    }
}
