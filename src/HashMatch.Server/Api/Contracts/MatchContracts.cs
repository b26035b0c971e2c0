using System.Text.Json.Serialization;

namespace HashMatch.Server.Api.Contracts;

/// <summary><c>POST /v1/lookup</c>: up to 10,000 hashes, each of any kind (PDQ and/or exact hashes).</summary>
public sealed record LookupRequest
{
    /// <summary>The hashes to look up.</summary>
    public IReadOnlyList<LookupHash>? Hashes { get; init; }
}

/// <summary>One hash to look up: a PDQ hash (with its quality, 100 when not given) and/or exact hashes.</summary>
public sealed record LookupHash
{
    /// <summary>Echoed back in the result, to tie results to the caller's records.</summary>
    public string? Id { get; init; }

    /// <summary>PDQ hash, 64 hex digits.</summary>
    public string? Pdq { get; init; }

    /// <summary>Its PDQ quality, 0–100 (default 100: a hash without one is trusted).</summary>
    public int? Quality { get; init; }

    /// <summary>MD5, 32 hex digits.</summary>
    public string? Md5 { get; init; }

    /// <summary>SHA-1, 40 hex digits.</summary>
    public string? Sha1 { get; init; }

    /// <summary>SHA-256, 64 hex digits.</summary>
    public string? Sha256 { get; init; }
}

/// <summary>The lookup's results, one per hash in request order.</summary>
public sealed record LookupResponse
{
    /// <summary>The index change the lookup saw.</summary>
    public required long Sequence { get; init; }

    /// <summary>One result per hash.</summary>
    public required IReadOnlyList<LookupResult> Results { get; init; }

    /// <summary>
    /// Why the matches of this answer were not recorded as decisions (the store or its disk failed), or null when
    /// they were (or nothing matched). The matches stand; their results carry no <c>decision_id</c>.
    /// </summary>
    public string? DecisionUnrecorded { get; init; }
}

/// <summary>The candidates of one looked-up hash.</summary>
public sealed record LookupResult
{
    /// <summary>Position in the request.</summary>
    public required int Index { get; init; }

    /// <summary>The hash's <c>id</c>, when given.</summary>
    public string? Id { get; init; }

    /// <summary>Whether any bank matched (verdict <c>Match</c>).</summary>
    public required bool Matched { get; init; }

    /// <summary>Whether an exclusion bank cancelled the matches.</summary>
    public required bool Excluded { get; init; }

    /// <summary>Every candidate: exact ones first, then PDQ by bank and distance; verdicts say which are matches.</summary>
    public required IReadOnlyList<CandidateJson> Candidates { get; init; }

    /// <summary>Candidates left out beyond the server's per-bank cap (<c>--max-candidates</c>), or null when none were.</summary>
    public int? CandidatesOmitted { get; init; }

    /// <summary>The recorded decision, when a bank matched (and decisions are kept): what a review or complaint names.</summary>
    public string? DecisionId { get; init; }
}

/// <summary>
/// One candidate a query found in one bank (the library's <c>MatchCandidate</c>): the same members, names and values
/// as <c>hashmatch match --format jsonl</c> writes through the library's <c>MatchCandidateJson</c> (qualities written
/// as null when unknown, <c>augmented</c> only when true), except the metadata's <c>source</c> (see
/// <see cref="MetadataJson"/>); <c>CandidateWireTests</c> holds the two to that.
/// </summary>
public sealed record CandidateJson
{
    /// <summary>
    /// The bank the entry is in, under the name the CLI's <c>match</c> gives the same field (<c>list</c>): a bank is
    /// the service's stored hash list, and a candidate says which list it came from the same way everywhere.
    /// </summary>
    public required string List { get; init; }

    /// <summary>The entry's id.</summary>
    public required string EntryId { get; init; }

    /// <summary><c>md5</c>, <c>sha1</c>, <c>sha256</c>, <c>pdq</c> or <c>local</c>; for an uploaded video also <c>vpdq</c> or <c>tmk</c>.</summary>
    public required string Method { get; init; }

