using HashMatch.Evaluation;
using HashMatch.Local;
using SkiaSharp;

namespace HashMatch.Tests.Local;

/// <summary>
/// The index finds most cropped, rotated, resized and mirrored copies of generated pictures, and for every copy it
/// finds it estimates the geometry within the grid's resolution; distinct pictures do not match at the default threshold.
/// </summary>
public sealed class LocalIndexTests
{
    private static readonly SyntheticImageGenerator Generator = new(LocalPictures.Seed);

    /// <summary>
    /// Twelve distinct pictures of the corpus with local structure — at least 60 features; a flat or smooth picture
    /// has too few for any copy to be found, which the evaluation measures (docs/local-features.md) — and their index.
    /// </summary>
    private static readonly Lazy<(SKBitmap[] Pictures, LocalIndex Index)> Known = new(() =>
    {
        var pictures = new List<SKBitmap>();
        var signals = new List<LocalSignal>();
        foreach (int i in LocalPictures.Distinct(Generator).Where(i => Math.Min(Generator.Describe(i).Width, Generator.Describe(i).Height) >= 300))
        {
            SKBitmap picture = Generator.Generate(i);
            LocalSignal signal = LocalSignal.Compute(LocalPictures.Pixels(picture));
            if (signal.FeatureCount < 60)
            {
                picture.Dispose();
                continue;
            }

            pictures.Add(picture);
            signals.Add(signal);
            if (pictures.Count == 12)
            {
                break;
            }
        }

        return ([.. pictures], new LocalIndex(signals));
    });

    [Theory]
    [InlineData(0.10, 0.00, 0.0f, 1.0f)]   // 10 % cut from the left
    [InlineData(0.05, 0.08, 3.0f, 0.8f)]   // crop, 3° clockwise, 0.8×
    [InlineData(0.00, 0.05, -5.0f, 1.25f)] // crop from the top, 5° anticlockwise, enlarged
    public void A_crop_rotation_and_resize_are_recovered(double cutLeft, double cutTop, float degrees, float scale)
    {
        var (pictures, index) = Known.Value;
        int found = 0;
        for (int id = 0; id < pictures.Length; id++)
        {
            SKBitmap known = pictures[id];
            int left = (int)(known.Width * cutLeft), top = (int)(known.Height * cutTop);
            int width = known.Width - left - (int)(known.Width * 0.02), height = known.Height - top;
            using SKBitmap copy = LocalPictures.Copy(known, left, top, width, height, degrees, scale);
            // The geometry is the point here, so the threshold is lower than the default's (which is about false matches).
            IReadOnlyList<LocalMatch> matches = index.QueryImage(LocalPictures.Pixels(copy), new LocalMatchOptions { MinInliers = 6 });
            if (matches.Count == 0 || matches[0].Id != id)
            {
                continue;
            }

            found++;
            LocalTransform t = matches[0].Transform;
            double cell = Math.Max(known.Width, known.Height) / 128.0;
            Assert.False(t.Mirrored);
            Assert.InRange(t.Scale, 1 / scale * 0.95, 1 / scale * 1.05);
            Assert.InRange(t.RotationDegrees, -degrees - 2, -degrees + 2);
            // The query's centre maps to the crop's centre.
            double rad = t.RotationDegrees * Math.PI / 180, qx = copy.Width / 2.0, qy = copy.Height / 2.0;
            double mappedX = t.OffsetX + (t.Scale * ((Math.Cos(rad) * qx) - (Math.Sin(rad) * qy)));
            double mappedY = t.OffsetY + (t.Scale * ((Math.Sin(rad) * qx) + (Math.Cos(rad) * qy)));
            Assert.InRange(mappedX, left + (width / 2.0) - (3 * cell), left + (width / 2.0) + (3 * cell));
            Assert.InRange(mappedY, top + (height / 2.0) - (3 * cell), top + (height / 2.0) + (3 * cell));
            if (degrees == 0)
            {
                Assert.InRange(t.CropLeft, left - (3 * cell), left + (3 * cell));
                Assert.InRange(t.CropTop, top - (3 * cell), top + (3 * cell));
                Assert.InRange(t.CropRight, left + width - (3 * cell), left + width + (3 * cell));
                Assert.InRange(t.CropBottom, top + height - (3 * cell), top + height + (3 * cell));
            }
        }

        // Not all: fine text (documents, screenshots) and repeated tiles are this signal's weak spots (docs/local-features.md).
        Assert.True(found >= 6, $"{found} of {pictures.Length} copies found as the best match");
    }

