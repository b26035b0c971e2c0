using HashMatch.Hashing;
using HashMatch.Imaging;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Imaging;

/// <summary>
/// Inputs from the hostile-input audit (issue 12): truncated progressive JPEGs, non-regular files, huge claimed sizes,
/// slow progressive scans and animations — each refused with a typed error or reported, in bounded time and memory.
/// </summary>
public sealed class HostileImageTests
{
    private static readonly byte[] Progressive = File.ReadAllBytes(TestData.Path("hostile/progressive.jpg"));

    [Fact]
    public void The_progressive_test_file_is_what_it_claims()
    {
        JpegStructure jpeg = JpegStructure.Read(Progressive);
        Assert.Equal((true, 10, true), (jpeg.Progressive, jpeg.Scans, jpeg.Complete));
        Assert.Equal(100, ImageHasher.Default.HashEncoded(Progressive).Pdq.Quality);
    }

    [Fact]
    public void Every_truncation_of_a_progressive_jpeg_is_refused()
    {
        // libjpeg-turbo decodes these "successfully" from the scans present (the audit saw 75 of 98 accepted, up to
        // 82 bits off); the marker walk refuses every cut that loses the end-of-image marker.
        for (int length = 200; length < Progressive.Length - 1; length += Progressive.Length / 97)
        {
            var error = Assert.Throws<HashMatchException>(() => ImageHasher.Default.HashEncoded(Progressive.AsSpan(0, length), "cut.jpg"));
            Assert.Equal(HashMatchErrorReason.Truncated, error.Reason);
        }
    }

    [Fact]
    public void A_truncated_progressive_jpeg_hashes_when_truncation_is_allowed()
    {
        // The first half holds the early scans: the whole picture at a coarser approximation, so its hash is the
        // picture's (within PDQ's usual match distance), from an image with detail (quality well above zero) — not a
        // grey or blank frame, which an empty decode would give.
        var hasher = new ImageHasher(new ImageHasherOptions { Decode = ImageDecodeOptions.Default with { AllowTruncated = true } });
        PdqHashResult half = hasher.HashEncoded(Progressive.AsSpan(0, Progressive.Length / 2)).Pdq;
        PdqHashResult whole = ImageHasher.Default.HashEncoded(Progressive).Pdq;
        int distance = half.Hash.DistanceTo(whole.Hash);
        Assert.True(distance <= 31, $"the first half's hash is {distance} bits from the whole picture's");
        Assert.True(half.Quality >= 50, $"the first half's quality is {half.Quality}");
    }

    [Fact]
    public void Trailing_bytes_after_the_end_of_image_marker_are_accepted()
    {
        byte[] padded = [.. Progressive, .. new byte[100]];
        Assert.Equal(ImageHasher.Default.HashEncoded(Progressive).Pdq, ImageHasher.Default.HashEncoded(padded).Pdq);
    }

    [Fact]
    public void Progressive_decoding_work_is_bounded_by_scans_times_pixels()
    {
        // 10 scans of 640 × 480 = 3,072,000 scan-pixels.
        var limited = new ImageHasher(new ImageHasherOptions { Decode = ImageDecodeOptions.Default with { MaxProgressiveScanPixels = 3_000_000 } });
        var error = Assert.Throws<HashMatchException>(() => limited.HashEncoded(Progressive, "slow.jpg"));
        Assert.Equal(HashMatchErrorReason.TooLarge, error.Reason);
        Assert.Contains("10 scans", error.Message);
        var enough = new ImageHasher(new ImageHasherOptions { Decode = ImageDecodeOptions.Default with { MaxProgressiveScanPixels = 3_072_000 } });
        Assert.Equal(ImageHasher.Default.HashEncoded(Progressive).Pdq, enough.HashEncoded(Progressive).Pdq);
    }

