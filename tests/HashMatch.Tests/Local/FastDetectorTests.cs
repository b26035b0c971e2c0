using HashMatch.Evaluation;
using HashMatch.Local;
using SkiaSharp;

namespace HashMatch.Tests.Local;

/// <summary>The FAST-9 test's vector path marks exactly the pixels its scalar path marks, and both find real corners.</summary>
public sealed class FastDetectorTests
{
    public static TheoryData<int> Thresholds() => [FastDetector.Threshold, FastDetector.LowThreshold, 1, 254];

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void The_vector_path_agrees_with_the_scalar_path_on_noise(int threshold)
    {
        const int Width = 131, Height = 40;
        var plane = new byte[Width * Height];
        new Random(7).NextBytes(plane);
        AssertPathsAgree(plane, Width, Height, threshold);
    }

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void The_vector_path_agrees_with_the_scalar_path_on_pictures(int threshold)
    {
        var generator = new SyntheticImageGenerator(LocalPictures.Seed);
        foreach (int index in LocalPictures.Distinct(generator).Take(6))
        {
            using SKBitmap picture = generator.Generate(index);
            using SKBitmap gray = new(new SKImageInfo(picture.Width, picture.Height, SKColorType.Gray8, SKAlphaType.Opaque));
            Assert.True(picture.ScalePixels(gray, SKSamplingOptions.Default));
            byte[] plane = [.. gray.GetPixelSpan()];
            Assert.Equal(gray.Width * gray.Height, plane.Length);
            AssertPathsAgree(plane, gray.Width, gray.Height, threshold);
        }
    }

    [Fact]
    public void A_bright_square_on_black_has_its_four_corners_and_no_edge_midpoints()
    {
        const int Size = 40;
        var plane = new byte[Size * Size];
        for (int y = 10; y < 30; y++)
        {
            plane.AsSpan((y * Size) + 10, 20).Fill(200);
        }

        var corners = new HashSet<(int, int)>();
        var marks = new byte[Size];
        for (int y = 3; y < Size - 3; y++)
        {
            FastDetector.DetectRow(plane, Size, y, 3, Size - 3, FastDetector.Threshold, marks);
            for (int x = 3; x < Size - 3; x++)
            {
                if (marks[x] != 0)
                {
                    corners.Add((x, y));
                }
            }
        }

        Assert.Contains((10, 10), corners);
        Assert.Contains((29, 10), corners);
        Assert.Contains((10, 29), corners);
        Assert.Contains((29, 29), corners);
        Assert.DoesNotContain((20, 10), corners);
        Assert.DoesNotContain((10, 20), corners);
        Assert.DoesNotContain((20, 20), corners);
    }

    [Theory]
    [InlineData(0b0000_0001_1111_1111u, true)]
    [InlineData(0b0000_0000_1111_1111u, false)]
    [InlineData(0b1111_1000_0000_1111u, true)] // wraps past the top
    [InlineData(0b1111_0000_0000_1111u, false)]
    [InlineData(0b0101_0101_0101_0101u, false)]
    [InlineData(0xFFFFu, true)]
    public void The_arc_test_counts_contiguous_pixels_around_the_circle(uint mask, bool expected) =>
        Assert.Equal(expected, FastDetector.HasArc(mask));

    private static void AssertPathsAgree(byte[] plane, int width, int height, int threshold)
    {
        Assert.True(System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated, "this machine has no 128-bit vectors: the vector path cannot be compared");
        var scalar = new byte[width];
        var vector = new byte[width];
        int marked = 0;
        for (int y = 3; y < height - 3; y++)
        {
            Array.Fill(scalar, (byte)9);
            Array.Fill(vector, (byte)9);
            FastDetector.DetectRowScalar(plane, width, y, 3, width - 3, threshold, scalar);
            int done = FastDetector.DetectRowVector128(plane, width, y, 3, width - 3, threshold, vector);
            FastDetector.DetectRowScalar(plane, width, y, done, width - 3, threshold, vector);
            Assert.True(done > 3 || width - 6 < 16);
            Assert.Equal(scalar, vector);
            marked += scalar.Count(b => b == 1);
        }

        Assert.True(threshold == 254 || marked > 0, "no corner at all: the comparison would prove nothing");
    }
}
