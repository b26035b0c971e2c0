using HashMatch.Lists;

namespace HashMatch.Exchanges;

/// <summary>
/// A whole list read into changes for a <see cref="ExchangePage.FullList"/> page: one change per id, with every entry
/// of that id in list order (an original and its crops share one).
/// </summary>
internal sealed class ListSnapshot
{
    private readonly Dictionary<string, List<ListEntry>> _byId = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Reads the list in <paramref name="stream"/> (named <paramref name="name"/> in errors); ids get <paramref name="idPrefix"/> in front.</summary>
    /// <exception cref="HashMatchException">The list is malformed (the first bad line stops the read: a list is never half-applied).</exception>
    public void Read(Stream stream, string name, ListFormat format, string idPrefix)
    {
        ListReader.ReadEach(stream, name, format, (entry, _) =>
        {
            if (idPrefix.Length > 0)
            {
                entry = entry with { Id = idPrefix + entry.Id };
            }

            if (!_byId.TryGetValue(entry.Id, out List<ListEntry>? entries))
            {
                _byId[entry.Id] = entries = [];
                _order.Add(entry.Id);
            }

            entries.Add(entry);
        }, error: null);
    }

    /// <summary>The page of the whole list.</summary>
    public ExchangePage Page(string checkpoint) =>
        new([.. _order.Select(id => new ExchangeChange(id, _byId[id]))], checkpoint, hasMore: false, fullList: true);
}