    [Fact]
    public void Named_pipes_and_devices_are_refused_before_they_are_opened()
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-fifo").FullName;
        try
        {
            string fifo = Path.Combine(folder, "upload.jpg");
            PosixFiles.MakeFifo(fifo);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var pipe = Assert.Throws<HashMatchException>(() => ImageHasher.Default.HashFile(fifo));
            Assert.Equal(HashMatchErrorReason.NotAFile, pipe.Reason);
            Assert.Contains("named pipe", pipe.Message);
            var device = Assert.Throws<HashMatchException>(() => ImageHasher.Default.HashFile("/dev/zero"));
            Assert.Equal(HashMatchErrorReason.NotAFile, device.Reason);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), "refusing must not wait for a writer or read the device");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Reading_stops_when_cancelled()
    {
        using var endless = new EndlessStream();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var hasher = new ImageHasher(new ImageHasherOptions { MaxInputBytes = long.MaxValue });
        Assert.ThrowsAny<OperationCanceledException>(() => hasher.HashStream(endless, "endless", cancel.Token));
    }

    [Fact]
    public void An_input_limit_above_2_GiB_does_not_overflow()
    {
        var hasher = new ImageHasher(new ImageHasherOptions { MaxInputBytes = 5L << 30 });
        using var stream = new MemoryStream(Progressive);
        Assert.Equal(ImageHasher.Default.HashEncoded(Progressive).Pdq, hasher.HashStream(stream).Pdq);
    }

    [Fact]
    public void A_tiny_gif_claiming_a_huge_screen_is_refused_from_its_header()
    {
        byte[] gif = SmallGifWithScreen(30_000, 30_000);
        Assert.True(gif.Length < 100);
        // This thread's allocations only (the decode runs on it): the process-wide counter also counts every test
        // running in parallel.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<HashMatchException>(() => ImageHasher.Default.HashEncoded(gif, "bomb.gif"));
        Assert.Equal(HashMatchErrorReason.TooLarge, error.Reason);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 << 20, $"refusing the GIF allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task Concurrent_decodes_share_one_memory_budget()
    {
        var budget = new DecodeBudget(100);
        using DecodeBudget.Lease first = budget.Acquire(60);
        var second = new TaskCompletionSource<DecodeBudget.Lease>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = new Thread(() => second.SetResult(budget.Acquire(60))) { IsBackground = true, Name = "second decode" };
        waiter.Start();

        // Wait until the second acquirer either holds its lease (wrong: the budget is exceeded) or is blocked (right).
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!second.Task.IsCompleted && (waiter.ThreadState & ThreadState.WaitSleepJoin) == 0)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the second acquirer neither waited nor finished");
            Thread.Yield();
        }

        Assert.False(second.Task.IsCompleted, "a decode that would exceed the budget waits");
        Assert.Equal(60, budget.Held);
        first.Dispose();
        using DecodeBudget.Lease granted = await second.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Equal(60, budget.Held);

        // Larger than the whole budget: granted alone, once nothing else is held.
        granted.Dispose();
        using (budget.Acquire(500))
        {
            using var cancel = new CancellationTokenSource(100);
            Assert.ThrowsAny<OperationCanceledException>(() => budget.Acquire(1, cancel.Token));
        }

        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public void Animated_gifs_say_that_their_first_frame_was_hashed()
    {
        ImageHashes hashes = ImageHasher.Default.HashEncoded(AnimatedGif(frames: 3), "anim.gif");
        Assert.Equal(3, hashes.FrameCount);
        Assert.Equal(1, ImageHasher.Default.HashEncoded(Progressive).FrameCount);
    }

    /// <summary>A GIF89a of a few dozen bytes: a logical screen of the given size, one 1×1 image, trailer.</summary>
    private static byte[] SmallGifWithScreen(int width, int height) =>
    [
        .. "GIF89a"u8, (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0x80, 0, 0,
        0, 0, 0, 255, 255, 255, // two-colour global table
        0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, // image descriptor: 1×1 at 0,0
        2, 2, 0x44, 0x01, 0, // LZW minimum code size 2, one sub-block, terminator
        0x3B,
    ];

    /// <summary>A 2×2 GIF89a with <paramref name="frames"/> frames (a graphic control extension before each).</summary>
    private static byte[] AnimatedGif(int frames)
    {
        var bytes = new List<byte>();
        bytes.AddRange("GIF89a"u8.ToArray());
        bytes.AddRange([2, 0, 2, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255]);
        for (int f = 0; f < frames; f++)
        {
            bytes.AddRange([0x21, 0xF9, 4, 0, 10, 0, 0, 0]); // graphic control: 0.1 s
            bytes.AddRange([0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 2, 0x84, 0x51, 0]);
        }

        bytes.Add(0x3B);
        return [.. bytes];
    }

    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Thread.Sleep(1);
            Array.Clear(buffer, offset, count);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>
/// The process-wide decode budget, read while nothing else decodes: every test that decodes an image holds part of it,
/// so these run in a collection of their own, after the parallel ones and never beside them.
/// </summary>
[Collection(SharedDecodeBudgetCollection.Name)]
public sealed class SharedDecodeBudgetTests
{
    [Fact]
    public void Decoded_pixels_are_held_against_the_shared_budget_until_disposed()
    {
        long before = DecodeBudget.Shared.Held;
        using (DecodedImage image = DecodedImage.Allocate(1000, 1000, PixelFormat.Rgba32, 1000, 1000, "test"))
        {
            Assert.Equal(before + 4_000_000, DecodeBudget.Shared.Held);
        }

        Assert.Equal(before, DecodeBudget.Shared.Held);
    }
}

/// <summary>The collection of tests that read <see cref="DecodeBudget.Shared"/>: run alone, never beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedDecodeBudgetCollection
{
    public const string Name = "shared decode budget";
}
