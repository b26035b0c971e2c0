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
/// <see cref="ImageEdgeSupport"/>, so a rectangle with four drawn sides ranks above a strip between two lines), plus
/// how flat the lines just outside them are (<see cref="FrameWeight"/>), minus the support of a line crossing them
/// (<see cref="CrossingWeight"/>), plus a share of their area; one whose edges are all within a line of a better
/// one's is dropped, and at most <see cref="MaxRegions"/> are returned. The rectangle inside uniform borders
/// (<see cref="BorderTrim"/>, which also finds a pale picture on padding of a near colour) and the missing cell of a
/// grid of three found tiles (<see cref="CompleteGrids"/>) are candidates too.
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

    /// <summary>
    /// Luma step (of 255) for a sample to be an edge: a pale picture's edge against white chrome is still 15–20. (8
    /// and a side support of 40 % found no more pictures on the synthetic corpus, and rectangles inside textured ones.)
    /// </summary>
    internal const float EdgeContrast = 10;

    /// <summary>Share of a side's length that must be edge samples (a side against a gutter of similar luma has fewer: a chroma edge, which luma does not see).</summary>
    internal const double SideSupport = 0.5;

    /// <summary>The support an image edge counts with when ranking (it is no evidence of a drawn boundary).</summary>
    internal const double ImageEdgeSupport = 0.7;

    /// <summary>Candidate lines per direction.</summary>
    internal const int MaxLines = 40;

    /// <summary>Luma step (of 255) along a line at most, for a sample to be flat (chrome, gutters, padding).</summary>
    internal const float FlatStep = 2;

    /// <summary>Weight in a rectangle's score of how flat the lines just outside its sides are (a frame around it).</summary>
    internal const double FrameWeight = 0.5;

    /// <summary>Weight in a rectangle's score of its share of the query's area.</summary>
    internal const double AreaWeight = 0.1;

    /// <summary>
    /// Weight in a rectangle's score, taken off, of the support of a candidate line crossing it from side to side: a
    /// rectangle split by a line is two pictures (two tiles of a collage, a post and the chrome beside it) more often
    /// than one.
    /// </summary>
    internal const double CrossingWeight = 0.3;

    /// <summary>
    /// Prefix counts over the plane: <see cref="Across"/>[y·(columns+1) + x] counts the edge samples of the boundary
    /// above row y among columns below x, <see cref="Down"/>[x·(rows+1) + y] those of the boundary left of column x
    /// among rows below y; <see cref="FlatRows"/> and <see cref="FlatColumns"/> count flat samples along row y and
    /// column x the same ways.
    /// </summary>
    private readonly ref struct EdgeMaps(Span<ushort> across, Span<ushort> down, Span<ushort> flatRows, Span<ushort> flatColumns, int rows, int columns)
    {
        public Span<ushort> Across { get; } = across;

        public Span<ushort> Down { get; } = down;

        public Span<ushort> FlatRows { get; } = flatRows;

        public Span<ushort> FlatColumns { get; } = flatColumns;

        public int Rows { get; } = rows;

        public int Columns { get; } = columns;
    }

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

        // Prefix counts of edge samples along each row boundary (horizontal lines) and each column boundary, and of
        // flat samples along each row and each column.
        int length = (rows + 1) * (columns + 1);
        ushort[] rented = ArrayPool<ushort>.Shared.Rent(4 * length);
        try
        {
            var maps = new EdgeMaps(rented.AsSpan(0, length), rented.AsSpan(length, length), rented.AsSpan(2 * length, length), rented.AsSpan(3 * length, length), rows, columns);
            CountEdges(plane, layout, maps);
            int[] tops = Lines(maps.Across, rows, columns);
            int[] lefts = Lines(maps.Down, columns, rows);
            Rectangles(maps, tops, lefts, kept);

            // Inside uniform borders: also where the picture's edge is too pale against them to be a line.
            if (BorderTrim.Find(plane, layout) is { } inside)
            {
                kept.Add((inside, Score(maps, inside.Top, inside.Top + inside.Rows, inside.Left, inside.Left + inside.Columns, out _)));
            }
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(rented);
        }

        kept.Sort((a, b) => b.Score.CompareTo(a.Score));
        CompleteGrids(kept, rows, columns);
        kept.Sort((a, b) => b.Score.CompareTo(a.Score));
        var found = new List<PlaneRegion>(MaxRegions);
        foreach (var (region, _) in kept)
        {
            if (found.Count == MaxRegions)
            {
                break;
            }

            if (!found.Exists(f => Same(f, region)))
            {
                found.Add(region);
            }
        }

        return found;
    }

    /// <summary>
    /// Adds the missing cell of grids: three of the best <see cref="MaxRegions"/> rectangles of one size, one with a
    /// second beside it (same rows) and a third above or below it (same columns), are three tiles of a collage, so the
    /// cell in the second's columns and the third's rows is a tile too, whether or not its own edges show (a white
    /// chart on a white gutter). It ranks just below the weakest of the three.
    /// </summary>
    private static void CompleteGrids(List<(PlaneRegion Region, double Score)> kept, int rows, int columns)
    {
        int best = Math.Min(kept.Count, MaxRegions);
        for (int a = 0; a < best; a++)
        {
            var (corner, cornerScore) = kept[a];
            for (int b = 0; b < best; b++)
            {
                var (beside, besideScore) = kept[b];
                if (b == a || !SameSize(corner, beside) || Math.Abs(corner.Top - beside.Top) > 1 || Math.Abs(corner.Left - beside.Left) < corner.Columns)
                {
                    continue;
                }

                for (int c = 0; c < best; c++)
                {
                    var (over, overScore) = kept[c];
                    if (c == a || c == b || !SameSize(corner, over) || Math.Abs(corner.Left - over.Left) > 1 || Math.Abs(corner.Top - over.Top) < corner.Rows)
                    {
                        continue;
                    }

                    var cell = new PlaneRegion(over.Top, beside.Left, corner.Rows, corner.Columns);
                    AddCell(kept, cell, Math.Min(cornerScore, Math.Min(besideScore, overScore)) - 0.01, rows, columns);
                }
            }
        }

        static bool SameSize(PlaneRegion x, PlaneRegion y) => Math.Abs(x.Rows - y.Rows) <= 1 && Math.Abs(x.Columns - y.Columns) <= 1;
    }

    /// <summary>Adds <paramref name="cell"/> when it lies inside the plane and is not already a candidate.</summary>
    private static void AddCell(List<(PlaneRegion Region, double Score)> kept, PlaneRegion cell, double score, int rows, int columns)
    {
        if (cell.Top >= 0 && cell.Left >= 0 && cell.Top + cell.Rows <= rows && cell.Left + cell.Columns <= columns && !kept.Exists(k => Same(k.Region, cell)))
        {
            kept.Add((cell, score));
        }
    }

    /// <summary>
    /// Whether two rectangles are the same picture's: every edge within one plane line of the other's. Not more:
    /// PDQ misses a picture cut 1 % off on one side often, so rectangles a few lines apart are different queries.
    /// </summary>
    internal static bool Same(PlaneRegion a, PlaneRegion b) =>
        Math.Abs(a.Top - b.Top) <= 1 && Math.Abs(a.Left - b.Left) <= 1
        && Math.Abs(a.Top + a.Rows - b.Top - b.Rows) <= 1 && Math.Abs(a.Left + a.Columns - b.Left - b.Columns) <= 1;

    /// <summary>
    /// Fills <paramref name="maps"/>. Boundaries 0 and rows (columns) are the image's edges and count no edge samples.
    /// </summary>
    private static void CountEdges(ReadOnlySpan<float> plane, PlaneLayout layout, EdgeMaps maps)
    {
        int rows = layout.Rows, columns = layout.Columns, stride = layout.Stride;
        Span<ushort> across = maps.Across, down = maps.Down, flatRows = maps.FlatRows, flatColumns = maps.FlatColumns;
        across.Clear();
        down.Clear();
        flatRows.Clear();
        flatColumns.Clear();
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
            ReadOnlySpan<float> next = plane.Slice(Math.Min(y + 1, rows - 1) * stride, columns);
            Span<ushort> flat = flatRows.Slice(y * (columns + 1), columns + 1);
            for (int x = 1; x < columns; x++)
            {
                float step = Math.Abs(row[x] - row[x - 1]);
                bool edge = step >= EdgeContrast
                    && (x < 2 || step >= Math.Abs(row[x - 1] - row[x - 2]))
                    && (x + 1 >= columns || step >= Math.Abs(row[x + 1] - row[x]));
                int at = (x * (rows + 1)) + y;
                down[at + 1] = (ushort)(down[at] + (edge ? 1 : 0));
                flat[x + 1] = (ushort)(flat[x] + (step <= FlatStep ? 1 : 0));

                // Flatness down column x: the step from this row to the next.
                int flatAt = (x * (rows + 1)) + y;
                flatColumns[flatAt + 1] = (ushort)(flatColumns[flatAt] + (Math.Abs(next[x] - row[x]) <= FlatStep ? 1 : 0));
            }

            flat[1] = flat[0];
            flatColumns[y + 1] = flatColumns[y];
        }
    }

    /// <summary>
    /// The candidate lines of one direction, ascending, with the image's edges (0 and <paramref name="lines"/>): the
    /// boundaries with the most samples in long runs of edge samples (gaps bridged, at least half edges; a gutter's
    /// edge is a run along each tile), at most
    /// <see cref="MaxLines"/>. Neighbouring lines may both be chosen: the edge samples are already local maxima across
    /// the line, and a picture's edge and its hairline border, or a gutter's two edges, may be one line apart.
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
                        best += runLength;
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
            taken[strongest] = true;
        }

        chosen.Sort();
        return [.. chosen];
    }

    /// <summary>Every rectangle between candidate lines whose four sides are supported, scored, into <paramref name="kept"/>.</summary>
    private static void Rectangles(EdgeMaps maps, int[] tops, int[] lefts, List<(PlaneRegion, double)> kept)
    {
        int rows = maps.Rows, columns = maps.Columns;
        double total = (double)rows * columns;
        int minimumRows = Math.Max(PdqHasher.MinimumDimension * 2, rows / 10), minimumColumns = Math.Max(PdqHasher.MinimumDimension * 2, columns / 10);
        Span<double> down = stackalloc double[lefts.Length];
        for (int ti = 0; ti < tops.Length; ti++)
        {
            int top = tops[ti];
            for (int bi = ti + 1; bi < tops.Length; bi++)
            {
                int bottom = tops[bi], height = bottom - top;
                if (height < minimumRows || (double)height * columns / total < MinAreaShare)
                {
                    continue;
                }

                // Each vertical line's support over these rows, once: most lines are no side here, which prunes the pairs.
                for (int li = 0; li < lefts.Length; li++)
                {
                    down[li] = Support(maps.Down, rows, lefts[li], top, bottom, columns);
                }

                for (int li = 0; li < lefts.Length; li++)
                {
                    if (down[li] < SideSupport)
                    {
                        continue;
                    }

                    double crossingDown = 0;
                    for (int ri = li + 1; ri < lefts.Length; ri++)
                    {
                        int left = lefts[li], right = lefts[ri], width = right - left;
                        double area = (double)width * height / total;
                        if (down[ri] >= SideSupport && width >= minimumColumns && area >= MinAreaShare && area < 1)
                        {
                            double score = Score(maps, top, bottom, left, right, out double weakest);
                            if (weakest >= SideSupport)
                            {
                                double crossing = crossingDown;
                                for (int inner = ti + 1; inner < bi; inner++)
                                {
                                    crossing = Math.Max(crossing, Support(maps.Across, columns, tops[inner], left, right, rows));
                                }

                                score -= crossing >= SideSupport ? CrossingWeight * crossing : 0;
                                kept.Add((new PlaneRegion(top, left, height, width), score));
                            }
                        }

                        // Line ri crosses every wider rectangle from li.
                        crossingDown = Math.Max(crossingDown, down[ri]);
                    }
                }
            }
        }
    }

    /// <summary>
    /// A rectangle's rank: its sides' mean support, plus <see cref="FrameWeight"/> × how flat the lines just outside
    /// them are (a frame — chrome, a gutter, padding, a caption bar — is flat just outside a picture's side), plus
    /// <see cref="AreaWeight"/> × its share of the area; <paramref name="weakest"/> is its least supported side's support.
    /// </summary>
    private static double Score(EdgeMaps maps, int top, int bottom, int left, int right, out double weakest)
    {
        int rows = maps.Rows, columns = maps.Columns;
        double topSupport = Support(maps.Across, columns, top, left, right, rows);
        double bottomSupport = Support(maps.Across, columns, bottom, left, right, rows);
        double leftSupport = Support(maps.Down, rows, left, top, bottom, columns);
        double rightSupport = Support(maps.Down, rows, right, top, bottom, columns);
        weakest = Math.Min(Math.Min(topSupport, bottomSupport), Math.Min(leftSupport, rightSupport));
        double frame = Flat(maps.FlatRows, columns, top - 2, left, right, rows) + Flat(maps.FlatRows, columns, bottom + 1, left, right, rows)
            + Flat(maps.FlatColumns, rows, left - 2, top, bottom, columns) + Flat(maps.FlatColumns, rows, right + 1, top, bottom, columns);
        double area = (double)(bottom - top) * (right - left) / ((double)rows * columns);
        return ((topSupport + bottomSupport + leftSupport + rightSupport + (FrameWeight * frame)) / 4) + (AreaWeight * area);
    }

    /// <summary>Share of flat samples along line <paramref name="line"/> over [<paramref name="from"/>, <paramref name="to"/>); outside the image (an image edge) one half.</summary>
    private static double Flat(ReadOnlySpan<ushort> counts, int length, int line, int from, int to, int lines)
    {
        if (line < 0 || line >= lines)
        {
            return 0.5;
        }

        int at = line * (length + 1);
        return (double)(counts[at + to] - counts[at + from]) / (to - from);
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
