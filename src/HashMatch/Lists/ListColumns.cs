namespace HashMatch.Lists;

/// <summary>
/// The columns of a delimited list's header line, by what they hold. Names are matched case-insensitively, with
/// spaces and hyphens read as underscores (<c>SHA-1</c>, <c>Image ID</c>); the first column of each kind counts and
/// unknown columns are ignored. A header without a hash column is refused.
/// </summary>
internal sealed class ListColumns
{
    /// <summary>The column names understood, by role (documented in docs/lists.md).</summary>
    private static readonly (ListColumn Role, string[] Names)[] Known =
    [
        (ListColumn.Id, ["id", "entry_id", "hash_id", "signal_id", "indicator_id", "descriptor_id", "media_id", "mediaid", "image_id", "imageid"]),
        (ListColumn.Pdq, ["pdq", "pdq_hash", "pdq_hex"]),
        (ListColumn.Quality, ["quality", "pdq_quality"]),
        (ListColumn.Md5, ["md5", "md5_hash", "photo_md5", "video_md5"]),
        (ListColumn.Sha1, ["sha1", "sha_1", "sha1_hash"]),
        (ListColumn.Sha256, ["sha256", "sha_256", "sha256_hash"]),
        (ListColumn.PhotoDna, ["photodna", "photo_dna", "pdna"]),
        (ListColumn.Category, ["category"]),
        (ListColumn.Tags, ["tags", "tag", "labels"]),
        (ListColumn.Source, ["source", "path", "file", "filename", "file_name", "relative_file_path", "relativefilepath", "collab", "collaboration"]),
        (ListColumn.Note, ["note", "notes", "comment", "comments"]),
        (ListColumn.Augmented, ["augmented"]),
        (ListColumn.Hash, ["hash", "hash_value", "signal_str", "signal_value", "value"]),
        (ListColumn.Kind, ["signal_type", "hash_type", "type"]),
    ];

    private ListColumns(string[] names, ListColumn[] roles, PdqVariant[] turns)
    {
        Names = names;
        Roles = roles;
        Turns = turns;
    }

    /// <summary>The header's names, as written (quotes removed).</summary>
    public string[] Names { get; }

    /// <summary>What each column holds (<see cref="ListColumn.Ignored"/> for unknown columns and repeats).</summary>
    public ListColumn[] Roles { get; }

    /// <summary>Which variant's hash each <see cref="ListColumn.Dihedral"/> column holds (<see cref="PdqVariant.Original"/> for the other columns).</summary>
    public PdqVariant[] Turns { get; }

    /// <summary>Whether some column holds a hash.</summary>
    public bool HasHash => Roles.Any(r => r is ListColumn.Pdq or ListColumn.Md5 or ListColumn.Sha1 or ListColumn.Sha256 or ListColumn.Hash);

    /// <summary>Whether a column holds <paramref name="role"/>.</summary>
    public bool Has(ListColumn role) => Array.IndexOf(Roles, role) >= 0;

    /// <summary>Reads a header split into <paramref name="fields"/>; <paramref name="extra"/> adds names a layout knows (NSRL's SpecialCode).</summary>
    public static ListColumns FromHeader(IReadOnlyList<string> fields, IReadOnlyDictionary<string, ListColumn>? extra = null)
    {
        var roles = new ListColumn[fields.Count];
        var turns = new PdqVariant[fields.Count];
        var seen = new HashSet<(ListColumn, PdqVariant)>();
        for (int i = 0; i < fields.Count; i++)
        {
            string name = Normalize(fields[i]);
            ListColumn role = PdqVariantNames.TryParseColumn(name, out turns[i]) ? ListColumn.Dihedral : RoleOf(name, extra);
            roles[i] = role == ListColumn.Ignored || seen.Add((role, turns[i])) ? role : ListColumn.Ignored;
        }

        return new ListColumns([.. fields.Select(f => f.Trim())], roles, turns);
    }

    /// <summary>The names a hash column may have, for messages.</summary>
    public static string HashColumnNames => string.Join(", ", Known.Where(k => k.Role is ListColumn.Pdq or ListColumn.Md5 or ListColumn.Sha1 or ListColumn.Sha256 or ListColumn.Hash).SelectMany(k => k.Names));

    /// <summary>A column name as matched: trimmed, unquoted, lower case, spaces and hyphens as underscores.</summary>
    public static string Normalize(string name) =>
        name.Trim().Trim('"').Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    private static ListColumn RoleOf(string name, IReadOnlyDictionary<string, ListColumn>? extra)
    {
        if (extra is not null && extra.TryGetValue(name, out ListColumn special))
        {
            return special;
        }

        foreach ((ListColumn role, string[] names) in Known)
        {
            if (names.Contains(name))
            {
                return role;
            }
        }

        return ListColumn.Ignored;
    }
}

/// <summary>What a delimited list's column holds.</summary>
internal enum ListColumn
{
    Ignored,
    Id,
    Pdq,
    Quality,
    Md5,
    Sha1,
    Sha256,
    PhotoDna,
    Category,
    Tags,
    Source,
    Note,
    Augmented,

    /// <summary>A hash whose kind is given by the <see cref="Kind"/> column or, without one, by its length.</summary>
    Hash,

    /// <summary>The kind of the <see cref="Hash"/> column: a python-threatexchange signal type (pdq, video_md5, ...).</summary>
    Kind,

    /// <summary>The hash of a rotation or flip of the picture (<see cref="PdqVariantNames.Column"/>); <see cref="ListColumns.Turns"/> says which.</summary>
    Dihedral,
}
