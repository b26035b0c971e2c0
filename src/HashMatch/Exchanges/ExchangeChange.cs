using System.Diagnostics.CodeAnalysis;
using HashMatch.Lists;

namespace HashMatch.Exchanges;

/// <summary>
/// One change an exchange reported for one of its ids: the entries the id now has (added, or changed: they replace
/// every entry the bank holds with that id; a list may hold an original and its crops under one id), or none when
/// the exchange withdrew the id.
/// </summary>
[Experimental(ExchangeApi.DiagnosticId)]
public sealed class ExchangeChange
{
    /// <summary>A change of <paramref name="id"/>: its entries now, or none when withdrawn.</summary>
    public ExchangeChange(string id, IReadOnlyList<ListEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(entries);
        Id = id;
        Entries = entries;
    }

    /// <summary>The exchange's own id (the <see cref="ListEntry.Id"/> of every entry of the change).</summary>
    public string Id { get; }

    /// <summary>The id's entries, with the exchange's labels in their metadata; empty when withdrawn.</summary>
    public IReadOnlyList<ListEntry> Entries { get; }

    /// <summary>Whether the exchange withdrew the id.</summary>
    public bool Removed => Entries.Count == 0;

    /// <summary>A withdrawal of <paramref name="id"/>.</summary>
    internal static ExchangeChange Removal(string id) => new(id, []);
}
