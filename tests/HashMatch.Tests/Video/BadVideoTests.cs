using System.Diagnostics;
using HashMatch.Tests.Support;
using HashMatch.Video;

namespace HashMatch.Tests.Video;

/// <summary>
/// Damaged and hostile video inputs, generated here from a reference clip: each gives a typed error naming the file,
/// in bounded time, and FFmpeg never outlives the call.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class BadVideoTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-badvideo-").FullName;
    private static readonly byte[] Clip = File.ReadAllBytes(VideoReference.VideoPath("chair-19-sd-bar"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static HashMatchException HashFails(string path, VpdqHashOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<HashMatchException>(() => VpdqHasher.HashFile(path, options ?? new VpdqHashOptions { SecondsPerHash = 0 }, TestContext.Current.CancellationToken));
        Assert.Equal(path, error.Input);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        return error;
    }

    public static TheoryData<string, int, HashMatchErrorReason> Cases => new()
    {
        { "zero.mp4", 0, HashMatchErrorReason.Empty },
        { "ftyp-only.mp4", 40, HashMatchErrorReason.Truncated },
        { "cut-in-index.mp4", 1_000, HashMatchErrorReason.Truncated },
        { "cut-in-data.mp4", 1_000_000, HashMatchErrorReason.Truncated },
        { "cut-before-end.mp4", 2_117_000, HashMatchErrorReason.Truncated },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Truncations_and_empty_files_are_typed_errors(string name, int length, HashMatchErrorReason reason)
    {
        string path = Write(name, Clip[..length]);
        Assert.Equal(reason, HashFails(path).Reason);
        Assert.Equal(reason, Assert.Throws<HashMatchException>(() => TmkHasher.HashFile(path, null, TestContext.Current.CancellationToken)).Reason);
    }

    [Fact]
    public void A_text_file_named_mp4_and_random_bytes_are_not_videos()
    {
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, HashFails(Write("notes.mp4", "These are meeting notes, not a video.\n"u8.ToArray())).Reason);
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, HashFails(Write("notes.txt", "These are meeting notes, not a video.\n"u8.ToArray())).Reason);
        var random = new byte[200_000];
        new Random(17).NextBytes(random);
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, HashFails(Write("random.mp4", random)).Reason);
    }

    [Fact]
    public void A_stream_with_flipped_bytes_is_corrupt_unless_damage_is_allowed()
    {
        byte[] damaged = (byte[])Clip.Clone();
        var random = new Random(1);
        for (int i = 0; i < 200; i++)
        {
            damaged[random.Next(30_000, damaged.Length)] = (byte)random.Next(256);
        }

        string path = Write("flipped.mp4", damaged);
        Assert.Equal(HashMatchErrorReason.Corrupt, HashFails(path).Reason);

        var tolerant = new VpdqHashOptions { SecondsPerHash = 0, DecodeOptions = VideoDecodeOptions.Default with { AllowDamaged = true } };
        Assert.InRange(VpdqHasher.HashFile(path, tolerant, TestContext.Current.CancellationToken).Count, 500, 564);
    }

    [Fact]
    public void A_missing_file_is_unreadable_and_a_directory_is_not_a_file()
    {
        Assert.Equal(HashMatchErrorReason.Unreadable, HashFails(Path.Combine(_folder, "absent.mp4")).Reason);
        Assert.Equal(HashMatchErrorReason.NotAFile, HashFails(_folder).Reason);
    }

    [Fact]
    public void A_named_pipe_is_refused_without_blocking()
    {
        string fifo = Path.Combine(_folder, "pipe.mp4");
        PosixFiles.MakeFifo(fifo);
        Assert.Equal(HashMatchErrorReason.NotAFile, HashFails(fifo).Reason);
    }

    [Fact]
    public void Limits_are_checked_from_the_probe_before_decoding()
    {
        string path = VideoReference.VideoPath("chair-19-sd-bar"); // 480×720, 564 frames, 18.8 s
        VideoDecodeOptions limits = VideoDecodeOptions.Default;
        Assert.Equal(HashMatchErrorReason.TooLarge, HashFails(path, new VpdqHashOptions { DecodeOptions = limits with { MaxFramePixels = 480 * 720 - 1 } }).Reason);
        Assert.Equal(HashMatchErrorReason.TooLarge, HashFails(path, new VpdqHashOptions { DecodeOptions = limits with { MaxDuration = TimeSpan.FromSeconds(10) } }).Reason);
        Assert.Equal(HashMatchErrorReason.TooLarge, HashFails(path, new VpdqHashOptions { DecodeOptions = limits with { MaxFrames = 100 } }).Reason);
        Assert.Equal(HashMatchErrorReason.TooLarge, Assert.Throws<HashMatchException>(() => TmkHasher.HashFile(path, new TmkHashOptions { DecodeOptions = limits with { MaxFrames = 100 } }, TestContext.Current.CancellationToken)).Reason);
    }

    [Fact]
    public void A_container_that_understates_its_length_is_stopped_at_the_frame_limit_while_decoding()
    {
        // The probe says 564 frames; a decoder whose probe is lied to must still stop at MaxFrames.
        string path = VideoReference.VideoPath("chair-19-sd-bar");
        var decoder = FfmpegVideoDecoder.Instance;
        VideoInfo info = decoder.Probe(path, VideoDecodeOptions.Default, TestContext.Current.CancellationToken) with { FrameCount = 10, Duration = null };
        var limits = VideoDecodeOptions.Default with { MaxFrames = 50 };
        int seen = 0;
        var error = Assert.Throws<HashMatchException>(() =>
        {
            foreach (VideoFrame frame in decoder.ReadFrames(path, info, VideoFrameRequest.AllFrames, limits, TestContext.Current.CancellationToken))
            {
                frame.Dispose();
                seen++;
            }
        });
        Assert.Equal(HashMatchErrorReason.TooLarge, error.Reason);
        Assert.Equal(50, seen);
    }

    [Fact]
    public void The_time_limit_stops_ffmpeg_and_is_a_typed_error()
    {
        string path = VideoReference.VideoPath("chair-22-sd-sepia-bar");
        var options = new VpdqHashOptions { SecondsPerHash = 0, DecodeOptions = VideoDecodeOptions.Default with { Timeout = TimeSpan.FromMilliseconds(300) } };
        var clock = Stopwatch.StartNew();
        HashMatchException error = HashFails(path, options);
        Assert.Equal(HashMatchErrorReason.TimedOut, error.Reason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Cancellation_stops_hashing_promptly()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => VpdqHasher.HashFile(VideoReference.VideoPath("chair-22-sd-sepia-bar"), new VpdqHashOptions { SecondsPerHash = 0 }, cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_missing_ffmpeg_is_one_error_saying_what_to_install()
    {
        var options = new VpdqHashOptions { DecodeOptions = VideoDecodeOptions.Default with { FfmpegPath = Path.Combine(_folder, "no-ffmpeg-here") } };
        HashMatchException error = HashFails(VideoReference.VideoPath("chair-19-sd-bar"), options);
        Assert.Equal(HashMatchErrorReason.DecoderUnavailable, error.Reason);
        Assert.Contains("apt-get install ffmpeg", error.Message);
    }
}
