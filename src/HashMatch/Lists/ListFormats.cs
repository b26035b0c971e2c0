namespace HashMatch.Lists;

/// <summary>Every layout, and detection: the layout most confident about a list's start wins.</summary>
internal static class ListFormats
{
    /// <summary>All layouts.</summary>
    public static IReadOnlyList<IListFormat> All { get; } =
    [
        PlainPdqListFormat.Instance,
        PlainExactListFormat.Md5,
        PlainExactListFormat.Sha1,
        PlainExactListFormat.Sha256,
        DelimitedListFormat.Csv,
        DelimitedListFormat.Tsv,
        JsonLinesListFormat.Instance,
        SignalLinesListFormat.Instance,
        HmaCsvListFormat.Instance,
        VicsJsonListFormat.Vics2,
        VicsJsonListFormat.Vics1,
        VicsJsonListFormat.Caid,
        IcseCsvListFormat.Instance,
        NsrlRdsListFormat.Instance,
    ];

    /// <summary>The layout <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ListFormat.Auto"/> or an unknown value.</exception>
    public static IListFormat Get(ListFormat format) =>
        All.FirstOrDefault(f => f.Format == format) ?? throw new ArgumentOutOfRangeException(nameof(format), format, "Choose a concrete list layout.");

    /// <summary>The layout of the list that starts with <paramref name="preview"/>, or <see cref="ListFormat.Auto"/> when none recognises it.</summary>
    public static ListFormat Detect(ListPreview preview)
    {
        ListFormat best = ListFormat.Auto;
        int confidence = 0;
        foreach (IListFormat format in All)
        {
            int c = format.Detect(preview);
            if (c > confidence)
            {
                (best, confidence) = (format.Format, c);
            }
        }

        return best;
    }
}
