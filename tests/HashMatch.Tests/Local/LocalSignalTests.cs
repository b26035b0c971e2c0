using HashMatch.Evaluation;
using HashMatch.Imaging;
using HashMatch.Local;
using SkiaSharp;

namespace HashMatch.Tests.Local;

/// <summary>Signals are deterministic, bounded, within 1 KB, and survive their stored form unchanged.</summary>
public sealed class LocalSignalTests
{
    [Fact]
    public void The_same_pixels_give_the_same_bytes()
    {
        var generator = new SyntheticImageGenerator(LocalPictures.Seed);
        foreach (int index in LocalPictures.Distinct(generator).Take(8))
        {
            using SKBitmap picture = generator.Generate(index);
            byte[] first = LocalSignal.Compute(LocalPictures.Pixels(picture)).ToBytes();
            byte[] second = LocalSignal.Compute(LocalPictures.Pixels(picture)).ToBytes();
            Assert.Equal(first, second);
        }
    }

    [Fact]
    public void Pixel_layouts_of_one_picture_give_the_same_signal()
    {
        var generator = new SyntheticImageGenerator(LocalPictures.Seed);
        using SKBitmap picture = generator.Generate(LocalPictures.Distinct(generator).First(i => generator.Describe(i).Family == ImageFamily.Shapes));
        byte[] rgba = [.. picture.GetPixelSpan()];
        byte[] bgra = (byte[])rgba.Clone();
        for (int i = 0; i < bgra.Length; i += 4)
        {
            (bgra[i], bgra[i + 2]) = (bgra[i + 2], bgra[i]);
        }

        byte[] expected = LocalSignal.Compute(new PixelBuffer(rgba, picture.Width, picture.Height, picture.RowBytes, PixelFormat.Rgba32)).ToBytes();
        Assert.Equal(expected, LocalSignal.Compute(new PixelBuffer(bgra, picture.Width, picture.Height, picture.RowBytes, PixelFormat.Bgra32)).ToBytes());
        Assert.True(LocalSignal.Parse(expected, "signal").FeatureCount > 20);
    }

    [Fact]
    public void The_full_descriptors_are_deterministic_and_project_to_the_stored_ones()
    {
        var generator = new SyntheticImageGenerator(LocalPictures.Seed);
        using SKBitmap picture = generator.Generate(LocalPictures.Distinct(generator).First(i => generator.Describe(i).Family == ImageFamily.Polygons));
        ulong[][] first = LocalFeatureExtractor.ExtractDescriptors(LocalPictures.Pixels(picture), mirrored: false, LocalSignal.MaxFeatures);
        ulong[][] second = LocalFeatureExtractor.ExtractDescriptors(LocalPictures.Pixels(picture), mirrored: false, LocalSignal.MaxFeatures);
        LocalFeature[] stored = LocalFeatureExtractor.Extract(LocalPictures.Pixels(picture), mirrored: false, LocalSignal.MaxFeatures);
        Assert.Equal(first.Length, stored.Length);
        for (int i = 0; i < first.Length; i++)
        {
            Assert.Equal(first[i], second[i]);
            Assert.Equal(stored[i].Descriptor, OrientedBrief.Project(first[i]));
        }
    }

    [Fact]
    public void Signals_round_trip_and_stay_within_1_KB()
    {
        var generator = new SyntheticImageGenerator(LocalPictures.Seed);
        Assert.True(LocalSignal.MaxEncodedLength <= 1024);
        int full = 0;
        foreach (int index in Enumerable.Range(0, 24))
        {
            using SKBitmap picture = generator.Generate(index);
            foreach (bool mirrored in new[] { false, true })
            {
                LocalSignal signal = LocalSignal.Compute(LocalPictures.Pixels(picture), mirrored);
                byte[] bytes = signal.ToBytes();
                Assert.True(bytes.Length <= LocalSignal.MaxEncodedLength);
                Assert.InRange(signal.FeatureCount, 0, LocalSignal.MaxFeatures);
                full += signal.FeatureCount == LocalSignal.MaxFeatures ? 1 : 0;
                LocalSignal read = LocalSignal.Parse(bytes, "signal");
                Assert.Equal((picture.Width, picture.Height, mirrored, signal.FeatureCount), (read.Width, read.Height, read.Mirrored, read.FeatureCount));
                Assert.Equal(signal.Features.ToArray(), read.Features.ToArray());
                Assert.Equal(bytes, read.ToBytes());
            }
        }

        Assert.True(full > 0, "no picture filled the bound: the bound was not exercised");
    }

    [Fact]
    public void A_flat_picture_has_no_features()
    {
        var pixels = new byte[64 * 48];
        Array.Fill(pixels, (byte)128);
        LocalSignal signal = LocalSignal.Compute(new PixelBuffer(pixels, 64, 48, PixelFormat.Gray8));
        Assert.Equal(0, signal.FeatureCount);
        Assert.Equal(0, LocalSignal.Parse(signal.ToBytes(), "flat").FeatureCount);
    }

    [Fact]
    public void The_pattern_is_the_documented_one()
    {
        // The seeded pattern's first tests and its spread: a change to the generator changes every stored signal.
        Assert.Equal(BriefPattern.Bits * 4, BriefPattern.Points.Length);
        Assert.All(Enumerable.Range(0, BriefPattern.Bits), i =>
        {
            int x1 = BriefPattern.Points[4 * i], y1 = BriefPattern.Points[(4 * i) + 1], x2 = BriefPattern.Points[(4 * i) + 2], y2 = BriefPattern.Points[(4 * i) + 3];
            Assert.True((x1 * x1) + (y1 * y1) <= BriefPattern.PointRadius * BriefPattern.PointRadius);
            Assert.True((x2 * x2) + (y2 * y2) <= BriefPattern.PointRadius * BriefPattern.PointRadius);
            Assert.False(x1 == x2 && y1 == y2);
        });
        Assert.All(BriefPattern.Steered, v => Assert.InRange((int)v, -(OrientedBrief.Margin - 2), OrientedBrief.Margin - 2));
        double spread = Math.Sqrt(BriefPattern.Points.Select(v => (double)v * v).Average());
        Assert.InRange(spread, 5.0, 6.5); // σ = 31/5 = 6.2, less what the radius clips
    }
}
