namespace HashMatch.Pdq;

/// <summary>What was done to a query's pixels before hashing them (<see cref="QueryVariant.Kind"/>).</summary>
public enum QueryVariantKind
{
    /// <summary>Nothing: the query as it is.</summary>
    Original,

    /// <summary>The query's pixels turned or flipped by <see cref="QueryVariant.Turn"/>, then hashed.</summary>
    Turned,

    /// <summary>A small query (long side below 512) upscaled to a 512-pixel long side, against aliasing in PDQ's 64 × 64 decimation.</summary>
    Upscaled,

    /// <summary>The query with uniform borders (letterbox, pillarbox, padding of any colour) removed.</summary>
    Trimmed,

    /// <summary>The largest picture-like region inside the frame (a picture inside app chrome, with caption bars, in a meme template).</summary>
    Embedded,
}

/// <summary>
/// A way of hashing a query image besides as it is, to find copies plain PDQ misses. Lists stay standard PDQ of the
/// stored picture; only the query is hashed several ways (docs/query-variants.md). The rotations and flips are
/// the eight <see cref="PdqVariant"/>s — the same transforms <see cref="PdqDihedralHashes"/> computes in the DCT
/// domain — applied to the query's pixels; <see cref="Name"/> is the one text form (<c>original</c>, <c>rot90</c>, ...,
/// <c>upscaled</c>, <c>trimmed</c>, <c>embedded</c>) that the CLI and the service print.
/// </summary>
public readonly record struct QueryVariant
{
    private QueryVariant(QueryVariantKind kind, PdqVariant turn)
    {
        Kind = kind;
        Turn = turn;
    }

    /// <summary>The query as it is (also the default value).</summary>
    public static QueryVariant Original => default;

    /// <summary>The query upscaled (<see cref="QueryVariantKind.Upscaled"/>).</summary>
    public static QueryVariant Upscaled { get; } = new(QueryVariantKind.Upscaled, PdqVariant.Original);

    /// <summary>The query without its borders (<see cref="QueryVariantKind.Trimmed"/>).</summary>
    public static QueryVariant Trimmed { get; } = new(QueryVariantKind.Trimmed, PdqVariant.Original);

    /// <summary>The picture inside the query's frame (<see cref="QueryVariantKind.Embedded"/>).</summary>
    public static QueryVariant Embedded { get; } = new(QueryVariantKind.Embedded, PdqVariant.Original);

    /// <summary>What was done to the query's pixels.</summary>
    public QueryVariantKind Kind { get; }

    /// <summary>The rotation or flip applied to the query's pixels (<see cref="PdqVariant.Original"/> unless <see cref="Kind"/> is <see cref="QueryVariantKind.Turned"/>).</summary>
    public PdqVariant Turn { get; }

    /// <summary>
    /// The text form: the <see cref="PdqVariantNames"/> name for the original and the turns (<c>original</c>,
    /// <c>rot90</c>, ...), else <c>upscaled</c>, <c>trimmed</c> or <c>embedded</c>.
    /// </summary>
    public string Name => Kind switch
    {
        QueryVariantKind.Original or QueryVariantKind.Turned => PdqVariantNames.Name(Turn),
        QueryVariantKind.Upscaled => "upscaled",
        QueryVariantKind.Trimmed => "trimmed",
        _ => "embedded",
    };

    /// <summary>
    /// The <see cref="QueryVariants"/> flag that asks for this variant (<see cref="QueryVariants.None"/> for the
    /// original, which every match uses): what a list's options are checked against.
    /// </summary>
    public QueryVariants Flag => Kind switch
    {
        QueryVariantKind.Original => QueryVariants.None,
        QueryVariantKind.Turned => QueryVariants.PixelDihedral,
        QueryVariantKind.Upscaled => QueryVariants.Upscale,
        QueryVariantKind.Trimmed => QueryVariants.Trim,
        _ => QueryVariants.Embedded,
    };

    /// <summary>The query's pixels turned by <paramref name="turn"/>; <see cref="Original"/> for <see cref="PdqVariant.Original"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the eight variants.</exception>
    public static QueryVariant Turned(PdqVariant turn) =>
        turn == PdqVariant.Original ? Original :
        Enum.IsDefined(turn) ? new QueryVariant(QueryVariantKind.Turned, turn) :
        throw new ArgumentOutOfRangeException(nameof(turn), turn, "Unknown dihedral variant.");

    /// <summary><see cref="Name"/>.</summary>
    public override string ToString() => Name;
}

/// <summary>Which <see cref="QueryVariant"/>s to hash a query with, besides the original.</summary>
[Flags]
public enum QueryVariants
{
    /// <summary>The query as it is only (plain PDQ).</summary>
    None = 0,

    /// <summary>The seven rotations and flips of the query's pixels (<see cref="QueryVariantKind.Turned"/>), each through the full pipeline.</summary>
    PixelDihedral = 1,

    /// <summary><see cref="QueryVariantKind.Upscaled"/>, for queries whose long side is below 512.</summary>
    Upscale = 2,

    /// <summary><see cref="QueryVariantKind.Trimmed"/>, when the query has uniform borders.</summary>
    Trim = 4,

    /// <summary><see cref="QueryVariantKind.Embedded"/>, when a picture-like region is found inside the frame.</summary>
    Embedded = 8,

    /// <summary>Every variant.</summary>
    All = PixelDihedral | Upscale | Trim | Embedded,
}

/// <summary>One variant's hash of a query.</summary>
/// <param name="Variant">How the query was hashed.</param>
/// <param name="Result">The hash and its quality.</param>
public readonly record struct QueryVariantHash(QueryVariant Variant, PdqHashResult Result);

/// <summary>A list-side extra hash of an original (a crop), for entries flagged augmented.</summary>
/// <param name="Name">Which window: <c>crop95-c</c>, <c>crop90-tl</c>, ... (kept share of each side, then centre or corner).</param>
/// <param name="Result">The hash and its quality.</param>
public readonly record struct AugmentedHash(string Name, PdqHashResult Result);
