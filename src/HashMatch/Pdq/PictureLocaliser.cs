using System.Buffers;

namespace HashMatch.Pdq;

/// <summary>
/// Finds every picture-like rectangle of a query (<see cref="QueryVariantKind.Region"/>): a picture inside borders,
/// app chrome or under a caption bar, each tile of a collage, a picture over another picture, the picture of a post
/// and the next post's picture in a feed. PDQ itself is not what misses such copies — a picture's own rectangle cut
/// out exactly and hashed plainly matched 96–100 % of them in issue 23's measurement — finding the rectangle is.
/// </summary>
/// <remarks>
/// <para>
/// Rectangles come from the structure of the image, not from peeling it from the outside. On the pre-resized luma
/// plane, a sample is an edge of a horizontal line when the step to the row above is at least
/// <see cref="EdgeContrast"/> levels and no smaller than the steps just above and below it (an axis-aligned
/// non-maximum suppression, so a texture's gradients do not form lines while a picture's boundary against chrome, a
/// gutter or another photograph does); vertical lines likewise. Each row and column boundary holding a long run of
/// edge samples (gaps of a few samples bridged: a pale stretch of a picture's edge against white chrome, rounded
/// corners) is a candidate line; the strongest <see cref="MaxLines"/> of each direction and the image's own edges
/// bound the candidate rectangles. A rectangle is kept when each of its four sides is an edge along at least
/// <see cref="SideSupport"/> of its length (the image's own edges count as sides) and it covers
/// <see cref="MinAreaShare"/> of the query or more. So a grid of tiles gives each tile (and each row and column of
/// tiles), nested chrome gives the rectangle at every level, and a picture over a photograph gives its own
/// rectangle, whose sides are steps between two unrelated pictures.
/// </para>
/// <para>
/// Kept rectangles are ranked by their sides' mean support (the image's own edges count as
/// <see cref="ImageEdgeSupport"/>, so a rectangle with four drawn sides ranks above a strip between two lines) plus a
/// share of their area; one within <see cref="DuplicateOverlap"/> (intersection over union) of a better one is
/// dropped, and at most <see cref="MaxRegions"/> are returned. The rectangle inside uniform borders
/// (<see cref="BorderTrim"/>, which also finds a pale picture on padding of a near colour) comes first.
/// </para>
/// <para>
/// Failure modes: a picture whose edge has the colour of what surrounds it along more than half of a side (a white
/// document on a white page; a dark photograph's night sky against dark mode) has no side there and is not found;
/// a picture over a photograph whose edges carry little contrast against it likewise; rectangles drawn inside a
/// picture (tiles, charts, user interfaces) are found too and take places among the <see cref="MaxRegions"/> and
/// hashes of their own (more false-match chances; docs/query-variants.md gives the measured cost); a picture below
/// <see cref="MinAreaShare"/> of the query is not looked for.
/// </para>
/// </remarks>
internal static class PictureLocaliser
{
    /// <summary>At most this many rectangles per query.</summary>
    internal const int MaxRegions = 16;

    /// <summary>A rectangle covers at least this share of the query's area.</summary>
    internal const double MinAreaShare = 0.10;

    /// <summary>Luma step (of 255) for a sample to be an edge: a pale picture's edge against white chrome is still 15–20.</summary>
    internal const float EdgeContrast = 10;

    /// <summary>Share of a side's length that must be edge samples.</summary>
    internal const double SideSupport = 0.5;

    /// <summary>The support an image edge counts with when ranking (it is no evidence of a drawn boundary).</summary>
    internal const double ImageEdgeSupport = 0.7;

    /// <summary>Rectangles overlapping a better one by this intersection over union or more are the same picture.</summary>
    internal const double DuplicateOverlap = 0.85;

    /// <summary>Candidate lines per direction.</summary>
    internal const int MaxLines = 24;

