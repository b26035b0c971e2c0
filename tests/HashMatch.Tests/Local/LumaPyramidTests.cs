using HashMatch.Imaging;
using HashMatch.Local;

namespace HashMatch.Tests.Local;

/// <summary>The pyramid's vector luma path computes what its scalar path does, and the planes have the documented sizes.</summary>
public sealed class LumaPyramidTests
{
    [Theory]
    [InlineData(0, 2)] // RGBA
    [InlineData(2, 0)] // BGRA
    public void The_vector_luma_path_agrees_with_the_scalar_path(int redAt, int blueAt)
    {
        Assert.True(System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated, "this machine has no 128-bit vectors: the vector path cannot be compared");
        var row = new byte[4 * 1027];
        new Random(11).NextBytes(row);
        row.AsSpan(0, 16).Fill(255); // the largest products
        var scalar = new int[1027];
        var vector = new int[1027];
        LumaPyramid.LumaRowScalar(row, scalar, 4, redAt, blueAt, 0);
        int done = LumaPyramid.LumaRowVector128(row, vector, redAt * 8, blueAt * 8);
        Assert.Equal(1024, done);
        LumaPyramid.LumaRowScalar(row, vector, 4, redAt, blueAt, done);
        Assert.Equal(scalar, vector);
        Assert.Equal(256 * 255, scalar[0]);
    }

    [Theory]
    [InlineData(1024, 768, 512, 384)]
    [InlineData(300, 900, 171, 512)]
    [InlineData(40, 30, 512, 384)]
    public void Level_zero_has_a_long_side_of_512_and_each_level_is_a_square_root_of_two_smaller(int width, int height, int baseWidth, int baseHeight)
    {
        var pixels = new byte[width * height * 3];
        new Random(5).NextBytes(pixels);
        using LumaPyramid pyramid = LumaPyramid.Build(new PixelBuffer(pixels, width, height, PixelFormat.Rgb24), mirrored: false);
        Assert.Equal((baseWidth, baseHeight), (pyramid.BaseWidth, pyramid.BaseHeight));
        for (int level = 1; level < LumaPyramid.LevelCount; level++)
        {
            Assert.InRange(pyramid.Width(level - 1) / (double)pyramid.Width(level), 1.38, 1.45);
        }
    }

    [Fact]
    public void A_mirrored_pyramid_is_the_mirror_image()
    {
        var pixels = new byte[640 * 480];
        new Random(6).NextBytes(pixels);
        using LumaPyramid plain = LumaPyramid.Build(new PixelBuffer(pixels, 640, 480, PixelFormat.Gray8), mirrored: false);
        using LumaPyramid mirrored = LumaPyramid.Build(new PixelBuffer(pixels, 640, 480, PixelFormat.Gray8), mirrored: true);
        int w = plain.BaseWidth;
        for (int y = 0; y < plain.BaseHeight; y += 37)
        {
            byte[] row = plain.Raw(0).Slice(y * w, w).ToArray();
            Array.Reverse(row);
            Assert.Equal(row, mirrored.Raw(0).Slice(y * w, w).ToArray());
        }
    }
}
