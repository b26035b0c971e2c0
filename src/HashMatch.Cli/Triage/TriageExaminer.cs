using HashMatch.Cli.Input;
using HashMatch.IO;
using HashMatch.Matching;
using HashMatch.Video;

namespace HashMatch.Cli.Triage;

/// <summary>
/// Examines one walked file for a triage, reading it once: an image is matched by its exact hashes and PDQ (with the
/// matcher's query variants); any other file by its exact hashes, streamed (so a 40 GB disk image costs no memory);
/// a video also by its sampled frames (vPDQ). Never throws for a bad file: every problem becomes the file's outcome.
/// Thread-safe.
/// </summary>
internal sealed class TriageExaminer(HashMatcher matcher, long maxImageBytes)
{
    public ExaminedFile Examine(WalkedFile file, CancellationToken cancel)
    {
        string path = file.Path;
        if (file.SkipReason is { } passedOver)
        {
            return new ExaminedFile { Path = path, Outcome = TriageOutcome.Skipped, Detail = passedOver };
        }

        if (file.Error is { } walkError)
        {
            return walkError.Reason == HashMatchErrorReason.NotAFile
                ? new ExaminedFile { Path = path, Outcome = TriageOutcome.Skipped, Detail = walkError.Detail }
                : Failed(path, null, walkError);
        }

        long size;
        try
        {
            size = new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(path, null, new HashMatchException(path, HashMatchErrorReason.Unreadable, e.Message, e));
        }

        if (VideoFileNames.IsVideo(path))
        {
            return Video(path, size, cancel);
        }

        if (size > maxImageBytes)
        {
            return ExactOnly(path, size, $"larger than the {maxImageBytes:N0}-byte image limit: exact hashes only", cancel);
        }

        MatchReport report = matcher.MatchFile(path, cancel);
        if (report.Error is not { } error)
        {
            return Concluded(path, size, report.Exact, report.Pdq, report.Candidates, failed: false, "");
        }

        if (report.Exact is null)
        {
            return Failed(path, size, error);
        }

        // Bytes that are no image format at all (documents, archives, programs) were compared by their exact hashes,
        // which is all that can be done with them: examined, not failed. A recognised image that would not decode
        // (truncated, corrupt, too many pixels) did fail its perceptual check.
        return error.Reason is HashMatchErrorReason.UnsupportedFormat or HashMatchErrorReason.Empty
            ? Concluded(path, size, report.Exact, null, report.Candidates, failed: false, error.Reason == HashMatchErrorReason.Empty ? "empty file" : "not an image: exact hashes only")
            : Concluded(path, size, report.Exact, null, report.Candidates, failed: true, Describe(error) + " (exact hashes compared)");
    }

    /// <summary>A video: exact hashes of the file, then its frames sampled once a second (vPDQ) matched as images; the closest frame per entry is kept.</summary>
    private ExaminedFile Video(string path, long size, CancellationToken cancel)
    {
        ExactHashes exact;
        try
        {
            exact = Digest(path, cancel);
        }
        catch (HashMatchException e)
        {
            return Failed(path, size, e);
        }

        IReadOnlyList<VpdqFrameHash> frames;
        try
        {
            frames = VpdqHasher.HashFile(path, cancellationToken: cancel);
        }
        catch (HashMatchException e)
        {
            MatchReport exactOnly = matcher.MatchHashes(path, exact, null);
            return Concluded(path, size, exact, null, exactOnly.Candidates, failed: true, Describe(e) + " (exact hashes compared)");
        }

        var candidates = new List<MatchCandidate>(matcher.MatchHashes(path, exact, null).Candidates);
        var closest = new Dictionary<(string List, string Entry), int>();
        foreach (VpdqFrameHash frame in frames)
        {
            foreach (MatchCandidate candidate in matcher.MatchHashes(path, null, new PdqHashResult(frame.Hash, frame.Quality)).Candidates)
            {
                if (!closest.TryGetValue((candidate.List, candidate.EntryId), out int at))
                {
                    closest[(candidate.List, candidate.EntryId)] = candidates.Count;
                    candidates.Add(candidate);
                }
                else if (Rank(candidate).CompareTo(Rank(candidates[at])) < 0)
                {
                    candidates[at] = candidate;
                }
            }
        }

        return Concluded(path, size, exact, null, candidates, failed: false, $"video: {frames.Count:N0} frames sampled (vPDQ, one per second)");

        // A match before a low-quality one, then the smaller distance.
        static (int, int) Rank(MatchCandidate c) => (c.IsMatch ? 0 : 1, c.Distance);
    }

    private ExaminedFile ExactOnly(string path, long size, string detail, CancellationToken cancel)
    {
        try
        {
            ExactHashes exact = Digest(path, cancel);
            return Concluded(path, size, exact, null, matcher.MatchHashes(path, exact, null).Candidates, failed: false, detail);
        }
        catch (HashMatchException e)
        {
            return Failed(path, size, e);
        }
    }

    private static ExactHashes Digest(string path, CancellationToken cancel)
    {
        using FileStream stream = InputFile.OpenRead(path);
        return ExactHashes.Compute(stream, path, cancel);
    }

    private static ExaminedFile Concluded(string path, long size, ExactHashes? exact, PdqHashResult? pdq, IReadOnlyList<MatchCandidate> candidates, bool failed, string detail) => new()
    {
        Path = path,
        Size = size,
        Exact = exact,
        Pdq = pdq,
        Candidates = candidates,
        Outcome = TriageOutcomes.Of(candidates.Select(c => c.Verdict), failed),
        Detail = detail,
    };

    private static ExaminedFile Failed(string path, long? size, HashMatchException error) =>
        new() { Path = path, Size = size, Outcome = TriageOutcome.Failed, Detail = Describe(error) };

    /// <summary>The reason as a lower-case word and the detail, without the path (the line names the file already).</summary>
    private static string Describe(HashMatchException error) => $"{ReasonName(error.Reason)}: {error.Detail}";

    private static string ReasonName(HashMatchErrorReason reason) => reason switch
    {
        HashMatchErrorReason.UnsupportedFormat => "unsupported format",
        HashMatchErrorReason.TooLarge => "too large",
        HashMatchErrorReason.NotAFile => "not a file",
        HashMatchErrorReason.TimedOut => "timed out",
        HashMatchErrorReason.DecoderUnavailable => "decoder unavailable",
        HashMatchErrorReason.OutOfRange => "out of range",
        HashMatchErrorReason.WriteFailed => "write failed",
        HashMatchErrorReason.Empty => "empty",
        HashMatchErrorReason.Truncated => "truncated",
        HashMatchErrorReason.Corrupt => "corrupt",
        HashMatchErrorReason.Unreadable => "unreadable",
        HashMatchErrorReason.Malformed => "malformed",
        _ => reason.ToString(),
    };
}
