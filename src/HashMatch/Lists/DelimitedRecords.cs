using System.Text;

namespace HashMatch.Lists;

/// <summary>
/// Reads the records of a delimited list with a header (CSV, TSV, ICSE, NSRL RDS): each row's fields go to the
/// entry by the header's <see cref="ListColumns"/>. A row must have as many fields as the header (extra empty
/// fields are allowed); a generic <c>hash</c> column takes its kind from a <c>signal_type</c> column or, without one,
/// from its length (64 hex digits PDQ, 40 SHA-1, 32 MD5).
/// </summary>
internal sealed class DelimitedRecords
{
    private readonly char _delimiter;
    private readonly ListColumns _columns;
    private readonly char? _tagSeparator;
    private readonly int _kind;
    private readonly List<string> _fields = [];
    private readonly StringBuilder _scratch = new();
    private readonly ListEntryBuilder _builder = new();

    private DelimitedRecords(char delimiter, ListColumns columns, char? tagSeparator)
    {
        _delimiter = delimiter;
        _columns = columns;
        _tagSeparator = tagSeparator;
        _kind = Array.IndexOf(columns.Roles, ListColumn.Kind);
    }

    /// <summary>The reader of a list whose header is <paramref name="header"/>.</summary>
    /// <param name="header">The header line.</param>
    /// <param name="lineNumber">Its line number.</param>
    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="sink">Where errors go.</param>
    /// <param name="extra">Column names the layout adds (NSRL's SpecialCode as the category).</param>
    /// <param name="tagSeparator">What separates tags in the tags column (null: white space).</param>
    /// <exception cref="HashMatchException">The header names no hash column.</exception>
    public static DelimitedRecords FromHeader(string header, int lineNumber, char delimiter, ListSink sink, IReadOnlyDictionary<string, ListColumn>? extra = null, char? tagSeparator = null)
    {
        var fields = new List<string>();
        if (DelimitedText.Split(header, delimiter, fields, new StringBuilder()) is { } error)
        {
            throw sink.Fatal(lineNumber, $"header: {error}");
        }

        ListColumns columns = ListColumns.FromHeader(fields, extra);
        if (!columns.HasHash)
        {
            string names = string.Join(", ", columns.Names.Select(n => ListEntryBuilder.Clip(n)).Take(12));
            throw sink.Fatal(lineNumber, columns.Has(ListColumn.PhotoDna)
                ? $"the header names only a PhotoDNA column, which cannot be matched (the algorithm is not public); a list needs a PDQ, MD5, SHA-1 or SHA-256 column"
                : $"the header names no hash column (expected one of {ListColumns.HashColumnNames}); got: {names}");
        }

        return new DelimitedRecords(delimiter, columns, tagSeparator);
    }

    /// <summary>The header's columns.</summary>
    public ListColumns Columns => _columns;

    /// <summary>Parses one row into the builder (reset first); the entry or the row's error is left in it.</summary>
    public ListEntryBuilder Parse(string line)
    {
        _builder.Reset();
        if (DelimitedText.Split(line, _delimiter, _fields, _scratch) is { } error)
        {
            _builder.Fail(error);
            return _builder;
        }

        int columns = _columns.Roles.Length;
        if (_fields.Count < columns || _fields.Skip(columns).Any(f => f.Trim().Length > 0))
        {
            _builder.Fail($"expected {columns} fields like the header, got {_fields.Count}");
            return _builder;
        }

        for (int i = 0; i < columns; i++)
        {
            Field(_columns.Roles[i], i);
        }

        return _builder;
    }

    private void Field(ListColumn role, int index)
    {
        string value = _fields[index];
        string name = _columns.Names[index];
        switch (role)
        {
            case ListColumn.Id:
                if (value.Trim().Length == 0)
                {
                    _builder.Fail($"{name}: the id is empty");
                }

                _builder.Id(value, name);
                break;
            case ListColumn.Pdq or ListColumn.Md5 or ListColumn.Sha1 or ListColumn.Sha256 or ListColumn.PhotoDna:
                _builder.Hash(role, value, name);
                break;
            case ListColumn.Quality:
                _builder.Quality(value, name);
                break;
            case ListColumn.Category:
                _builder.Category(value, name);
                break;
            case ListColumn.Tags:
                _builder.Tags(value, _tagSeparator);
                break;
            case ListColumn.Source:
                _builder.Source(value, name);
                break;
            case ListColumn.Note:
                _builder.Note(value, name);
                break;
            case ListColumn.Augmented:
                _builder.Augmented(value);
                break;
            case ListColumn.Hash:
                Generic(value.Trim(), name);
                break;
            case ListColumn.Dihedral:
                _builder.Dihedral(_columns.Turns[index], value, name);
                break;
        }
    }

    /// <summary>A generic hash column: its kind from the signal_type column, or its length.</summary>
    private void Generic(string value, string name)
    {
        if (value.Length == 0)
        {
            return;
        }

        ListColumn target;
        if (_kind >= 0)
        {
            string kind = _fields[_kind].Trim().ToLowerInvariant();
            target = SignalTypes.Column(kind, generic: true, out bool video);
            if (target == ListColumn.Ignored)
            {
                _builder.Fail($"{_columns.Names[_kind]}: unknown signal type '{ListEntryBuilder.Clip(kind)}' (expected {SignalTypes.Names}, md5, sha1, sha256 or photodna)");
                return;
            }

            if (video)
            {
                _builder.Tag(ListEntryBuilder.VideoTag);
            }
        }
        else
        {
            target = value.Length switch
            {
                PdqHash.HexLength => ListColumn.Pdq,
                40 => ListColumn.Sha1,
                32 => ListColumn.Md5,
                _ => ListColumn.Ignored,
            };
            if (target == ListColumn.Ignored)
            {
                _builder.Fail($"{name}: {value.Length} characters is no hash this list can hold (PDQ 64 hex digits, SHA-1 40, MD5 32); add a signal_type column");
                return;
            }
        }

        _builder.Hash(target, value, name);
    }
}