    [Fact]
    public void A_mirrored_copy_is_found_as_mirrored()
    {
        var (pictures, index) = Known.Value;
        int found = 0;
        for (int id = 0; id < pictures.Length; id++)
        {
            SKBitmap known = pictures[id];
            using var mirrored = new SKBitmap(new SKImageInfo(known.Width, known.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
            using (var canvas = new SKCanvas(mirrored))
            {
                canvas.Scale(-1, 1, known.Width / 2f, 0);
                canvas.DrawBitmap(known, 0, 0, SKSamplingOptions.Default, null);
            }

            IReadOnlyList<LocalMatch> matches = index.QueryImage(LocalPictures.Pixels(mirrored));
            Assert.DoesNotContain(index.QueryImage(LocalPictures.Pixels(mirrored), new LocalMatchOptions { IncludeMirrored = false }), m => m.Id == id && m.Inliers > 40);
            if (matches.Count > 0 && matches[0].Id == id && matches[0].Transform.Mirrored)
            {
                found++;
                Assert.InRange(matches[0].Transform.Scale, 0.95, 1.05);
            }
        }

        Assert.True(found >= 7, $"{found} of {pictures.Length}");
    }

    [Fact]
    public void A_picture_matches_itself_with_every_feature_it_verifies()
    {
        var (pictures, index) = Known.Value;
        LocalSignal signal = LocalSignal.Compute(LocalPictures.Pixels(pictures[3]));
        LocalMatch best = index.Query(signal)[0];
        Assert.Equal(3, best.Id);
        // Every feature agrees with the identity, up to the cap on matches the verification considers.
        Assert.True(best.Inliers >= Math.Min(signal.FeatureCount, SimilarityRansac.MaxMatches) * 9 / 10, best.ToString());
        Assert.InRange(best.Transform.Scale, 0.99, 1.01);
        Assert.InRange(best.Transform.RotationDegrees, -0.5, 0.5);
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        var (_, index) = Known.Value;
        LocalSignal signal = LocalSignal.Compute(LocalPictures.Pixels(Known.Value.Pictures[0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Query(signal, new LocalMatchOptions { MinInliers = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Query(signal, new LocalMatchOptions { MaxDescriptorDistance = 65 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Query(signal, new LocalMatchOptions { MaxCandidates = 0 }));
    }

    [Fact]
    public void Distinct_pictures_do_not_match()
    {
        AssertNoFalseMatches(LocalPictures.Distinct(new SyntheticImageGenerator(LocalPictures.Seed)).Take(120).ToArray());
    }

    /// <summary>Indexes <paramref name="ids"/>' pictures and queries each (plain and mirrored): none may match another at the default threshold.</summary>
    internal static void AssertNoFalseMatches(int[] ids)
    {
        var generator = new SyntheticImageGenerator(LocalPictures.Seed);
        var signals = new LocalSignal[ids.Length][];
        Parallel.For(0, ids.Length, k =>
        {
            using SKBitmap picture = generator.Generate(ids[k]);
            signals[k] = [LocalSignal.Compute(LocalPictures.Pixels(picture)), LocalSignal.Compute(LocalPictures.Pixels(picture), mirrored: true)];
        });
        var index = new LocalIndex(signals.Select(s => s[0]));
        var falseMatches = new List<string>();
        int selfMatches = 0;
        for (int k = 0; k < ids.Length; k++)
        {
            foreach (LocalSignal query in signals[k])
            {
                foreach (LocalMatch m in index.Query(query))
                {
                    if (m.Id != k)
                    {
                        falseMatches.Add($"{ids[k]} ({generator.Describe(ids[k]).Family}) → {ids[m.Id]} ({generator.Describe(ids[m.Id]).Family}): {m}");
                    }
                    else
                    {
                        selfMatches++;
                    }
                }
            }
        }

        Assert.True(falseMatches.Count == 0, string.Join('\n', falseMatches));
        Assert.True(selfMatches >= ids.Length / 2, $"only {selfMatches} self-matches: the threshold would pass anything untested");
    }
}