    /// <summary>
    /// Picture-like rectangles of the plane, best first, at most <see cref="MaxRegions"/>; empty when the plane is
    /// too small to hold a picture beside anything else.
    /// </summary>
    public static List<PlaneRegion> Find(ReadOnlySpan<float> plane, PlaneLayout layout)
    {
        int rows = layout.Rows, columns = layout.Columns;
        var kept = new List<(PlaneRegion Region, double Score)>();
        if (rows < 4 * PdqHasher.MinimumDimension || columns < 4 * PdqHasher.MinimumDimension)
        {
            return [];
        }

        if (BorderTrim.Find(plane, layout) is { } inside)
        {
            kept.Add((inside, double.MaxValue));
        }

        // Prefix counts of edge samples: along each row boundary (horizontal lines) and each column boundary.
        int acrossLength = (rows + 1) * (columns + 1), downLength = (columns + 1) * (rows + 1);
        ushort[] rented = ArrayPool<ushort>.Shared.Rent(acrossLength + downLength);
        try
        {
            Span<ushort> across = rented.AsSpan(0, acrossLength);
            Span<ushort> down = rented.AsSpan(acrossLength, downLength);
            CountEdges(plane, layout, across, down);
            int[] tops = Lines(across, rows, columns);
            int[] lefts = Lines(down, columns, rows);
            Rectangles(across, down, rows, columns, tops, lefts, kept);
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(rented);
        }

        kept.Sort((a, b) => b.Score.CompareTo(a.Score));
        var found = new List<PlaneRegion>(MaxRegions);
        foreach (var (region, _) in kept)
        {
            if (found.Count == MaxRegions)
            {
                break;
            }

            if (!found.Exists(f => Overlap(f, region) >= DuplicateOverlap))
            {
                found.Add(region);
            }
        }

        return found;
    }

    /// <summary>Intersection over union of two rectangles.</summary>
    internal static double Overlap(PlaneRegion a, PlaneRegion b)
    {
        int w = Math.Min(a.Left + a.Columns, b.Left + b.Columns) - Math.Max(a.Left, b.Left);
        int h = Math.Min(a.Top + a.Rows, b.Top + b.Rows) - Math.Max(a.Top, b.Top);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        double both = (double)w * h;
        return both / (((double)a.Rows * a.Columns) + ((double)b.Rows * b.Columns) - both);
    }

    /// <summary>
    /// Fills the prefix counts: <paramref name="across"/>[y·(columns+1) + x] counts the edge samples of the boundary
    /// above row y among columns below x; <paramref name="down"/>[x·(rows+1) + y] those of the boundary left of
    /// column x among rows below y. Boundaries 0 and rows (columns) are the image's edges and stay zero.
    /// </summary>
    private static void CountEdges(ReadOnlySpan<float> plane, PlaneLayout layout, Span<ushort> across, Span<ushort> down)
    {
        int rows = layout.Rows, columns = layout.Columns, stride = layout.Stride;
        across.Clear();
        down.Clear();
        for (int y = 1; y < rows; y++)
        {
            ReadOnlySpan<float> above2 = y >= 2 ? plane.Slice((y - 2) * stride, columns) : default;
            ReadOnlySpan<float> above = plane.Slice((y - 1) * stride, columns);
            ReadOnlySpan<float> here = plane.Slice(y * stride, columns);
            ReadOnlySpan<float> below = y + 1 < rows ? plane.Slice((y + 1) * stride, columns) : default;
            Span<ushort> counts = across.Slice(y * (columns + 1), columns + 1);
            for (int x = 0; x < columns; x++)
            {
                float step = Math.Abs(here[x] - above[x]);
                bool edge = step >= EdgeContrast
                    && (above2.IsEmpty || step >= Math.Abs(above[x] - above2[x]))
                    && (below.IsEmpty || step >= Math.Abs(below[x] - here[x]));
                counts[x + 1] = (ushort)(counts[x] + (edge ? 1 : 0));
            }
        }

        for (int y = 0; y < rows; y++)
        {
            ReadOnlySpan<float> row = plane.Slice(y * stride, columns);
            for (int x = 1; x < columns; x++)
            {
                float step = Math.Abs(row[x] - row[x - 1]);
                bool edge = step >= EdgeContrast
                    && (x < 2 || step >= Math.Abs(row[x - 1] - row[x - 2]))
                    && (x + 1 >= columns || step >= Math.Abs(row[x + 1] - row[x]));
                int at = (x * (rows + 1)) + y;
                down[at + 1] = (ushort)(down[at] + (edge ? 1 : 0));
            }
        }
    }

