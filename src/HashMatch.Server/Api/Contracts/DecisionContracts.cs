namespace HashMatch.Server.Api.Contracts;

/// <summary>A recorded match decision with its reviews and complaints (<c>GET /v1/decisions/{id}</c>).</summary>
public sealed record DecisionResponse
{
    /// <summary>The decision's id, as the answer gave it (<c>decision_id</c>).</summary>
    public required string Id { get; init; }

    /// <summary>When it was answered.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary><c>match</c> or <c>lookup</c>.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The name of the API key that asked.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The lookup's <c>id</c> for the hash, or the upload's file name.</summary>
    public string? QueryId { get; init; }

    /// <summary>Where reviewers see the operator's own copy of the upload (<c>serve --review-link</c> with the query id), or null.</summary>
    public string? Link { get; init; }

    /// <summary>The query's hashes (never its bytes: they are not kept).</summary>
    public required HashesJson Hashes { get; init; }

    /// <summary>The change of the banks the answer saw.</summary>
    public required long Sequence { get; init; }

    /// <summary>The candidates that flagged it, in the answer's order.</summary>
    public required IReadOnlyList<DecisionCandidateJson> Candidates { get; init; }

    /// <summary>The latest review's verdict (<c>confirmed</c>, <c>false_positive</c>, <c>undetermined</c>), or null when not reviewed.</summary>
    public string? Verdict { get; init; }

    /// <summary>Every review, oldest first (the latest stands).</summary>
    public required IReadOnlyList<ReviewResponse> Reviews { get; init; }

    /// <summary>Every complaint, oldest first.</summary>
    public required IReadOnlyList<ComplaintResponse> Complaints { get; init; }
}

/// <summary>A candidate that flagged a decision.</summary>
public sealed record DecisionCandidateJson
{
    /// <summary>The technology: <c>md5</c>, <c>sha1</c>, <c>sha256</c>, <c>pdq</c>, <c>pdq:VARIANT</c>, <c>pdq:augmented</c>, <c>vpdq</c>, <c>tmk</c>.</summary>
    public required string Technology { get; init; }

    /// <summary>The bank, named <c>list</c> as in the match answers.</summary>
    public required string List { get; init; }

    /// <summary>The entry's id.</summary>
    public required string EntryId { get; init; }

    /// <summary>The entry's source (the list version or file it came from), when recorded.</summary>
    public string? EntrySource { get; init; }

    /// <summary>PDQ distance (0 for exact hashes).</summary>
    public required int Distance { get; init; }

    /// <summary>The bank's threshold when it matched (0 for exact hashes).</summary>
    public required int Threshold { get; init; }

    /// <summary>The query's PDQ quality.</summary>
    public int? QueryQuality { get; init; }

    /// <summary>The entry's recorded quality.</summary>
    public int? EntryQuality { get; init; }
}

/// <summary><c>POST /v1/reviews</c>: a reviewer's verdict on a decision (a later review of the same decision supersedes it; both are kept).</summary>
public sealed record ReviewRequest
{
    /// <summary>The decision, as the match answer named it.</summary>
    public string? DecisionId { get; init; }

    /// <summary><c>confirmed</c>, <c>false_positive</c> or <c>undetermined</c>.</summary>
    public string? Verdict { get; init; }

    /// <summary>The reviewer: a pseudonym the operator chooses (at most 64 characters).</summary>
    public string? Reviewer { get; init; }

    /// <summary>A note (at most 2,000 characters).</summary>
    public string? Note { get; init; }

    /// <summary>Verdicts on single candidates when the decision has several that disagree; the rest take <see cref="Verdict"/>.</summary>
    public IReadOnlyList<CandidateVerdictJson>? Candidates { get; init; }
}

/// <summary>A verdict on the candidates of one bank entry within a decision.</summary>
public sealed record CandidateVerdictJson
{
    /// <summary>The bank (<c>list</c> in the answers).</summary>
    public string? List { get; init; }

    /// <summary>The entry's id.</summary>
    public string? EntryId { get; init; }

    /// <summary><c>confirmed</c>, <c>false_positive</c> or <c>undetermined</c>.</summary>
    public string? Verdict { get; init; }
}

/// <summary>A recorded review.</summary>
public sealed record ReviewResponse
{
    /// <summary>The review's id.</summary>
    public required long Id { get; init; }

    /// <summary>The decision reviewed.</summary>
    public required string DecisionId { get; init; }

    /// <summary>The verdict.</summary>
    public required string Verdict { get; init; }

    /// <summary>The reviewer's pseudonym.</summary>
    public required string Reviewer { get; init; }

    /// <summary>The note.</summary>
    public string? Note { get; init; }

    /// <summary>When it was recorded.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Per-candidate verdicts, when given.</summary>
    public IReadOnlyList<CandidateVerdictJson>? Candidates { get; init; }
}

/// <summary><c>POST /v1/complaints</c>: a complaint against a decision (by the person whose content it flagged), and its outcome when known.</summary>
public sealed record ComplaintRequest
{
    /// <summary>The decision complained about.</summary>
    public string? DecisionId { get; init; }

    /// <summary><c>pending</c> (default), <c>upheld</c> or <c>reinstated</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary>A note (at most 2,000 characters).</summary>
    public string? Note { get; init; }
}

