using HashMatch.Video;

namespace HashMatch.Tests.Video;

/// <summary>
/// Our vPDQ hashes of the 14 reference clips against the published reference output (issue 17's targets: median
/// distance ≤ 2, ≥ 95 % of frames within 10 bits, quality identical on ≥ 95 % of frames), with frame numbers and
/// timestamps identical.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class VpdqConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Clips => [.. VideoReference.Clips];

    [Theory]
    [MemberData(nameof(Clips))]
    public void Every_frame_agrees_with_the_published_reference_hashes(string clip)
    {
        IReadOnlyList<VpdqFrameHash> expected = VpdqFile.Read(VideoReference.ReferenceVpdqPath(clip));
        IReadOnlyList<VpdqFrameHash> ours = VideoReference.OurVpdq(clip);

        Assert.Equal(expected.Count, ours.Count);
        Assert.Equal(expected.Select(f => f.FrameNumber), ours.Select(f => f.FrameNumber));
        Assert.Equal(expected.Select(f => f.Timestamp.ToString("F3")), ours.Select(f => f.Timestamp.ToString("F3")));
        int[] distances = [.. expected.Zip(ours, (e, o) => e.Hash.DistanceTo(o.Hash)).Order()];
        double median = distances.Length % 2 == 1 ? distances[distances.Length / 2] : (distances[(distances.Length / 2) - 1] + distances[distances.Length / 2]) / 2.0;
        double within10 = distances.Count(d => d <= 10) * 100.0 / distances.Length;
        double sameQuality = expected.Zip(ours).Count(p => p.First.Quality == p.Second.Quality) * 100.0 / expected.Count;
        output.WriteLine($"{clip}: {ours.Count} frames, median {median} bits, max {distances[^1]}, {within10:F1} % ≤ 10 bits, quality identical on {sameQuality:F1} %");

        Assert.True(median <= 2, $"median distance {median}");
        Assert.True(within10 >= 95, $"{within10:F1} % of frames within 10 bits");
        Assert.True(sameQuality >= 95, $"quality identical on {sameQuality:F1} % of frames");
    }

    [Fact]
    public void Our_text_file_is_the_reference_layout()
    {
        // Same clip, same lines: where hash and quality agree, our file's line is byte-identical to the reference's.
        string clip = "pattern-sd-grey-bar";
        string[] expected = File.ReadAllLines(VideoReference.ReferenceVpdqPath(clip));
        var writer = new StringWriter();
        VpdqFile.Write(writer, VideoReference.OurVpdq(clip));
        string[] ours = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Length, ours.Length);
        int identical = expected.Zip(ours).Count(p => p.First == p.Second);
        output.WriteLine($"{identical} of {expected.Length} lines byte-identical");
        Assert.True(identical >= expected.Length * 95 / 100);
        Assert.All(expected.Zip(ours), p => Assert.Equal(p.First.Split(',')[3], p.Second.Split(',')[3]));
    }
}
