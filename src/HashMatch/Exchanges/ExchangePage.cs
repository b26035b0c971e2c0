using System.Diagnostics.CodeAnalysis;

namespace HashMatch.Exchanges;

/// <summary>
/// One page of an exchange's changes: entries added or changed and ids withdrawn, in the exchange's order, with the
/// checkpoint to fetch the next page from. Apply a page whole or not at all, and store its checkpoint with it.
/// </summary>
[Experimental(ExchangeApi.DiagnosticId)]
public sealed class ExchangePage
{
    /// <summary>A page.</summary>
    /// <param name="changes">The changes, oldest first; a later change of the same id wins.</param>
    /// <param name="checkpoint">Where the next fetch starts.</param>
    /// <param name="hasMore">Whether more changes are waiting now.</param>
    /// <param name="fullList">Whether <paramref name="changes"/> is the exchange's whole list.</param>
    public ExchangePage(IReadOnlyList<ExchangeChange> changes, string checkpoint, bool hasMore, bool fullList = false)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(checkpoint);
        Changes = changes;
        Checkpoint = checkpoint;
        HasMore = hasMore;
        FullList = fullList;
    }

    /// <summary>The changes, oldest first; a later change of the same id wins.</summary>
    public IReadOnlyList<ExchangeChange> Changes { get; }

    /// <summary>Where the next fetch starts (opaque text the exchange wrote; store it as given).</summary>
    public string Checkpoint { get; }

    /// <summary>Whether more changes are waiting now (fetch again at once) or the exchange is caught up.</summary>
    public bool HasMore { get; }

    /// <summary>
    /// Whether <see cref="Changes"/> is the exchange's whole list (a list file or a URL read again): every id the
    /// bank holds from this exchange that the page does not name was withdrawn.
    /// </summary>
    public bool FullList { get; }
}
