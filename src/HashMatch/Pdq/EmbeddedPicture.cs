namespace HashMatch.Pdq;

/// <summary>
/// Finds the picture inside a frame of chrome (<see cref="QueryVariantKind.Embedded"/>): a picture posted inside app
/// chrome (title bar, panels, lines of text), a picture with caption bars above or below, a meme template. Plain PDQ
/// misses such copies entirely (issue 13: caption bars ≥ 99.6 %, screenshots 100 % missed at threshold 31).
/// </summary>
/// <remarks>
/// <para>
/// Method, on the pre-resized luma plane: chrome is peeled off side by side, like <see cref="BorderTrim"/> but
/// tolerant of text. A side's chrome colour is the most common colour of its outermost line, with a tolerance taken
/// from how tightly that line's samples cluster (<see cref="LineColour"/>); a line is chrome while at least <see cref="ChromeShare"/> of it has that colour — text
/// and thin rules on a bar leave most of each line at the bar's colour — and peeling stops at a step, a line where
/// the colour's share falls to below <see cref="StepRatio"/> of the last lines' (the picture's edge; a gradual fall
/// is a flat picture fading into detail, and leaves the side alone). Top and bottom go first (bars span the
/// width), then left and right over the rows that remain; the whole round repeats up to three times, so nested chrome
/// of different colours (a title bar, then a page) comes off layer by layer.
/// </para>
/// <para>
/// Failure modes: a picture whose edge has the chrome's colour (a document on a white page inside a white UI, a
/// drawing on a flat background the colour of the bar) is cut at its own content or not separated at all; chrome
/// without a dominant colour (a photograph as background, dense text) is not peeled; two pictures side by side come
/// out together; chrome covering less than 4 % of the frame is ignored (a plain image), and a picture below 10 % of it
/// is not reported.
/// </para>
/// </remarks>
internal static class EmbeddedPicture
{
    /// <summary>Share of a line at the chrome colour for the line to be chrome.</summary>
    internal const double ChromeShare = 0.4;

    /// <summary>
    /// The picture's edge is a line where the chrome colour's share is below this fraction of the last chrome lines'
    /// (a step); a line below <see cref="ChromeShare"/> without a step leaves the side alone.
    /// </summary>
    internal const double StepRatio = 0.6;

    /// <summary>Floor of the chrome colour's tolerance: JPEG rings around text on chrome by up to about 8 levels.</summary>
    internal const float TextTolerance = 9;

    private const int Rounds = 3;

    /// <summary>The picture region, or null when the frame has no chrome around a picture.</summary>
    public static PlaneRegion? Find(ReadOnlySpan<float> plane, PlaneLayout layout)
    {
        int top = 0, bottom = layout.Rows, left = 0, right = layout.Columns;
        for (int round = 0; round < Rounds; round++)
        {
            int before = top + (layout.Rows - bottom) + left + (layout.Columns - right);
            top += Peel(plane, layout, horizontal: true, top, +1, left, right, (bottom - top) / 2);
            bottom -= Peel(plane, layout, horizontal: true, bottom - 1, -1, left, right, (bottom - top) / 2);
            left += Peel(plane, layout, horizontal: false, left, +1, top, bottom, (right - left) / 2);
            right -= Peel(plane, layout, horizontal: false, right - 1, -1, top, bottom, (right - left) / 2);
            if (top + (layout.Rows - bottom) + left + (layout.Columns - right) == before)
            {
                break;
            }
        }

        double kept = (double)(bottom - top) * (right - left) / ((double)layout.Rows * layout.Columns);
        if (kept > 0.96 || kept < 0.10 || bottom - top < PdqHasher.MinimumDimension || right - left < PdqHasher.MinimumDimension)
        {
            return null;
        }

        return new PlaneRegion(top, left, bottom - top, right - left);
    }

    /// <summary>
    /// How many chrome lines to peel from line <paramref name="first"/> going <paramref name="inwards"/> (±1); rows
    /// span columns [<paramref name="from"/>, <paramref name="to"/>) when <paramref name="horizontal"/>, columns span
    /// those rows otherwise; at most <paramref name="limit"/>. Zero unless the chrome ends in a step.
    /// </summary>
    private static int Peel(ReadOnlySpan<float> plane, PlaneLayout layout, bool horizontal, int first, int inwards, int from, int to, int limit)
    {
        int length = to - from;
        if (length < 8 || limit < 1)
        {
            return 0;
        }

        LineColour colour = LineColour.Of(plane, layout, horizontal, first, from, to, TextTolerance);
        double previous = 0, beforePrevious = 0;
        for (int count = 0; count < limit; count++)
        {
            double share = colour.ShareOf(plane, layout, horizontal, first + (count * inwards), from, to);
            if (share < ChromeShare)
            {
                // A step: the chrome colour's share falls to well below that of the last lines (blurred over at most
                // two by resampling and JPEG). A gradual fall is a flat picture fading into detail, not chrome.
                return count > 0 && share < StepRatio * Math.Max(previous, beforePrevious) ? count : 0;
            }

            (beforePrevious, previous) = (previous, share);
        }

        return 0;
    }
}
