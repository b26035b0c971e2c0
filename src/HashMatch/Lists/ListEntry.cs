using System.Diagnostics.CodeAnalysis;
using HashMatch.Local;

namespace HashMatch.Lists;

/// <summary>
/// One entry of a hash list, with what real lists carry: the list's own id, a PDQ hash and its quality, exact hashes
/// (MD5, SHA-1, SHA-256), a PhotoDNA value (carried and written back, never matched: the algorithm is not public)
/// and a little metadata. An entry has at least one hash.
/// </summary>
public sealed record ListEntry
{
    private readonly ExactHash? _md5, _sha1, _sha256;

    /// <summary>
    /// The list's id for the entry: its id column (any text — <c>case-0-A</c>, a database key), or, for lists without
    /// one, the 1-based number of the entry's line counted from the first data line (a header is not counted).
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The entry's PDQ hash, when the list gives one.</summary>
    public PdqHash? Pdq { get; init; }

    /// <summary>
    /// The PDQ quality the list recorded for the hash (0–100), or null when it does not say; entries of unknown
    /// quality are never rejected for quality when matching.
    /// </summary>
    public int? Quality { get; init; }

    /// <summary>The seven rotated and flipped PDQ hashes the list carries for the entry (<c>hashmatch hash --dihedral</c> columns), if any.</summary>
    public PdqDihedralHashes? Dihedral { get; init; }

    /// <summary>MD5 of the file the entry describes.</summary>
    /// <exception cref="ArgumentException">The value is not an MD5.</exception>
    public ExactHash? Md5 { get => _md5; init => _md5 = Checked(value, ExactHashAlgorithm.Md5); }

    /// <summary>SHA-1 of the file the entry describes.</summary>
    /// <exception cref="ArgumentException">The value is not a SHA-1.</exception>
    public ExactHash? Sha1 { get => _sha1; init => _sha1 = Checked(value, ExactHashAlgorithm.Sha1); }

    /// <summary>SHA-256 of the file the entry describes.</summary>
    /// <exception cref="ArgumentException">The value is not a SHA-256.</exception>
    public ExactHash? Sha256 { get => _sha256; init => _sha256 = Checked(value, ExactHashAlgorithm.Sha256); }

    /// <summary>The PhotoDNA hash the list carries (base64 or hex, as given); kept and written back, not matched.</summary>
    public string? PhotoDna { get; init; }

    /// <summary>Category, tags, source and note from the list.</summary>
    public EntryMetadata Metadata { get; init; } = EntryMetadata.None;

    /// <summary>
    /// An extra hash of an original the list's maker holds (a crop or shifted window, <c>hashmatch hash --augment</c>),
    /// sharing the original's id; matches report it so a reviewer knows the hit was on a derived hash.
    /// </summary>
    public bool Augmented { get; init; }

    /// <summary>
    /// The local-feature signal of the picture (<c>hashmatch hash --signal local</c>), for lists whose owner holds the
    /// originals: it is read from JSON lines and index files and matched, but never written by a list export
    /// (docs/local-features.md, "Privacy").
    /// </summary>
    [Experimental(LocalApi.DiagnosticId)]
    public LocalSignal? Local { get; init; }

    /// <summary>Whether the entry has any hash to match (PDQ, exact, or a local-feature signal).</summary>
    public bool HasHash => Pdq is not null || _md5 is not null || _sha1 is not null || _sha256 is not null || Local is not null;

    /// <summary>The exact hash of <paramref name="algorithm"/>, if the entry has it.</summary>
    public ExactHash? Exact(ExactHashAlgorithm algorithm) => algorithm switch
    {
        ExactHashAlgorithm.Md5 => _md5,
        ExactHashAlgorithm.Sha1 => _sha1,
        ExactHashAlgorithm.Sha256 => _sha256,
        _ => null,
    };

    private static ExactHash? Checked(ExactHash? value, ExactHashAlgorithm algorithm) =>
        value is { } v && v.Algorithm != algorithm
            ? throw new ArgumentException($"Expected an {ExactHash.NameOf(algorithm)} digest, got {ExactHash.NameOf(v.Algorithm)}.", nameof(value))
            : value;
}