    /// <summary>
    /// The candidate lines of one direction, ascending, with the image's edges (0 and <paramref name="lines"/>): the
    /// boundaries whose longest run of edge samples (gaps bridged, at least half edges) is longest, at most
    /// <see cref="MaxLines"/>, none within two of a stronger one (a step blurred over two lines gives both).
    /// </summary>
    private static int[] Lines(ReadOnlySpan<ushort> counts, int lines, int length)
    {
        int minimumRun = Math.Max(8, length / 8), gap = Math.Max(2, length / 50);
        Span<int> runs = lines <= 1024 ? stackalloc int[lines + 1] : new int[lines + 1];
        runs.Clear();
        for (int line = 2; line <= lines - 2; line++)
        {
            ReadOnlySpan<ushort> prefix = counts.Slice(line * (length + 1), length + 1);
            int start = -1, last = -1, best = 0;
            for (int i = 0; i <= length; i++)
            {
                bool edge = i < length && prefix[i + 1] != prefix[i];
                if (start >= 0 && (i == length || (!edge && i - last > gap)))
                {
                    // The run [start, last] ends: long enough and mostly edges?
                    int runLength = last + 1 - start;
                    if (runLength >= minimumRun && 2 * (prefix[last + 1] - prefix[start]) >= runLength)
                    {
                        best = Math.Max(best, runLength);
                    }

                    start = -1;
                }

                if (edge)
                {
                    start = start < 0 ? i : start;
                    last = i;
                }
            }

            runs[line] = best;
        }

        var chosen = new List<int>(MaxLines + 2) { 0, lines };
        Span<bool> taken = lines <= 1024 ? stackalloc bool[lines + 1] : new bool[lines + 1];
        taken.Clear();
        for (int pick = 0; pick < MaxLines; pick++)
        {
            int strongest = -1;
            for (int line = 2; line <= lines - 2; line++)
            {
                if (runs[line] > 0 && !taken[line] && (strongest < 0 || runs[line] > runs[strongest]))
                {
                    strongest = line;
                }
            }

            if (strongest < 0)
            {
                break;
            }

            chosen.Add(strongest);
            for (int near = Math.Max(0, strongest - 2); near <= Math.Min(lines, strongest + 2); near++)
            {
                taken[near] = true;
            }
        }

        chosen.Sort();
        return [.. chosen];
    }

    /// <summary>Every rectangle between candidate lines whose four sides are supported, scored, into <paramref name="kept"/>.</summary>
    private static void Rectangles(ReadOnlySpan<ushort> across, ReadOnlySpan<ushort> down, int rows, int columns, int[] tops, int[] lefts, List<(PlaneRegion, double)> kept)
    {
        double total = (double)rows * columns;
        int minimumRows = Math.Max(PdqHasher.MinimumDimension * 2, rows / 10), minimumColumns = Math.Max(PdqHasher.MinimumDimension * 2, columns / 10);
        for (int ti = 0; ti < tops.Length; ti++)
        {
            int top = tops[ti];
            for (int bi = ti + 1; bi < tops.Length; bi++)
            {
                int bottom = tops[bi], height = bottom - top;
                if (height < minimumRows)
                {
                    continue;
                }

                for (int li = 0; li < lefts.Length; li++)
                {
                    int left = lefts[li];
                    for (int ri = li + 1; ri < lefts.Length; ri++)
                    {
                        int right = lefts[ri], width = right - left;
                        double area = (double)width * height / total;
                        if (width < minimumColumns || area < MinAreaShare || area >= 1)
                        {
                            continue;
                        }

                        double topSupport = Support(across, columns, top, left, right, rows);
                        double bottomSupport = Support(across, columns, bottom, left, right, rows);
                        double leftSupport = Support(down, rows, left, top, bottom, columns);
                        double rightSupport = Support(down, rows, right, top, bottom, columns);
                        if (Math.Min(Math.Min(topSupport, bottomSupport), Math.Min(leftSupport, rightSupport)) < SideSupport)
                        {
                            continue;
                        }

                        double score = ((topSupport + bottomSupport + leftSupport + rightSupport) / 4) + (0.25 * area);
                        kept.Add((new PlaneRegion(top, left, height, width), score));
                    }
                }
            }
        }
    }

    /// <summary>Share of edge samples on line <paramref name="line"/> over [<paramref name="from"/>, <paramref name="to"/>); an image edge counts <see cref="ImageEdgeSupport"/>.</summary>
    private static double Support(ReadOnlySpan<ushort> counts, int length, int line, int from, int to, int lines)
    {
        if (line == 0 || line == lines)
        {
            return ImageEdgeSupport;
        }

        int at = line * (length + 1);
        return (double)(counts[at + to] - counts[at + from]) / (to - from);
    }
}
