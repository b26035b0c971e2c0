namespace HashMatch.Server.Storage;

/// <summary>
/// The one place where SQLite's and PostgreSQL's schema SQL differ: column types, and what a store needs before its
/// migrations run. <see cref="SchemaMigrations"/> is written once with the placeholders <see cref="Render"/> fills in.
/// </summary>
internal sealed class SqlDialect
{
    /// <summary>SQLite: every integer is <c>INTEGER</c> (so <c>INTEGER PRIMARY KEY</c> is the rowid), BLOBs, WAL mode.</summary>
    public static readonly SqlDialect Sqlite = new()
    {
        Serial = "INTEGER PRIMARY KEY AUTOINCREMENT",
        RowId = "INTEGER PRIMARY KEY",
        BigInt = "INTEGER",
        SmallInt = "INTEGER",
        Boolean = "INTEGER",
        Bytes = "BLOB",
        // journal_mode cannot change inside a transaction, and it is a property of the file: set it before migrating.
        BeforeMigrations = ["PRAGMA journal_mode = WAL"],
    };

    /// <summary>PostgreSQL: identity columns, BIGINT, BYTEA, BOOLEAN.</summary>
    public static readonly SqlDialect Postgres = new()
    {
        Serial = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        RowId = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        BigInt = "BIGINT",
        SmallInt = "SMALLINT",
        Boolean = "BOOLEAN",
        Bytes = "BYTEA",
        BeforeMigrations = [],
    };

    /// <summary><c>{serial}</c>: an identity primary key whose values are never reused.</summary>
    public required string Serial { get; init; }

    /// <summary><c>{rowid}</c>: an identity primary key that may reuse the values of deleted rows (cheaper in SQLite).</summary>
    public required string RowId { get; init; }

    /// <summary><c>{bigint}</c>: a 64-bit integer.</summary>
    public required string BigInt { get; init; }

    /// <summary><c>{smallint}</c>: a small integer.</summary>
    public required string SmallInt { get; init; }

    /// <summary><c>{bool}</c>: a boolean.</summary>
    public required string Boolean { get; init; }

    /// <summary><c>{bytes}</c>: a byte string.</summary>
    public required string Bytes { get; init; }

    /// <summary>Statements run outside the migration transaction, before it, at every start.</summary>
    public required IReadOnlyList<string> BeforeMigrations { get; init; }

    /// <summary>The statement with this dialect's types in place of the placeholders.</summary>
    public string Render(string statement) => statement
        .Replace("{serial}", Serial, StringComparison.Ordinal)
        .Replace("{rowid}", RowId, StringComparison.Ordinal)
        .Replace("{bigint}", BigInt, StringComparison.Ordinal)
        .Replace("{smallint}", SmallInt, StringComparison.Ordinal)
        .Replace("{bool}", Boolean, StringComparison.Ordinal)
        .Replace("{bytes}", Bytes, StringComparison.Ordinal);
}
