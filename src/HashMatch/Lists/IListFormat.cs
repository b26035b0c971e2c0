namespace HashMatch.Lists;

/// <summary>
/// One hash list layout: how to recognise it, read it one entry at a time, and write it. Each layout is one small
/// class (<see cref="ListFormats.All"/>); <see cref="ListReader"/> and <see cref="ListWriter"/> are the
/// entry points.
/// </summary>
internal interface IListFormat
{
    /// <summary>The layout's name in the public enumeration.</summary>
    ListFormat Format { get; }

    /// <summary>What the layout keeps of an entry when written and read back.</summary>
    ListFields Carries { get; }

    /// <summary>
    /// How sure the layout is that <paramref name="preview"/> is its own: 0 for not at all; the most confident layout
    /// wins (about 40 for "could be, let the reader explain what is wrong", 80–95 for an exact signature).
    /// </summary>
    int Detect(ListPreview preview);

    /// <summary>Reads every record of <paramref name="source"/> into <paramref name="sink"/>, in file order.</summary>
    /// <exception cref="HashMatchException">The list cannot be read on (a malformed record when errors are not collected, a broken structure).</exception>
    void Read(ListSource source, ListSink sink);

    /// <summary>A writer of the layout onto <paramref name="output"/>, or null for layouts that are only read (NSRL).</summary>
    ListEntryWriter? CreateWriter(TextWriter output);
}
