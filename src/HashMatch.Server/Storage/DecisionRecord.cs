using HashMatch.Hashing;
using HashMatch.Pdq;
using HashMatch.Review;

namespace HashMatch.Server.Storage;

/// <summary>
/// One recorded match decision (<c>hm_decisions</c>): an answer of <c>/v1/match</c> or <c>/v1/lookup</c> with at
/// least one <c>Match</c> candidate. The query's hashes, never its bytes.
/// </summary>
/// <param name="Id">32 hex digits, made by the replica that answered (<see cref="NewId"/>).</param>
/// <param name="At">When it was answered.</param>
/// <param name="Endpoint"><c>match</c> or <c>lookup</c>.</param>
/// <param name="ApiKey">The name of the key that asked (never the key).</param>
/// <param name="QueryId">A lookup's <c>id</c> for the hash, or the upload's file name.</param>
/// <param name="Pdq">The query's PDQ hash, when it had one.</param>
/// <param name="Quality">Its PDQ quality.</param>
/// <param name="Exact">The query's exact hashes, when it had them.</param>
/// <param name="IndexSequence">The change of the banks the answer saw.</param>
/// <param name="Candidates">The candidates that flagged it (verdict <c>Match</c>), in the answer's order.</param>
internal sealed record DecisionRecord(
    string Id,
    DateTimeOffset At,
    string Endpoint,
    string? ApiKey,
    string? QueryId,
    PdqHash? Pdq,
    int? Quality,
    ExactHashes? Exact,
    long IndexSequence,
    IReadOnlyList<DecisionCandidate> Candidates)
{
    /// <summary>
    /// A new decision id for a decision made at <paramref name="at"/>: 48 bits of its Unix time in milliseconds, then
    /// 80 random bits (the layout of RFC 9562's UUIDv7, without its version bits). The random part keeps ids
    /// unguessable and replicas sharing a store from colliding; the time in front makes ids made later sort later, so
    /// the store appends each decision and its candidates at the end of their indexes instead of writing to a random
    /// page of each (docs/review.md, "What recording costs", has the lookup throughput before and after).
    /// </summary>
    public static string NewId(DateTimeOffset at)
    {
        Span<byte> id = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(id, at.ToUnixTimeMilliseconds() << 16);
        System.Security.Cryptography.RandomNumberGenerator.Fill(id[6..]);
        return Convert.ToHexStringLower(id);
    }

    /// <summary>Whether <paramref name="id"/> has the form <see cref="NewId"/> makes.</summary>
    public static bool IsWellFormed(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}

/// <summary>A candidate that flagged a decision (<c>hm_decision_candidates</c>).</summary>
/// <param name="Technology">As <see cref="MatchTechnologies.Of"/> names it.</param>
/// <param name="Bank">The bank's name when it matched.</param>
/// <param name="EntryId">The entry's id.</param>
/// <param name="EntrySource">The entry's source (the list or file it came from), when recorded.</param>
/// <param name="Distance">PDQ distance (0 for exact hashes).</param>
/// <param name="Threshold">The bank's threshold when it matched (0 for exact hashes).</param>
/// <param name="QueryQuality">The query's PDQ quality, when PDQ was compared.</param>
/// <param name="EntryQuality">The entry's recorded quality.</param>
internal sealed record DecisionCandidate(string Technology, string Bank, string EntryId, string? EntrySource, int Distance, int Threshold, int? QueryQuality, int? EntryQuality);

/// <summary>A review of a decision (<c>hm_reviews</c>, <c>hm_review_candidates</c>).</summary>
/// <param name="Id">The store's id (ascending: the latest review of a decision has the highest).</param>
/// <param name="DecisionId">The decision reviewed.</param>
/// <param name="Verdict">The verdict on the whole decision.</param>
/// <param name="Reviewer">The reviewer's pseudonym.</param>
/// <param name="Note">A note, or null.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Candidates">Verdicts on single candidates (bank, entry), when the reviewer gave any.</param>
internal sealed record ReviewRecord(long Id, string DecisionId, ReviewVerdict Verdict, string Reviewer, string? Note, DateTimeOffset At, IReadOnlyList<CandidateVerdict> Candidates);

/// <summary>A reviewer's verdict on the candidates of one bank entry within a decision.</summary>
internal sealed record CandidateVerdict(string Bank, string EntryId, ReviewVerdict Verdict);

/// <summary>A complaint against a decision and its outcome (<c>hm_complaints</c>).</summary>
internal sealed record ComplaintRecord(long Id, string DecisionId, ComplaintOutcome Outcome, string? Note, DateTimeOffset OpenedAt, DateTimeOffset? DecidedAt);

/// <summary>A decision with everything recorded about it, as <c>GET /v1/decisions/{id}</c> shows it.</summary>
internal sealed record DecisionHistory(DecisionRecord Decision, IReadOnlyList<ReviewRecord> Reviews, IReadOnlyList<ComplaintRecord> Complaints);

/// <summary>What the reports read of one decision: its flagging candidates and where review and complaints left it.</summary>
/// <param name="Id">The decision.</param>
/// <param name="At">When it was answered.</param>
/// <param name="Candidates">Its flagging candidates.</param>
/// <param name="Verdict">The latest review's verdict, or null when unreviewed.</param>
/// <param name="CandidateVerdicts">The latest review's per-candidate verdicts.</param>
/// <param name="Complaints">Complaints recorded.</param>
/// <param name="Reinstated">Whether a complaint ended with the content reinstated.</param>
internal sealed record DecisionSummary(string Id, DateTimeOffset At, IReadOnlyList<DecisionCandidate> Candidates, ReviewVerdict? Verdict, IReadOnlyList<CandidateVerdict> CandidateVerdicts, int Complaints, bool Reinstated);
