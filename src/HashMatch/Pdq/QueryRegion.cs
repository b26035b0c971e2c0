namespace HashMatch.Pdq;

/// <summary>
/// A rectangle of a query image, in the query's pixels: <see cref="Width"/> × <see cref="Height"/> pixels from
/// (<see cref="X"/>, <see cref="Y"/>), the top-left corner. A <see cref="QueryVariantKind.Region"/> variant is the hash
/// of this rectangle cut out of the query, so an operator sees where in an upload the known picture is.
/// </summary>
/// <param name="X">Left edge (first column), from 0.</param>
/// <param name="Y">Top edge (first row), from 0.</param>
/// <param name="Width">Columns, at least 1.</param>
/// <param name="Height">Rows, at least 1.</param>
public readonly record struct QueryRegion(int X, int Y, int Width, int Height)
{
    /// <summary>
    /// The same rectangle in an image of <paramref name="toWidth"/> × <paramref name="toHeight"/> pixels showing the
    /// same picture as one of <paramref name="fromWidth"/> × <paramref name="fromHeight"/> (a decoder that kept only
    /// sampled pixels, or decoded at a reduced scale): edges scaled and rounded, kept inside the image.
    /// </summary>
    public QueryRegion Scaled(int fromWidth, int fromHeight, int toWidth, int toHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toHeight);
        if (fromWidth == toWidth && fromHeight == toHeight)
        {
            return this;
        }

        int left = Math.Min(Edge(X, fromWidth, toWidth), toWidth - 1), right = Math.Clamp(Edge(X + Width, fromWidth, toWidth), left + 1, toWidth);
        int top = Math.Min(Edge(Y, fromHeight, toHeight), toHeight - 1), bottom = Math.Clamp(Edge(Y + Height, fromHeight, toHeight), top + 1, toHeight);
        return new QueryRegion(left, top, right - left, bottom - top);

        static int Edge(int at, int from, int to) => Math.Max(0, (int)Math.Round((double)at * to / from));
    }

    /// <summary><c>x,y,width,height</c>, the form the CLI's TSV prints.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{X},{Y},{Width},{Height}");
}
