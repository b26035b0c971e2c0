namespace HashMatch.Lists;

/// <summary>Every layout, and detection: the layout most confident about a list's start wins.</summary>
internal static class HashListFormats
{
    /// <summary>All layouts.</summary>
    public static IReadOnlyList<IHashListFormat> All { get; } =
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
    /// <exception cref="ArgumentOutOfRangeException"><see cref="HashListFormat.Auto"/> or an unknown value.</exception>
    public static IHashListFormat Get(HashListFormat format) =>
        All.FirstOrDefault(f => f.Format == format) ?? throw new ArgumentOutOfRangeException(nameof(format), format, "Choose a concrete list layout.");

    /// <summary>The layout of the list that starts with <paramref name="preview"/>, or <see cref="HashListFormat.Auto"/> when none recognises it.</summary>
    public static HashListFormat Detect(ListPreview preview)
    {
        HashListFormat best = HashListFormat.Auto;
        int confidence = 0;
        foreach (IHashListFormat format in All)
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
