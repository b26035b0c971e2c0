namespace HashMatch.Pdq;

/// <summary>
/// Finds uniform borders — padding of any colour, letterbox and pillarbox bars — around a picture
/// (one cue of <see cref="PictureLocaliser"/>, <see cref="QueryVariantKind.Region"/>). A padded copy is 100 % missed by plain PDQ at 5 % padding and more (issue 13's
/// measurements): the border shifts and squeezes the picture in PDQ's 64 × 64 grid. Trimming before a second hash
/// recovered 95–100 % of padded copies there.
/// </summary>
/// <remarks>
/// From each side inwards, a line (row or column) is border while nearly all of it (<see cref="UniformShare"/>) has
/// the side's outermost line's colour, any colour, within a tolerance taken from that line's own noise
/// (<see cref="LineColour"/>: wide enough for JPEG noise, tight for clean padding). Trimming stops at the first line that is not, and is not reported
/// when it removes almost nothing or leaves too little picture.
/// </remarks>
internal static class BorderTrim
{
    /// <summary>Share of a line's samples that must be within tolerance for the line to count as border.</summary>
    internal const double UniformShare = 0.97;

    /// <summary>Share of the first picture line's samples that must differ from the border (the step where padding ends).</summary>
    internal const double StepShare = 0.25;

    /// <summary>The picture inside the borders, or null when there are no borders worth trimming.</summary>
    public static PlaneRegion? Find(ReadOnlySpan<float> plane, PlaneLayout layout)
    {
        int rows = layout.Rows, columns = layout.Columns;
        int top = Count(plane, layout, horizontal: true, fromEnd: false, 0, columns, rows / 2);
        int bottom = Count(plane, layout, horizontal: true, fromEnd: true, 0, columns, (rows / 2) - top);
        int left = Count(plane, layout, horizontal: false, fromEnd: false, top, rows - bottom, columns / 2);
        int right = Count(plane, layout, horizontal: false, fromEnd: true, top, rows - bottom, (columns / 2) - left);
        int keptRows = rows - top - bottom, keptColumns = columns - left - right;

        // Not worth a second hash below 2 % of a side; no picture left below a quarter of one.
        bool trimmed = top + bottom >= Math.Max(2, rows / 50) || left + right >= Math.Max(2, columns / 50);
        if (!trimmed || keptRows < rows / 4 || keptColumns < columns / 4 || keptRows < PdqHasher.MinimumDimension || keptColumns < PdqHasher.MinimumDimension)
        {
            return null;
        }

        return new PlaneRegion(top, left, keptRows, keptColumns);
    }

    /// <summary>
    /// How many lines from one side are border. Rows span columns [<paramref name="from"/>, <paramref name="to"/>) when
    /// <paramref name="horizontal"/>, columns span those rows otherwise; at most <paramref name="limit"/> lines.
    /// </summary>
    private static int Count(ReadOnlySpan<float> plane, PlaneLayout layout, bool horizontal, bool fromEnd, int from, int to, int limit)
    {
        int lines = horizontal ? layout.Rows : layout.Columns;
        int length = to - from;
        if (length <= 0 || limit <= 0)
        {
            return 0;
        }

        int outermost = fromEnd ? lines - 1 : 0;
        LineColour colour = LineColour.Of(plane, layout, horizontal, outermost, from, to);

        // Lines stay border while mostly of the colour; the picture starts at the first line that is mostly not (the
        // step). JPEG rings through the 8 × 8 blocks next to the edge, so the lines just before the step may be noisy:
        // the border counts when at least half of its lines are uniform.
        int count = 0, uniform = 0;
        for (; count < limit; count++)
        {
            int line = fromEnd ? lines - 1 - count : count;
            double share = colour.ShareOf(plane, layout, horizontal, line, from, to);
            if (share <= 1 - StepShare)
            {
                return uniform * 2 >= count ? count : 0;
            }

            uniform += share >= UniformShare ? 1 : 0;
        }

        // No step within the limit: a flat picture, not a border.
        return 0;
    }
}