    /// <summary>PDQ Hamming distance (0 for exact matches).</summary>
    public required int Distance { get; init; }

    /// <summary>Which variant of the query matched (<c>original</c>, <c>rot90</c>, <c>region</c>, ...: <see cref="HashMatch.Pdq.QueryVariant.Name"/>).</summary>
    public required string QueryVariant { get; init; }

    /// <summary>Where in the query the known picture is, when the variant that matched is a region; absent otherwise.</summary>
    public RegionJson? QueryRegion { get; init; }

    /// <summary>For <c>method</c> <c>local</c> (a bank whose entries carry local-feature signals): the feature matches consistent with <see cref="Transform"/>, the candidate's score; absent otherwise.</summary>
    public int? Inliers { get; init; }

    /// <summary>For <c>method</c> <c>local</c>: how the upload lies in the known picture; absent otherwise.</summary>
    public LocalTransformJson? Transform { get; init; }

    /// <summary>The query's PDQ quality (null when the query was not hashed by PDQ).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? QueryQuality { get; init; }

    /// <summary>The entry's recorded PDQ quality (null when the list did not record one).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? EntryQuality { get; init; }

    /// <summary><c>Match</c>, <c>QueryLowQuality</c>, <c>EntryLowQuality</c> or <c>Excluded</c>.</summary>
    public required string Verdict { get; init; }

    /// <summary>Whether the entry is a derived (crop) hash; left out when false.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Augmented { get; init; }

    /// <summary>The entry's category, tags, source and note, when it has any.</summary>
    public MetadataJson? Metadata { get; init; }

    /// <summary>
    /// For a video candidate (<c>method</c> <c>vpdq</c> or <c>tmk</c>): its percentages or scores. Its
    /// <c>distance</c> is then 0..100, lower is closer: 100 − the query match percentage (vPDQ), or 100 × (1 − level 2)
    /// (TMK). Absent for image candidates.
    /// </summary>
    public VideoMatchJson? Video { get; init; }
}

/// <summary>
/// An entry's metadata as answers show it: category, tags and note. Not its source — the file path on the machine that
/// hashed it (<c>hashmatch hash</c>'s <c>path</c> column), which says nothing a moderation decision needs and may name
/// an analyst's folders; it stays in the bank and in exports (write scope).
/// </summary>
public sealed record MetadataJson
{
    /// <summary>Category.</summary>
    public string? Category { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Note.</summary>
    public string? Note { get; init; }
}

/// <summary><c>POST /v1/match</c>: an uploaded image's (or video's) hashes and its candidates in every enabled bank.</summary>
public sealed record MatchResponse
{
    /// <summary>The index change the match saw.</summary>
    public required long Sequence { get; init; }

    /// <summary>The upload's exact hashes and PDQ.</summary>
    public required HashesJson Hashes { get; init; }

    /// <summary>Whether any bank matched.</summary>
    public required bool Matched { get; init; }

    /// <summary>Whether an exclusion bank cancelled the matches.</summary>
    public required bool Excluded { get; init; }

    /// <summary>Every candidate (see <see cref="LookupResult.Candidates"/>).</summary>
    public required IReadOnlyList<CandidateJson> Candidates { get; init; }

    /// <summary>Candidates left out beyond the server's per-bank cap (<c>--max-candidates</c>), or null when none were.</summary>
    public int? CandidatesOmitted { get; init; }

    /// <summary>The recorded decision, when a bank matched (and decisions are kept): what a review or complaint names.</summary>
    public string? DecisionId { get; init; }

    /// <summary>Why the match was not recorded as a decision (the store or its disk failed), or null (see <see cref="LookupResponse.DecisionUnrecorded"/>).</summary>
    public string? DecisionUnrecorded { get; init; }

