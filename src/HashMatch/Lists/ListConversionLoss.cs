using System.Globalization;

namespace HashMatch.Lists;

/// <summary>
/// What converting a list into another layout could not carry, counted by field as entries are written
/// (<c>hashmatch lists convert</c> prints <see cref="Describe"/>): fields the layout has no place for, entries with no
/// hash it can hold (not written), and entries split into one line per hash in a layout without ids to join them.
/// </summary>
/// <param name="target">The layout written.</param>
public sealed class ListConversionLoss(ListFormat target)
{
    private readonly ListFields _carries = ListFormats.Get(target).Carries;
    private readonly Dictionary<ListFields, int> _lost = [];
    private int _skipped, _split;

    /// <summary>Entries counted.</summary>
    public int Entries { get; private set; }

    /// <summary>Counts <paramref name="entry"/>, which the writer wrote as <paramref name="records"/> records (0: skipped).</summary>
    public void Add(ListEntry entry, int records)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Entries++;
        ListFields lost = ListFieldsOf.Entry(entry, Entries) & ~_carries;
        foreach (ListFields field in Enum.GetValues<ListFields>())
        {
            if (field is not (ListFields.None or ListFields.All) && (lost & field) != 0)
            {
                _lost[field] = _lost.GetValueOrDefault(field) + 1;
            }
        }

        _skipped += records == 0 ? 1 : 0;
        _split += records > 1 && (_carries & ListFields.Id) == 0 ? 1 : 0;
    }

    /// <summary>One sentence per kind of loss (none when the layout carried everything).</summary>
    public IEnumerable<string> Describe()
    {
        string name = ListFormatNames.Of(target);
        if (_lost.TryGetValue(ListFields.Local, out int local))
        {
            yield return $"local signals of {Count(local)} not written: they stay with the originals and no layout exports them (docs/local-features.md)";
        }

        var lost = _lost.Where(p => p.Key != ListFields.Local).OrderBy(p => p.Key).ToList();
        if (lost.Count > 0)
        {
            yield return $"{name} cannot carry " + string.Join(", ", lost.Select(p =>
                string.Create(CultureInfo.InvariantCulture, $"{string.Join("", ListFieldsOf.Names(p.Key))} ({Count(p.Value)})")))
                + (_lost.ContainsKey(ListFields.Id) ? "; its entries are numbered by line" : "");
        }

        if (_skipped > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{Count(_skipped)} with no hash {name} can hold: not written");
        }

        if (_split > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{Count(_split)} written as one line per hash; {name} has no id to join them again");
        }
    }

    private static string Count(int count) => string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? "entry" : "entries")}");
}