/// <summary><c>PATCH /v1/complaints/{id}</c>: how a complaint ended.</summary>
public sealed record ComplaintOutcomeRequest
{
    /// <summary><c>pending</c>, <c>upheld</c> or <c>reinstated</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary>A note replacing the complaint's, when given.</summary>
    public string? Note { get; init; }
}

/// <summary>A recorded complaint.</summary>
public sealed record ComplaintResponse
{
    /// <summary>The complaint's id.</summary>
    public required long Id { get; init; }

    /// <summary>The decision complained about.</summary>
    public required string DecisionId { get; init; }

    /// <summary><c>pending</c>, <c>upheld</c> or <c>reinstated</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The note.</summary>
    public string? Note { get; init; }

    /// <summary>When it was recorded.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>When its outcome was decided, or null while pending.</summary>
    public DateTimeOffset? DecidedAt { get; init; }
}

/// <summary><c>GET /v1/decisions</c>: decisions newest first (the review queue with <c>?unreviewed=true</c>).</summary>
public sealed record DecisionListResponse
{
    /// <summary>The decisions.</summary>
    public required IReadOnlyList<DecisionResponse> Decisions { get; init; }
}

/// <summary>
/// One row of <c>GET /v1/reports/errors</c>: the library's <c>ErrorReportRow</c> under the column names of the CSV
/// form (<c>ErrorReportCsv.Columns</c>).
/// </summary>
public sealed record ErrorReportRowJson
{
    /// <summary>The technology, or <c>all</c> for the row that counts every decision once.</summary>
    public required string Technology { get; init; }

    /// <summary>The bank, in a per-bank report.</summary>
    public string? Bank { get; init; }

    /// <summary>Decisions flagged.</summary>
    public required long Flagged { get; init; }

    /// <summary>Of those, reviewed.</summary>
    public required long Reviewed { get; init; }

    /// <summary>Reviewed and confirmed.</summary>
    public required long Confirmed { get; init; }

    /// <summary>Reviewed and found false positives.</summary>
    public required long FalsePositives { get; init; }

    /// <summary>Reviewed without a conclusion.</summary>
    public required long Undetermined { get; init; }

    /// <summary>False positives / (confirmed + false positives); null when neither.</summary>
    public double? FpRatio { get; init; }

    /// <summary>Its 95 % interval's lower bound.</summary>
    public double? FpRatioLow { get; init; }

    /// <summary>Its 95 % interval's upper bound.</summary>
    public double? FpRatioHigh { get; init; }

    /// <summary>Complaints against the decisions counted.</summary>
    public required long Complaints { get; init; }

    /// <summary>Decisions reversed after a complaint.</summary>
    public required long Reinstated { get; init; }
}

/// <summary>One row of <c>GET /v1/reports/thresholds</c> (the library's <c>ThresholdRow</c>).</summary>
public sealed record ThresholdRowJson
{
    /// <summary>The PDQ threshold (inclusive).</summary>
    public required int Threshold { get; init; }

    /// <summary>Confirmed decisions still flagged at it.</summary>
    public required long ConfirmedKept { get; init; }

    /// <summary>Confirmed decisions missed at it.</summary>
    public required long ConfirmedLost { get; init; }

    /// <summary>False positives still flagged at it.</summary>
    public required long FalsePositivesKept { get; init; }

    /// <summary>False positives avoided at it.</summary>
    public required long FalsePositivesAvoided { get; init; }
}

/// <summary>
/// <c>POST /v1/quarantine</c>, <c>POST /v1/quarantine/release</c> and <c>POST /v1/exclusions</c>: the bank entry a
/// review found (a false positive), and for an exclusion the exclusion bank its hashes are copied into.
/// </summary>
public sealed record FeedbackRequest
{
    /// <summary>The bank whose entry it is (<c>list</c> as in the answers).</summary>
    public string? List { get; init; }

    /// <summary>The entry's id.</summary>
    public string? EntryId { get; init; }

    /// <summary>The decision whose review prompted it (recorded with the action).</summary>
    public string? DecisionId { get; init; }

    /// <summary>For an exclusion: the exclusion bank the entry's hashes are copied into.</summary>
    public string? Into { get; init; }
}

/// <summary>What a quarantine, release or exclusion did.</summary>
public sealed record FeedbackResponse
{
    /// <summary><c>quarantine</c>, <c>release</c> or <c>exclude</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The bank whose entry it was.</summary>
    public required string Bank { get; init; }

    /// <summary>The entry.</summary>
    public required string EntryId { get; init; }

    /// <summary>Rows moved or copied (an entry and its crops).</summary>
    public required long Entries { get; init; }

    /// <summary>The exclusion bank, for <c>exclude</c>.</summary>
    public string? Into { get; init; }

    /// <summary>The change that did it.</summary>
    public required long Sequence { get; init; }

    /// <summary>Whether this replica serves the change already.</summary>
    public required bool Applied { get; init; }
}

/// <summary><c>GET /v1/quarantine?list=NAME</c>: a bank's quarantined entries.</summary>
public sealed record QuarantineListResponse
{
    /// <summary>The entries.</summary>
    public required IReadOnlyList<QuarantinedEntryJson> Entries { get; init; }
}

/// <summary>A quarantined entry.</summary>
public sealed record QuarantinedEntryJson
{
    /// <summary>The entry's id.</summary>
    public required string EntryId { get; init; }

    /// <summary>When it went into quarantine.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The decision whose review sent it there.</summary>
    public string? DecisionId { get; init; }
}
