using System.Numerics;
using HashMatch.Video;

namespace HashMatch.Tests.Video;

/// <summary>
/// Issue 22, item 10c: a VP8 WebM whose stream is damaged is <see cref="HashMatchErrorReason.Corrupt"/>, and FFmpeg stops
/// at the first decoding error rather than concealing it and decoding the rest.
/// </summary>
/// <remarks>
/// The damage is placed where VP8 can detect it: 20 bytes of 0xFF over the frame tag of a frame in the middle, whose
/// first-partition size then exceeds the frame (FFmpeg's vp8.c: "Header size larger than data provided"). VP8 carries
/// no checksum, so bytes flipped inside its entropy-coded data decode to wrong pixels without any error; no FFmpeg
/// option (-xerror, -err_detect explode/crccheck, the libvpx decoder) reports them, so this test does not place them
/// there.
/// </remarks>
[Trait("Cost", "Integration")]
public sealed class CorruptVideoStreamTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-corruptvideo-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>90 frames of VP8 at 160×120, 30 fps, in WebM.</summary>
    private string CleanWebm() =>
        SyntheticVideos.Generate(Path.Combine(_folder, "clean.webm"), "160x120", 30, 3, "-c:v", "libvpx", "-b:v", "200k", "-g", "30");

    [Fact]
    public void A_vp8_webm_with_20_damaged_bytes_is_corrupt_and_decoding_stops_at_the_damage()
    {
        string clean = CleanWebm();
        byte[] bytes = File.ReadAllBytes(clean);
        List<int> frames = WebmSimpleBlockPayloads(bytes);
        Assert.Equal(90, frames.Count);
        int damagedFrame = 45;
        bytes.AsSpan(frames[damagedFrame], 20).Fill(0xFF);
        string damaged = Path.Combine(_folder, "damaged.webm");
        File.WriteAllBytes(damaged, bytes);

        var cancel = TestContext.Current.CancellationToken;
        var error = Assert.Throws<HashMatchException>(() => VpdqHasher.HashFile(damaged, new VpdqHashOptions { SecondsPerHash = 0 }, cancel));
        Assert.Equal(HashMatchErrorReason.Corrupt, error.Reason);
        Assert.Equal(damaged, error.Input);
        Assert.Contains(damaged, error.Message);

        // Frames after the damage never reach the hasher: FFmpeg stopped at the error (it used to decode all 89 others).
        VideoInfo info = FfmpegVideoDecoder.Instance.Probe(damaged, VideoDecodeOptions.Default, cancel);
        int seen = 0;
        Assert.Throws<HashMatchException>(() =>
        {
            foreach (VideoFrame frame in FfmpegVideoDecoder.Instance.ReadFrames(damaged, info, VideoFrameRequest.AllFrames, VideoDecodeOptions.Default, cancel))
            {
                frame.Dispose();
                seen++;
            }
        });
        Assert.InRange(seen, 0, damagedFrame);

        // Accepted as damaged, the other frames hash.
        var tolerant = new VpdqHashOptions { SecondsPerHash = 0, DecodeOptions = VideoDecodeOptions.Default with { AllowDamaged = true } };
        Assert.InRange(VpdqHasher.HashFile(damaged, tolerant, cancel).Count, 60, 89);
    }

    [Fact]
    public void The_error_flags_do_not_change_the_hash_of_a_clean_file()
    {
        // AllowDamaged runs FFmpeg without -xerror and -err_detect explode: both must give the same frames.
        string clean = CleanWebm();
        var cancel = TestContext.Current.CancellationToken;
        IReadOnlyList<VpdqFrameHash> strict = VpdqHasher.HashFile(clean, new VpdqHashOptions { SecondsPerHash = 0 }, cancel);
        IReadOnlyList<VpdqFrameHash> tolerant = VpdqHasher.HashFile(clean, new VpdqHashOptions { SecondsPerHash = 0, DecodeOptions = VideoDecodeOptions.Default with { AllowDamaged = true } }, cancel);
        Assert.Equal(90, strict.Count);
        Assert.Equal(tolerant, strict);
    }

    /// <summary>
    /// Offsets of the frame data of each SimpleBlock (EBML ID 0xA3) in a WebM file, walking Segment and Cluster
    /// elements (Matroska specification, RFC 9559): block header = track number (1-byte VINT) + 16-bit timecode + flags.
    /// </summary>
    private static List<int> WebmSimpleBlockPayloads(byte[] file)
    {
        var payloads = new List<int>();
        Walk(0, file.Length);
        return payloads;

        void Walk(int start, int end)
        {
            int position = start;
            while (position < end)
            {
                uint id = ReadId(file, ref position);
                long size = ReadSize(file, ref position, out bool unknown);
                int contentEnd = unknown ? end : (int)Math.Min(end, position + size);
                if (id is 0x18538067 or 0x1F43B675)
                {
                    Walk(position, contentEnd); // Segment, Cluster
                }
                else if (id == 0xA3)
                {
                    payloads.Add(position + 4);
                }

                position = contentEnd;
            }
        }
    }

    private static uint ReadId(byte[] file, ref int position)
    {
        int length = BitLength(file[position]);
        uint id = 0;
        for (int i = 0; i < length; i++)
        {
            id = (id << 8) | file[position++];
        }

        return id;
    }

    private static long ReadSize(byte[] file, ref int position, out bool unknown)
    {
        int length = BitLength(file[position]);
        long size = file[position++] & (0xFF >> length);
        long allOnes = (1L << (7 * length)) - 1;
        for (int i = 1; i < length; i++)
        {
            size = (size << 8) | file[position++];
        }

        unknown = size == allOnes;
        return size;
    }

    /// <summary>A VINT's length: one more than the number of leading zero bits of its first byte.</summary>
    private static int BitLength(byte first) => first == 0 ? 8 : BitOperations.LeadingZeroCount((uint)first) - 23;
}
