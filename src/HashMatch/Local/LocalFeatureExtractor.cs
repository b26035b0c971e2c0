using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HashMatch.Imaging;

namespace HashMatch.Local;

/// <summary>
/// Pixels to local features: the <see cref="LumaPyramid"/>, FAST-9 corners on every level (<see cref="FastDetector"/>)
/// with non-maximum suppression, the strongest by the Harris measure spread over the picture, then orientation and
/// descriptor (<see cref="OrientedBrief"/>). Deterministic: integer planes, exact tests, and every tie broken by
/// level, row and column.
/// </summary>
internal static class LocalFeatureExtractor
{
    /// <summary>Corners per level kept after suppression (by FAST contrast) for the Harris measure, per feature wanted.</summary>
    private const int CandidatesPerFeature = 2;

    /// <summary>A level with more FAST corners than this per candidate kept is tested again at twice the threshold.</summary>
    private const int MaxCornersPerCandidate = 6;

    /// <summary>The picture is split into this many × this many cells for spreading features out.</summary>
    private const int SpreadCells = 4;

    /// <summary>
    /// The strongest (at most <paramref name="maxFeatures"/>) features of <paramref name="image"/>, mirrored left to
    /// right first when <paramref name="mirrored"/>, strongest first.
    /// </summary>
    public static LocalFeature[] Extract(PixelBuffer image, bool mirrored, int maxFeatures)
    {
        using LumaPyramid pyramid = LumaPyramid.Build(image, mirrored);
        List<Candidate> chosen = Choose(pyramid, maxFeatures);
        var features = new LocalFeature[chosen.Count];
        Span<ulong> descriptor = stackalloc ulong[BriefPattern.Bits / 64];
        for (int i = 0; i < chosen.Count; i++)
        {
            Candidate c = chosen[i];
            int angle = Describe(pyramid, c, descriptor);
            var (gridX, gridY) = GridCell(pyramid, c);
            features[i] = new LocalFeature(OrientedBrief.Project(descriptor), gridX, gridY, (byte)c.Level, (byte)angle);
        }

        return features;
    }

    /// <summary>The full 256-bit descriptors of the features <see cref="Extract"/> chooses, in the same order (for tests).</summary>
    internal static ulong[][] ExtractDescriptors(PixelBuffer image, bool mirrored, int maxFeatures)
    {
        using LumaPyramid pyramid = LumaPyramid.Build(image, mirrored);
        return [.. Choose(pyramid, maxFeatures).Select(c =>
        {
            var descriptor = new ulong[BriefPattern.Bits / 64];
            Describe(pyramid, c, descriptor);
            return descriptor;
        })];
    }

    /// <summary>Writes the candidate's 256-bit descriptor on its level's smoothed plane and returns its orientation bin.</summary>
    private static int Describe(LumaPyramid pyramid, Candidate c, Span<ulong> descriptor)
    {
        ReadOnlySpan<byte> smooth = pyramid.Smooth(c.Level);
        int width = pyramid.Width(c.Level);
        int angle = OrientedBrief.Orientation(smooth, width, c.X, c.Y);
        OrientedBrief.Describe(smooth, width, c.X, c.Y, angle, descriptor);
        return angle;
    }

    /// <summary>The features to describe: every level's candidates, strongest first, spread over the picture.</summary>
    private static List<Candidate> Choose(LumaPyramid pyramid, int maxFeatures)
    {
        var candidates = new List<Candidate>();
        for (int level = 0; level < LumaPyramid.LevelCount; level++)
        {
            Detect(pyramid, level, maxFeatures * CandidatesPerFeature, candidates);
        }

        candidates.Sort(StrongestFirst);
        List<Candidate> chosen = Spread(pyramid, candidates, maxFeatures);
        chosen.Sort(StrongestFirst);
        return chosen;
    }

    /// <summary>Strongest first; equal responses in level, row, column order, so the choice never depends on sort stability.</summary>
    private static int StrongestFirst(Candidate a, Candidate b)
    {
        int c = b.Response.CompareTo(a.Response);
        return c != 0 ? c : (a.Level, a.Y, a.X).CompareTo((b.Level, b.Y, b.X));
    }

    private static (byte X, byte Y) GridCell(LumaPyramid pyramid, Candidate c)
    {
        double cell = LumaPyramid.BaseSide / (double)LocalFeature.GridCells;
        double baseX = ((c.X + 0.5) * pyramid.ScaleX(c.Level)) - 0.5, baseY = ((c.Y + 0.5) * pyramid.ScaleY(c.Level)) - 0.5;
        return ((byte)Math.Clamp((int)(baseX / cell), 0, LocalFeature.GridCells - 1), (byte)Math.Clamp((int)(baseY / cell), 0, LocalFeature.GridCells - 1));
    }

