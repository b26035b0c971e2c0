using HashMatch.Matching;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Decisions;
using HashMatch.Server.Indexing;
using HashMatch.Server.Limits;
using HashMatch.Server.Storage;
using HashMatch.Video;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HashMatch.Server.Api;

/// <summary>
/// <c>POST /v1/match</c> for an uploaded video (<see cref="VideoUploads"/>): the file's exact hashes against every
/// enabled bank's entries, then its vPDQ (and, when a bank holds TMK signatures, its TMK+PDQF) against every enabled
/// bank's video entries (<see cref="SnapshotVideos"/>). FFmpeg decodes it from a spool file under the service's
/// limits (<see cref="VideoLimits"/>). A video that cannot be examined — FFmpeg missing, a limit passed, a damaged
/// or unsupported file — is a problem naming the reason, with whatever its exact hashes found, never "no match".
/// </summary>
internal static class VideoMatching
{
    public static async Task<Results<Ok<MatchResponse>, ProblemHttpResult, RetryAfterResult>> MatchAsync(
        HttpRequest request, ReadOnlyMemory<byte> bytes, string name, IndexSnapshot snapshot, ServerServices services, DecisionRecorder decisions, CancellationToken cancellationToken)
    {
        ExactHashes exact = ExactHashes.Compute(bytes.Span);
        MatchReport exactReport = snapshot.Matcher.MatchHashes(name, exact, null);
        services.Metrics.Queries.WithLabels("match").Inc();
        services.Metrics.Count(exactReport);
        HashesJson hashes = new() { Md5 = exact.Md5.ToString(), Sha1 = exact.Sha1.ToString(), Sha256 = exact.Sha256.ToString() };

        IReadOnlyList<VpdqFrameHash> frames;
        TmkHash? tmk = null;
        string spool = ImportSpool.NewFile(services.Options);
        try
        {
            await File.WriteAllBytesAsync(spool, bytes, cancellationToken);
            VideoDecodeOptions limits = VideoLimits.DecodeOptions(services.Options);
            // One hashing thread: the upload holds one decode slot (FFmpeg decodes in its own process meanwhile).
            frames = await Task.Run(() => VpdqHasher.HashFile(spool, new VpdqHashOptions { DecodeOptions = limits, MaxParallelism = 1 }, cancellationToken), cancellationToken);
            if (snapshot.HasTmk)
            {
                tmk = await Task.Run(() => TmkHasher.HashFile(spool, new TmkHashOptions { DecodeOptions = limits }, cancellationToken), cancellationToken);
            }
        }
        catch (HashMatchException e)
        {
            return await CannotExamineAsync(request, e.Reason, e.Message, name, exactReport, hashes, snapshot, services, decisions, cancellationToken);
        }
        finally
        {
            File.Delete(spool);
        }

        if (frames.Count == 0)
        {
            return await CannotExamineAsync(request, HashMatchErrorReason.Empty, $"{name}: FFmpeg decoded no frame of the video", name, exactReport, hashes, snapshot, services, decisions, cancellationToken);
        }

        List<VideoCandidate> videos = snapshot.Videos.Match(frames, tmk, snapshot);
        var (candidates, omitted, matched, excluded) = Verdicts(exactReport, videos, snapshot, services.Options.MaxCandidates);
        services.Metrics.Count(videos);
        int compared = frames.Where(f => f.Quality >= SnapshotVideos.VpdqOptions.MinQuality).Select(f => f.Hash).Distinct().Count();
        var (decisionId, unrecorded) = await RecordAsync(request, name, exactReport, videos, snapshot, services, decisions, cancellationToken);
        return TypedResults.Ok(new MatchResponse
        {
            Sequence = snapshot.Sequence,
            Hashes = hashes,
            Matched = matched,
            Excluded = excluded,
            Candidates = candidates,
            CandidatesOmitted = omitted > 0 ? omitted : null,
            DecisionId = decisionId,
            DecisionUnrecorded = unrecorded,
            Video = new VideoQueryJson { Frames = frames.Count, FramesCompared = compared, Tmk = tmk is not null },
        });
    }

