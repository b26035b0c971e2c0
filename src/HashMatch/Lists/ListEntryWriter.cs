namespace HashMatch.Lists;

/// <summary>
/// Writes entries of one layout one at a time (so a conversion streams from reader to writer); <see cref="Finish"/>
/// closes what the layout needs closed (a JSON array, an empty list's header).
/// </summary>
/// <remarks>Made by <see cref="ListWriter.Open"/>; only the library's layouts derive from it.</remarks>
public abstract class ListEntryWriter
{
    private protected ListEntryWriter()
    {
    }

    /// <summary>Records written: lines, or JSON records; layouts with one hash per line may write several per entry, or none.</summary>
    public int Records { get; private protected set; }

    /// <summary>Writes one entry.</summary>
    public abstract void Write(ListEntry entry);

    /// <summary>Ends the output.</summary>
    public virtual void Finish()
    {
    }

    /// <summary>Text kept on one line of a line-based layout: line breaks and other control characters become spaces.</summary>
    private protected static string OneLine(string text) =>
        text.AsSpan().ContainsAnyInRange('\0', '\x1f') ? string.Create(text.Length, text, static (span, t) =>
        {
            for (int i = 0; i < t.Length; i++)
            {
                span[i] = t[i] < ' ' ? ' ' : t[i];
            }
        }) : text;
}