    /// <summary>
    /// Takes candidates strongest first but at most an eighth of <paramref name="maxFeatures"/> from each of the
    /// 4×4 cells, then fills up with the strongest of the rest: features all over the picture survive a crop or a
    /// sticker that removes one region.
    /// </summary>
    private static List<Candidate> Spread(LumaPyramid pyramid, List<Candidate> candidates, int maxFeatures)
    {
        int cap = Math.Max(1, (maxFeatures + 7) / 8);
        var perCell = new int[SpreadCells * SpreadCells];
        var taken = new bool[candidates.Count];
        var chosen = new List<Candidate>(maxFeatures);
        for (int i = 0; i < candidates.Count && chosen.Count < maxFeatures; i++)
        {
            Candidate c = candidates[i];
            int cellX = Math.Min(SpreadCells - 1, c.X * SpreadCells / pyramid.Width(c.Level));
            int cellY = Math.Min(SpreadCells - 1, c.Y * SpreadCells / pyramid.Height(c.Level));
            int cell = (cellY * SpreadCells) + cellX;
            if (perCell[cell] < cap)
            {
                perCell[cell]++;
                taken[i] = true;
                chosen.Add(c);
            }
        }

        for (int i = 0; i < candidates.Count && chosen.Count < maxFeatures; i++)
        {
            if (!taken[i])
            {
                chosen.Add(candidates[i]);
            }
        }

        return chosen;
    }

    /// <summary>
    /// FAST corners of one level that are the local maximum of their contrast in a 3×3 neighbourhood, the
    /// <paramref name="keep"/> highest in contrast, each with its Harris measure, added to <paramref name="candidates"/>.
    /// </summary>
    private static void Detect(LumaPyramid pyramid, int level, int keep, List<Candidate> candidates)
    {
        int width = pyramid.Width(level), height = pyramid.Height(level);
        int margin = OrientedBrief.Margin;
        if (width <= 2 * margin || height <= 2 * margin)
        {
            return;
        }

        ReadOnlySpan<byte> plane = pyramid.Raw(level);
        int[] scores = ArrayPool<int>.Shared.Rent(width * height);
        byte[] row = ArrayPool<byte>.Shared.Rent(width);
        try
        {
            Span<int> score = scores.AsSpan(0, width * height);
            List<(int Contrast, int At)> local = LocalMaxima(plane, width, height, FastDetector.Threshold, keep, score, row);
            if (local.Count < keep / 2)
            {
                local = LocalMaxima(plane, width, height, FastDetector.LowThreshold, keep, score, row);
            }

            local.Sort(static (a, b) => a.Contrast != b.Contrast ? b.Contrast.CompareTo(a.Contrast) : a.At.CompareTo(b.At));
            foreach (var (_, at) in local.Take(keep))
            {
                int x = at % width, y = at / width;
                double response = HarrisResponse.At(plane, width, x, y);
                if (response > 0)
                {
                    candidates.Add(new Candidate(level, x, y, response));
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scores);
            ArrayPool<byte>.Shared.Return(row);
        }
    }

    /// <summary>
    /// FAST corners that are the maximum of their contrast in a 3×3 neighbourhood. The threshold starts at
    /// <paramref name="threshold"/> and doubles (up to twice) while the level has more than
    /// <see cref="MaxCornersPerCandidate"/> corners per candidate kept: a busy photograph has tens of thousands of weak
    /// corners, and only the strongest few hundred are used, so scoring all of them would be wasted time.
    /// </summary>
    private static List<(int Contrast, int At)> LocalMaxima(ReadOnlySpan<byte> plane, int width, int height, int threshold, int keep, Span<int> score, byte[] row)
    {
        int margin = OrientedBrief.Margin;
        var corners = new List<int>();
        for (int attempt = 0; ; attempt++)
        {
            corners.Clear();
            for (int y = margin; y < height - margin; y++)
            {
                Span<byte> marks = row.AsSpan(0, width);
                FastDetector.DetectRow(plane, width, y, margin, width - margin, threshold, marks);
                for (int x = margin; x < width - margin; x++)
                {
                    if (marks[x] != 0)
                    {
                        corners.Add((y * width) + x);
                    }
                }
            }

            if (attempt == 2 || corners.Count <= keep * MaxCornersPerCandidate || threshold * 2 > 127)
            {
                break;
            }

            threshold *= 2;
        }

        score.Clear();
        Span<int> circle = stackalloc int[16];
        for (int k = 0; k < 16; k++)
        {
            circle[k] = (FastDetector.CircleY[k] * width) + FastDetector.CircleX[k];
        }

        foreach (int at in corners)
        {
            score[at] = Contrast(plane, at, circle, threshold);
        }

        var local = new List<(int Contrast, int At)>();
        foreach (int at in corners)
        {
            if (IsLocalMaximum(score, width, at))
            {
                local.Add((score[at], at));
            }
        }

        return local;
    }

    /// <summary>How far the circle stands out from the centre: the sum of |p − c| − t over the circle pixels beyond the threshold t.</summary>
    private static int Contrast(ReadOnlySpan<byte> plane, int at, ReadOnlySpan<int> circle, int threshold)
    {
        ref byte centre = ref Unsafe.Add(ref MemoryMarshal.GetReference(plane), at);
        int c = centre, sum = 0;
        foreach (int offset in circle)
        {
            sum += Math.Max(0, Math.Abs(Unsafe.Add(ref centre, offset) - c) - threshold);
        }

        return sum;
    }

    /// <summary>Above its earlier neighbours (row-major) and at least its later ones: one winner per plateau.</summary>
    private static bool IsLocalMaximum(ReadOnlySpan<int> score, int width, int at)
    {
        int s = score[at];
        return s > score[at - width - 1] && s > score[at - width] && s > score[at - width + 1] && s > score[at - 1]
            && s >= score[at + 1] && s >= score[at + width - 1] && s >= score[at + width] && s >= score[at + width + 1];
    }

    private readonly record struct Candidate(int Level, int X, int Y, double Response);
}
