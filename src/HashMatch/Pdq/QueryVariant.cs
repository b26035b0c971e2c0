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

    /// <summary>
    /// A picture-like rectangle of the query cut out and hashed as an image of its own (<see cref="QueryVariant.Region"/>
    /// says where): inside borders or chrome, a tile of a collage, a picture over another picture.
    /// </summary>
    Region,
}

/// <summary>
/// A way of hashing a query image besides as it is, to find copies plain PDQ misses. Lists stay standard PDQ of the
/// stored picture; only the query is hashed several ways (docs/query-variants.md). The rotations and flips are
/// the eight <see cref="PdqVariant"/>s — the same transforms <see cref="PdqDihedralHashes"/> computes in the DCT
/// domain — applied to the query's pixels; <see cref="Name"/> is the one text form (<c>original</c>, <c>rot90</c>, ...,
/// <c>upscaled</c>, <c>region</c>) that the CLI and the service print. A region variant also says which rectangle of
/// the query it hashed (<see cref="Region"/>).
/// </summary>
public readonly record struct QueryVariant
{
    private QueryVariant(QueryVariantKind kind, PdqVariant turn, QueryRegion? region = null)
    {
        Kind = kind;
        Turn = turn;
        Region = region;
    }

    /// <summary>The query as it is (also the default value).</summary>
    public static QueryVariant Original => default;

    /// <summary>The query upscaled (<see cref="QueryVariantKind.Upscaled"/>).</summary>
    public static QueryVariant Upscaled { get; } = new(QueryVariantKind.Upscaled, PdqVariant.Original);

    /// <summary>What was done to the query's pixels.</summary>
    public QueryVariantKind Kind { get; }

    /// <summary>The rotation or flip applied to the query's pixels (<see cref="PdqVariant.Original"/> unless <see cref="Kind"/> is <see cref="QueryVariantKind.Turned"/>).</summary>
    public PdqVariant Turn { get; }

    /// <summary>
    /// The rectangle of the query, in the query's pixels, that was cut out and hashed when <see cref="Kind"/> is
    /// <see cref="QueryVariantKind.Region"/>; null for every other kind.
    /// </summary>
    public QueryRegion? Region { get; }

    /// <summary>
    /// The text form: the <see cref="PdqVariantNames"/> name for the original and the turns (<c>original</c>,
    /// <c>rot90</c>, ...), else <c>upscaled</c> or <c>region</c> (which rectangle is <see cref="Region"/>).
    /// </summary>
    public string Name => Kind switch
    {
        QueryVariantKind.Original or QueryVariantKind.Turned => PdqVariantNames.Name(Turn),
        QueryVariantKind.Upscaled => "upscaled",
        _ => "region",
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
        _ => QueryVariants.Region,
    };

    /// <summary>The query's pixels turned by <paramref name="turn"/>; <see cref="Original"/> for <see cref="PdqVariant.Original"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the eight variants.</exception>
    public static QueryVariant Turned(PdqVariant turn) =>
        turn == PdqVariant.Original ? Original :
        Enum.IsDefined(turn) ? new QueryVariant(QueryVariantKind.Turned, turn) :
        throw new ArgumentOutOfRangeException(nameof(turn), turn, "Unknown dihedral variant.");

    /// <summary>The rectangle <paramref name="region"/> of the query, cut out and hashed (<see cref="QueryVariantKind.Region"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rectangle starts left of or above the image, or is empty.</exception>
    public static QueryVariant ForRegion(QueryRegion region)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(region.X, nameof(region));
        ArgumentOutOfRangeException.ThrowIfNegative(region.Y, nameof(region));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(region.Width, nameof(region));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(region.Height, nameof(region));
        return new QueryVariant(QueryVariantKind.Region, PdqVariant.Original, region);
    }

    /// <summary><see cref="Name"/>, and for a region its rectangle (<c>region 0,120,640,480</c>).</summary>
    public override string ToString() => Region is { } region ? $"{Name} {region}" : Name;
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

    /// <summary>
    /// <see cref="QueryVariantKind.Region"/>: every picture-like rectangle the picture localiser finds in the query
    /// (inside borders, chrome, caption bars; collage tiles; a picture over another picture), at most
    /// 16.
    /// </summary>
    Region = 4,

    /// <summary>Every variant.</summary>
    All = PixelDihedral | Upscale | Region,
}

/// <summary>One variant's hash of a query.</summary>
/// <param name="Variant">How the query was hashed.</param>
/// <param name="Result">The hash and its quality.</param>
public readonly record struct QueryVariantHash(QueryVariant Variant, PdqHashResult Result);

/// <summary>A list-side extra hash of an original (a crop), for entries flagged augmented; made by <see cref="PdqHasher.HashCrops"/>.</summary>
public readonly struct AugmentedHash
{
    internal AugmentedHash(string name, PdqHashResult result)
    {
        Name = name;
        Result = result;
    }

    /// <summary>Which window: <c>crop95-c</c>, <c>crop90-tl</c>, ... (kept share of each side, then centre or corner).</summary>
    public string Name { get; }

    /// <summary>The hash and its quality.</summary>
    public PdqHashResult Result { get; }
}