    /// <summary>For an uploaded video: what was computed (its <c>hashes</c> are then the file's exact hashes only).</summary>
    public VideoQueryJson? Video { get; init; }
}

/// <summary>An upload's hashes.</summary>
public sealed record HashesJson
{
    /// <summary>MD5 of the bytes.</summary>
    public string? Md5 { get; init; }

    /// <summary>SHA-1 of the bytes.</summary>
    public string? Sha1 { get; init; }

    /// <summary>SHA-256 of the bytes.</summary>
    public string? Sha256 { get; init; }

    /// <summary>PDQ hash of the decoded image.</summary>
    public string? Pdq { get; init; }

    /// <summary>PDQ quality.</summary>
    public int? Quality { get; init; }
}

/// <summary><c>POST /v1/hash</c>: an uploaded image's hashes (nothing is matched or stored).</summary>
public sealed record HashResponse
{
    /// <summary>MD5 of the bytes.</summary>
    public required string Md5 { get; init; }

    /// <summary>SHA-1 of the bytes.</summary>
    public required string Sha1 { get; init; }

    /// <summary>SHA-256 of the bytes.</summary>
    public required string Sha256 { get; init; }

    /// <summary>PDQ hash.</summary>
    public required string Pdq { get; init; }

    /// <summary>PDQ quality.</summary>
    public required int Quality { get; init; }

    /// <summary>Width stored in the file.</summary>
    public required int Width { get; init; }

    /// <summary>Height stored in the file.</summary>
    public required int Height { get; init; }

    /// <summary>Encoded format, e.g. <c>jpeg</c>.</summary>
    public required string Format { get; init; }

    /// <summary>The query variants' hashes when asked for with <c>?variants=</c>.</summary>
    public IReadOnlyList<VariantHashJson>? Variants { get; init; }
}

/// <summary>One query variant's hash.</summary>
public sealed record VariantHashJson
{
    /// <summary>The variant.</summary>
    public required string Variant { get; init; }

    /// <summary>The rectangle of the query the variant hashed, for a region; absent otherwise.</summary>
    public RegionJson? Region { get; init; }

    /// <summary>PDQ hash.</summary>
    public required string Pdq { get; init; }

    /// <summary>PDQ quality.</summary>
    public required int Quality { get; init; }
}

/// <summary>
/// How a query lies in a known picture (the library's <c>LocalTransform</c>, whose values come rounded: scale to a
/// thousandth, rotation and crop edges to a tenth).
/// </summary>
public sealed record LocalTransformJson
{
    /// <summary>Known-picture pixels per query pixel.</summary>
    public required double Scale { get; init; }

    /// <summary>Rotation from the query to the known picture, in degrees (clockwise on screen is positive).</summary>
    public required double RotationDegrees { get; init; }

    /// <summary>Whether the query is the known picture mirrored left to right.</summary>
    public required bool Mirrored { get; init; }

    /// <summary>The box of the known picture's pixels the query shows (the crop).</summary>
    public required CropJson Crop { get; init; }
}

/// <summary>Edges of a box in a known picture's pixels (they may fall outside it by a little: the signal's geometry is coarse).</summary>
public sealed record CropJson
{
    /// <summary>Left edge.</summary>
    public required double Left { get; init; }

    /// <summary>Top edge.</summary>
    public required double Top { get; init; }

    /// <summary>Right edge.</summary>
    public required double Right { get; init; }

    /// <summary>Bottom edge.</summary>
    public required double Bottom { get; init; }
}

/// <summary>A rectangle of the query in its pixels (the library's <c>QueryRegion</c>): <c>x</c>, <c>y</c> of the top-left corner, <c>width</c>, <c>height</c>.</summary>
public sealed record RegionJson
{
    /// <summary>Left edge, from 0.</summary>
    public required int X { get; init; }

    /// <summary>Top edge, from 0.</summary>
    public required int Y { get; init; }

    /// <summary>Columns.</summary>
    public required int Width { get; init; }

    /// <summary>Rows.</summary>
    public required int Height { get; init; }
}
