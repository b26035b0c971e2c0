namespace HashMatch.Server.Api.Contracts;

/// <summary>One bank entry as JSON: an id, at least one hash, and what lists carry besides.</summary>
public sealed record EntryJson
{
    /// <summary>The entry's id (any text; ids need not be unique: removing an id removes every entry with it).</summary>
    public string? Id { get; init; }

    /// <summary>PDQ hash, 64 hex digits.</summary>
    public string? Pdq { get; init; }

    /// <summary>PDQ quality, 0–100.</summary>
    public int? Quality { get; init; }

    /// <summary>MD5 of the file, 32 hex digits.</summary>
    public string? Md5 { get; init; }

    /// <summary>SHA-1 of the file, 40 hex digits.</summary>
    public string? Sha1 { get; init; }

    /// <summary>SHA-256 of the file, 64 hex digits.</summary>
    public string? Sha256 { get; init; }

    /// <summary>PhotoDNA value, kept and exported, never matched.</summary>
    public string? Photodna { get; init; }

    /// <summary>Category (e.g. a Project VIC or NCMEC category).</summary>
    public string? Category { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Where the entry came from.</summary>
    public string? Source { get; init; }

    /// <summary>A free note.</summary>
    public string? Note { get; init; }

    /// <summary>Whether this is a derived (crop) hash of an original sharing its id.</summary>
    public bool? Augmented { get; init; }

    /// <summary>
    /// A local-feature signal in base64, as <c>hashmatch hash --signal local</c> writes it: matched (candidates with
    /// <c>method</c> <c>local</c>), never returned by the service's reads or exports (it stays with the originals).
    /// </summary>
    public string? Local { get; init; }
}

/// <summary><c>POST /v1/banks/{name}/entries</c>: up to 10,000 entries.</summary>
public sealed record AddEntriesRequest
{
    /// <summary>The entries to add.</summary>
    public IReadOnlyList<EntryJson>? Entries { get; init; }
}

/// <summary><c>DELETE /v1/banks/{name}/entries</c>: up to 10,000 ids.</summary>
public sealed record RemoveEntriesRequest
{
    /// <summary>Every entry with one of these ids is removed.</summary>
    public IReadOnlyList<string>? Ids { get; init; }
}

/// <summary>What a change to a bank's entries did.</summary>
public sealed record ChangeResponse
{
    /// <summary>The bank.</summary>
    public required string Bank { get; init; }

    /// <summary>Entries added.</summary>
    public long Added { get; init; }

    /// <summary>Entries removed.</summary>
    public long Removed { get; init; }

    /// <summary>The change's sequence number (compare with <c>GET /v1/index</c>'s <c>sequence</c>).</summary>
    public required long Sequence { get; init; }

    /// <summary>Whether this replica already serves the change (other replicas follow within their poll interval).</summary>
    public required bool Applied { get; init; }

    /// <summary>For imports: the list layout read.</summary>
    public string? Format { get; init; }
}

/// <summary><c>GET /v1/banks/{name}/entries</c>: the entries found.</summary>
public sealed record EntrySearchResponse
{
    /// <summary>The entries, in the order asked for (added, or closest first for a PDQ search).</summary>
    public required IReadOnlyList<FoundEntryJson> Entries { get; init; }
}

/// <summary>An entry found, with its distance to a searched PDQ hash.</summary>
public sealed record FoundEntryJson
{
    /// <summary>The entry as stored.</summary>
    public required EntryJson Entry { get; init; }

    /// <summary>Its PDQ distance to the searched hash, for a PDQ search.</summary>
    public int? Distance { get; init; }
}
