namespace HashMatch.Lists;

/// <summary>
/// One entry of a hash list: an id and a PDQ hash, an MD5, or both.
/// </summary>
public readonly record struct ListEntry
{
    /// <summary>The list's id for the entry (its id column, or the line number for lists without one).</summary>
    public required long Id { get; init; }

    /// <summary>The entry's PDQ hash, when the list gives one.</summary>
    public PdqHash? Pdq { get; init; }

    /// <summary>The MD5 of the file the entry describes, when the list gives one.</summary>
    public Md5Hash? Md5 { get; init; }

    /// <summary>
    /// The PDQ quality the list recorded for the hash (0–100), or null when the list does not say (plain hex lists);
    /// entries of unknown quality are never rejected for quality when matching.
    /// </summary>
    public int? Quality { get; init; }
}