    /// <summary>
    /// The problem for a video that could not be examined: 503 when FFmpeg is missing or ran out of time (another
    /// replica, or a later try, may manage), 413 over a limit, else 422; with the exact-hash candidates, recorded as
    /// a decision when they matched.
    /// </summary>
    private static async Task<Results<Ok<MatchResponse>, ProblemHttpResult, RetryAfterResult>> CannotExamineAsync(
        HttpRequest request, HashMatchErrorReason reason, string message, string name, MatchReport exactReport, HashesJson hashes, IndexSnapshot snapshot, ServerServices services, DecisionRecorder decisions, CancellationToken cancellationToken)
    {
        var (candidates, omitted, matched, excluded) = Verdicts(exactReport, [], snapshot, services.Options.MaxCandidates);
        var (decisionId, unrecorded) = await RecordAsync(request, name, exactReport, [], snapshot, services, decisions, cancellationToken);
        int status = reason switch
        {
            HashMatchErrorReason.DecoderUnavailable or HashMatchErrorReason.TimedOut => 503,
            HashMatchErrorReason.TooLarge => 413,
            _ => 422,
        };
        return Problems.Result(status, "Cannot examine the video", message, new Dictionary<string, object?>
        {
            ["reason"] = reason.ToString(),
            ["sequence"] = snapshot.Sequence,
            ["hashes"] = hashes,
            ["matched"] = matched,
            ["excluded"] = excluded,
            ["candidates"] = candidates,
            ["candidates_omitted"] = omitted > 0 ? omitted : null,
            ["decision_id"] = decisionId,
            ["decision_unrecorded"] = unrecorded,
        });
    }

    /// <summary>
    /// Exact candidates, then video ones, at most <paramref name="maxPerBank"/> per bank; when an exclusion bank
    /// matched by any technology, every match becomes <c>Excluded</c>, as the library decides for images.
    /// </summary>
    private static (IReadOnlyList<CandidateJson> Candidates, int Omitted, bool Matched, bool Excluded) Verdicts(MatchReport exactReport, List<VideoCandidate> videos, IndexSnapshot snapshot, int maxPerBank)
    {
        bool excluded = exactReport.IsExcluded || videos.Any(v => v.Verdict == MatchVerdict.Match && SnapshotVideos.IsExclusion(snapshot, v.Bank));
        if (excluded)
        {
            for (int i = 0; i < videos.Count; i++)
            {
                if (videos[i].Verdict == MatchVerdict.Match)
                {
                    videos[i] = videos[i] with { Verdict = MatchVerdict.Excluded };
                }
            }
        }

        var perBank = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<CandidateJson>();
        int omitted = 0;
        bool matched = false;
        void Add(string bank, CandidateJson candidate)
        {
            int count = perBank.GetValueOrDefault(bank);
            perBank[bank] = count + 1;
            if (count < maxPerBank)
            {
                kept.Add(candidate);
            }
            else
            {
                omitted++;
            }
        }

        foreach (MatchCandidate candidate in exactReport.Candidates)
        {
            CandidateJson json = ContractMapping.Candidate(candidate);
            Add(candidate.List, excluded && candidate.IsMatch ? json with { Verdict = nameof(MatchVerdict.Excluded) } : json);
            matched |= candidate.IsMatch && !excluded;
        }

        foreach (VideoCandidate candidate in videos)
        {
            Add(candidate.Bank, ContractMapping.Candidate(candidate));
            matched |= candidate.Verdict == MatchVerdict.Match;
        }

        return (kept, omitted, matched, excluded);
    }

    /// <summary>Records the decision when anything matched (before the answer goes out); its id, or why it was not recorded.</summary>
    private static async Task<(string? Id, string? Unrecorded)> RecordAsync(HttpRequest request, string name, MatchReport exactReport, List<VideoCandidate> videos, IndexSnapshot snapshot, ServerServices services, DecisionRecorder decisions, CancellationToken cancellationToken)
    {
        // Excluded queries flag nothing: their candidates' verdicts are no longer Match, on either side.
        DecisionRecord? decision = decisions.Enabled && !(exactReport.IsExcluded || videos.Any(v => v.Verdict == MatchVerdict.Excluded))
            ? MatchDecision.OfVideo(exactReport, videos, name, snapshot, services.Options.MaxCandidates, request.HttpContext.User.Identity?.Name, decisions.Now)
            : null;
        string? unrecorded = decision is null ? null : await decisions.RecordAsync([decision], cancellationToken);
        return (unrecorded is null ? decision?.Id : null, unrecorded);
    }
}
