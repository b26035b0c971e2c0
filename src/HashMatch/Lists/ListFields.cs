namespace HashMatch.Lists;

/// <summary>
/// What a list layout can carry of a <see cref="ListEntry"/>: used to say what a conversion drops, and by the table of
/// layouts in docs/lists.md.
/// </summary>
[Flags]
internal enum ListFields
{
    None = 0,

    /// <summary>The entry's own id (layouts without it number entries by line or record).</summary>
    Id = 1 << 0,
    Pdq = 1 << 1,
    Quality = 1 << 2,
    Md5 = 1 << 3,
    Sha1 = 1 << 4,
    Sha256 = 1 << 5,
    PhotoDna = 1 << 6,
    Category = 1 << 7,
    Tags = 1 << 8,
    Source = 1 << 9,
    Note = 1 << 10,
    Augmented = 1 << 11,

    /// <summary>The seven rotated and flipped PDQ hashes of <c>hashmatch hash --dihedral</c>.</summary>
    Dihedral = 1 << 12,

    /// <summary>The local-feature signal of <c>hashmatch hash --signal local</c>: no layout writes it (local use only).</summary>
    Local = 1 << 13,

    All = (Local << 1) - 1,
}

/// <summary>Which <see cref="ListFields"/> an entry has.</summary>
internal static class ListFieldsOf
{
    /// <summary>The fields <paramref name="entry"/> has a value for (its id counts only when it is not <paramref name="ordinal"/>, the number a line-numbered layout would give it).</summary>
    public static ListFields Entry(ListEntry entry, int ordinal)
    {
        ListFields fields = ListFields.None;
        Add(ref fields, ListFields.Id, entry.Id != ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(ref fields, ListFields.Pdq, entry.Pdq is not null);
        Add(ref fields, ListFields.Quality, entry.Quality is not null);
        Add(ref fields, ListFields.Md5, entry.Md5 is not null);
        Add(ref fields, ListFields.Sha1, entry.Sha1 is not null);
        Add(ref fields, ListFields.Sha256, entry.Sha256 is not null);
        Add(ref fields, ListFields.PhotoDna, entry.PhotoDna is not null);
        Add(ref fields, ListFields.Category, entry.Metadata.Category is not null);
        Add(ref fields, ListFields.Tags, entry.Metadata.Tags.Count > 0);
        Add(ref fields, ListFields.Source, entry.Metadata.Source is not null);
        Add(ref fields, ListFields.Note, entry.Metadata.Note is not null);
        Add(ref fields, ListFields.Augmented, entry.Augmented);
        Add(ref fields, ListFields.Dihedral, entry.Dihedral is not null);
        Add(ref fields, ListFields.Local, entry.Local is not null);
        return fields;
    }

    /// <summary>Lower-case names of the fields, for messages ("sha1, quality").</summary>
    public static IEnumerable<string> Names(ListFields fields)
    {
        foreach (ListFields field in Enum.GetValues<ListFields>())
        {
            if (field is not (ListFields.None or ListFields.All) && (fields & field) != 0)
            {
                yield return field == ListFields.PhotoDna ? "photodna" : field.ToString().ToLowerInvariant();
            }
        }
    }

    private static void Add(ref ListFields fields, ListFields field, bool present)
    {
        if (present)
        {
            fields |= field;
        }
    }
}
