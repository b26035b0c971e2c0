using System.Globalization;
using System.Text;
using HashMatch.Lists;
using HashMatch.Review;
using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Decisions;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.Api;

/// <summary>
/// The operator's loop, for keys with the review scope: recorded decisions (<c>GET /v1/decisions</c>, one by id, the
/// unreviewed ones as a queue), reviews (<c>POST /v1/reviews</c>), complaints (<c>POST /v1/complaints</c>,
/// <c>PATCH /v1/complaints/{id}</c>), feedback into the banks (<c>/v1/quarantine</c>, <c>/v1/exclusions</c>) and the
/// reports (<c>GET /v1/reports/errors</c>, <c>GET /v1/reports/thresholds</c>), read from the store.
/// </summary>
internal static class DecisionEndpoints
{
    /// <summary>Longest reviewer pseudonym.</summary>
    public const int MaxReviewerLength = 64;

    /// <summary>Longest note on a review or complaint.</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>Most decisions one <c>GET /v1/decisions</c> returns.</summary>
    public const int MaxListed = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder v1 = app.MapGroup("/v1").WithTags("review").RequireReviewKey()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        v1.MapGet("/decisions/{id}", Get)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A recorded match decision: the query's hashes, the candidates that flagged it (technology, bank, entry, distance, threshold), its reviews and complaints.");
        v1.MapGet("/decisions", List)
            .WithSummary("Decisions newest first (?unreviewed=true for the review queue; ?list=, ?technology=, ?max_distance= those with a candidate of that bank, technology and within that distance, together; ?from=&to= a period; ?limit= at most 500).");
        v1.MapPost("/reviews", AddReview)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Records a reviewer's verdict on a decision (confirmed, false_positive, undetermined), optionally per candidate; a later review supersedes it, both are kept.");
        v1.MapPost("/complaints", Complain)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Records a complaint against a decision, with its outcome when known (pending, upheld, reinstated).");
        v1.MapMethods("/complaints/{id:long}", ["PATCH"], Decide)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Records how a complaint ended.");
        v1.MapGet("/reports/errors", Errors)
            .Produces<IReadOnlyList<ErrorReportRowJson>>(StatusCodes.Status200OK, "application/json", "text/csv", "text/html")
            .WithSummary("False positives per technology over ?from=&to= (?bank= one bank, ?by_bank=true a row per technology and bank; ?format=csv or Accept: text/csv for CSV; ?format=html the page to hand on, as hashmatch report errors --format html writes it): flagged, reviewed, confirmed, false positives, undetermined, the ratio with its 95 % interval, complaints, reinstatements.");
        v1.MapGet("/reports/thresholds", Thresholds)
            .WithSummary("For ?bank=NAME: what each PDQ threshold 0-64 would have kept and lost of the reviewed decisions it flagged by PDQ (?from=&to=).");
        v1.MapPost("/quarantine", Quarantine).ProducesStoreWriteProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Takes an entry (and its crops) out of its bank into quarantine: no longer matched, kept to be released. Recorded.");
        v1.MapPost("/quarantine/release", Release).ProducesStoreWriteProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Puts a quarantined entry back into its bank exactly as it was. Recorded.");
        v1.MapGet("/quarantine", Quarantined)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A bank's quarantined entries (?list=BANK).");
        v1.MapPost("/exclusions", Exclude).ProducesStoreWriteProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Copies an entry's hashes into an exclusion bank (into), so that what it matches is excluded in every bank. Recorded.");
    }

    private static async Task<Results<Ok<DecisionResponse>, ProblemHttpResult>> Get(string id, IDecisionStore store, ServerOptions options, CancellationToken cancellationToken) =>
        DecisionRecord.IsWellFormed(id) && await store.DecisionAsync(id, cancellationToken) is { } decision
            ? TypedResults.Ok(Decision(decision, options))
            : NoDecision(id);

    private static async Task<Results<Ok<DecisionListResponse>, ProblemHttpResult>> List(
        IDecisionStore store, DecisionRecorder recorder, ServerOptions options, string? from, string? to, string? list, string? technology,
        [FromQuery(Name = "max_distance")] int? maxDistance, bool? unreviewed, int? limit, CancellationToken cancellationToken)
    {
        var (start, end, problem) = Period(from, to, recorder.Now);
        if (problem is not null)
        {
            return Problems.Result(400, "Invalid period", problem);
        }

        if (limit is < 1 or > MaxListed)
        {
            return Problems.Result(400, "Invalid limit", $"limit: 1 to {MaxListed}");
        }

        if (technology is not null && !MatchTechnologies.IsKnown(technology))
        {
            return Problems.Result(400, "Invalid technology", $"technology: '{technology}' is not one of {string.Join(", ", MatchTechnologies.All)}");
        }

        if (maxDistance is < 0)
        {
            return Problems.Result(400, "Invalid distance", "max_distance: at least 0");
        }

        var query = new DecisionQuery
        {
            From = start!.Value, To = end!.Value, Unreviewed = unreviewed ?? false,
            Bank = list, Technology = technology, MaxDistance = maxDistance, Limit = limit ?? 100,
        };
        IReadOnlyList<DecisionHistory> decisions = await store.DecisionsAsync(query, cancellationToken);
        return TypedResults.Ok(new DecisionListResponse { Decisions = [.. decisions.Select(d => Decision(d, options))] });
    }

    private static async Task<Results<Ok<ReviewResponse>, ProblemHttpResult>> AddReview(ReviewRequest? request, IDecisionStore store, DecisionRecorder recorder, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.Result(400, "Invalid review", "the body is {\"decision_id\":...,\"verdict\":\"confirmed|false_positive|undetermined\",\"reviewer\":...}");
        }

        if (!ReviewNames.TryParse(request.Verdict, out ReviewVerdict verdict))
        {
            return Problems.Result(400, "Invalid review", $"verdict: '{request.Verdict}' is not confirmed, false_positive or undetermined");
        }

        if ((TextProblem(request.Reviewer, "reviewer", MaxReviewerLength, required: true) ?? TextProblem(request.Note, "note", MaxNoteLength, required: false)) is { } problem)
        {
            return Problems.Result(400, "Invalid review", problem);
        }

        if (!DecisionRecord.IsWellFormed(request.DecisionId) || await store.DecisionAsync(request.DecisionId!, cancellationToken) is not { } decision)
        {
            return NoDecision(request.DecisionId);
        }

        var candidates = new List<CandidateVerdict>();
        foreach (var (item, i) in (request.Candidates ?? []).Select((c, i) => (c, i)))
        {
            if (item is null || !ReviewNames.TryParse(item.Verdict, out ReviewVerdict own))
            {
                return Problems.Result(400, "Invalid review", $"candidates[{i}].verdict: '{item?.Verdict}' is not confirmed, false_positive or undetermined");
            }

            if (!decision.Decision.Candidates.Any(c => c.Bank == item.List && c.EntryId == item.EntryId))
            {
                return Problems.Result(400, "Invalid review", $"candidates[{i}]: entry '{item.EntryId}' of '{item.List}' did not flag decision {decision.Decision.Id}");
            }

            if (candidates.Any(c => c.Bank == item.List && c.EntryId == item.EntryId))
            {
                return Problems.Result(400, "Invalid review", $"candidates[{i}]: entry '{item.EntryId}' of '{item.List}' is given twice");
            }

            candidates.Add(new CandidateVerdict(item.List!, item.EntryId!, own));
        }

        ReviewRecord? review = await store.AddReviewAsync(decision.Decision.Id, verdict, request.Reviewer!, request.Note, candidates, recorder.Now, cancellationToken);
        return review is null ? NoDecision(request.DecisionId) : TypedResults.Ok(Review(review));
    }

    private static async Task<Results<Ok<ComplaintResponse>, ProblemHttpResult>> Complain(ComplaintRequest? request, IDecisionStore store, DecisionRecorder recorder, CancellationToken cancellationToken)
    {
        ComplaintOutcome outcome = ComplaintOutcome.Pending;
        if (request is null || (request.Outcome is not null && !ReviewNames.TryParse(request.Outcome, out outcome)))
        {
            return Problems.Result(400, "Invalid complaint", $"the body is {{\"decision_id\":...,\"outcome\":\"pending|upheld|reinstated\",\"note\":...}}; outcome '{request?.Outcome}' is not one of them");
        }

        if (TextProblem(request.Note, "note", MaxNoteLength, required: false) is { } problem)
        {
            return Problems.Result(400, "Invalid complaint", problem);
        }

        ComplaintRecord? complaint = DecisionRecord.IsWellFormed(request.DecisionId)
            ? await store.AddComplaintAsync(request.DecisionId!, outcome, request.Note, recorder.Now, cancellationToken)
            : null;
        return complaint is null ? NoDecision(request.DecisionId) : TypedResults.Ok(Complaint(complaint));
    }

    private static async Task<Results<Ok<ComplaintResponse>, ProblemHttpResult>> Decide(long id, ComplaintOutcomeRequest? request, IDecisionStore store, DecisionRecorder recorder, CancellationToken cancellationToken)
    {
        if (request is null || !ReviewNames.TryParse(request.Outcome, out ComplaintOutcome outcome))
        {
            return Problems.Result(400, "Invalid outcome", $"outcome: '{request?.Outcome}' is not pending, upheld or reinstated");
        }

        if (TextProblem(request.Note, "note", MaxNoteLength, required: false) is { } problem)
        {
            return Problems.Result(400, "Invalid outcome", problem);
        }

        return await store.DecideComplaintAsync(id, outcome, request.Note, recorder.Now, cancellationToken) is { } complaint
            ? TypedResults.Ok(Complaint(complaint))
            : Problems.Result(404, "No such complaint", $"there is no complaint {id}");
    }

    private static async Task<Results<Ok<List<ErrorReportRowJson>>, ContentHttpResult, ProblemHttpResult>> Errors(HttpRequest request, ServerServices services, IDecisionStore store, DecisionRecorder recorder, string? from, string? to, string? bank, [FromQuery(Name = "by_bank")] bool? byBank, string? format, CancellationToken cancellationToken)
    {
        var (start, end, problem) = Period(from, to, recorder.Now);
        if (problem is not null)
        {
            return Problems.Result(400, "Invalid period", problem);
        }

        if (format is not (null or "csv" or "json" or "html"))
        {
            return Problems.Result(400, "Unknown format", $"format: '{format}' is not json, csv or html");
        }

        if (format == "html")
        {
            string page = await DecisionArchive.ErrorReportPageAsync(services.Store, store, start!.Value, end!.Value, bank, byBank ?? false, null, $"hashmatch serve {ServerVersion}", recorder.Now, cancellationToken);
            return TypedResults.Text(page, "text/html", Encoding.UTF8);
        }

        bool csv = format == "csv" || (format is null && request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true));
        IReadOnlyList<ErrorReportRow> rows = await DecisionArchive.ErrorReportAsync(store, start!.Value, end!.Value, bank, byBank ?? false, cancellationToken);
        if (csv)
        {
            var text = new StringWriter(CultureInfo.InvariantCulture);
            ErrorReportCsv.Write(text, rows);
            return TypedResults.Text(text.ToString(), "text/csv", Encoding.UTF8);
        }

        return TypedResults.Ok(rows.Select(DecisionArchive.Json).ToList());
    }

    private static async Task<Results<Ok<List<ThresholdRowJson>>, ProblemHttpResult>> Thresholds(IDecisionStore store, DecisionRecorder recorder, string? bank, string? from, string? to, CancellationToken cancellationToken)
    {
        var (start, end, problem) = Period(from, to, recorder.Now);
        if (problem is not null || string.IsNullOrEmpty(bank))
        {
            return Problems.Result(400, "Invalid query", problem ?? "bank: name the bank");
        }

        IReadOnlyList<ThresholdRow> rows = await DecisionArchive.ThresholdAdviceAsync(store, bank, start!.Value, end!.Value, cancellationToken);
        return TypedResults.Ok(rows.Select(r => new ThresholdRowJson
        {
            Threshold = r.Threshold,
            ConfirmedKept = r.ConfirmedKept,
            ConfirmedLost = r.ConfirmedLost,
            FalsePositivesKept = r.FalsePositivesKept,
            FalsePositivesAvoided = r.FalsePositivesAvoided,
        }).ToList());
    }

    private static async Task<Results<Ok<FeedbackResponse>, ProblemHttpResult>> Quarantine(HttpContext context, FeedbackRequest? request, ServerServices services, IDecisionStore store, DecisionRecorder recorder, CancellationToken cancellationToken)
    {
        var (bank, problem) = await FeedbackBankAsync(request, services, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (sequence, moved) = await store.QuarantineAsync(bank!.Id, bank.Name, request!.EntryId!, request.DecisionId, context.User.Identity?.Name, recorder.Now, cancellationToken);
        return moved == 0
            ? NoEntry(bank.Name, request.EntryId!)
            : TypedResults.Ok(await FeedbackAsync("quarantine", bank.Name, request.EntryId!, moved, null, sequence, bank.Id, services, cancellationToken));
    }

    private static async Task<Results<Ok<FeedbackResponse>, ProblemHttpResult>> Release(HttpContext context, FeedbackRequest? request, ServerServices services, IDecisionStore store, DecisionRecorder recorder, CancellationToken cancellationToken)
    {
        var (bank, problem) = await FeedbackBankAsync(request, services, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (sequence, moved) = await store.ReleaseAsync(bank!.Id, bank.Name, request!.EntryId!, context.User.Identity?.Name, recorder.Now, cancellationToken);
        return moved == 0
            ? Problems.Result(404, "Not quarantined", $"bank '{bank.Name}' has no quarantined entry '{request.EntryId}'")
            : TypedResults.Ok(await FeedbackAsync("release", bank.Name, request.EntryId!, moved, null, sequence, bank.Id, services, cancellationToken));
    }

    private static async Task<Results<Ok<QuarantineListResponse>, ProblemHttpResult>> Quarantined(string? list, ServerServices services, IDecisionStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(list) || await services.Store.BankAsync(list, cancellationToken) is not { } bank)
        {
            return BankEndpoints.NotFound(list ?? "");
        }

        var entries = await store.QuarantinedAsync(bank.Id, cancellationToken);
        return TypedResults.Ok(new QuarantineListResponse { Entries = [.. entries.Select(e => new QuarantinedEntryJson { EntryId = e.EntryId, At = e.At, DecisionId = e.DecisionId })] });
    }

    private static async Task<Results<Ok<FeedbackResponse>, ProblemHttpResult>> Exclude(HttpContext context, FeedbackRequest? request, ServerServices services, IDecisionStore store, DecisionRecorder recorder, CancellationToken cancellationToken)
    {
        var (bank, problem) = await FeedbackBankAsync(request, services, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(request!.Into) || await services.Store.BankAsync(request.Into, cancellationToken) is not { } into)
        {
            return BankEndpoints.NotFound(request.Into ?? "");
        }

        if (into.Settings.Options.Role != Matching.ListRole.Exclusion)
        {
            return Problems.Result(400, "Not an exclusion bank", $"into: bank '{into.Name}' has role known; exclusions go into a bank with role exclusion");
        }

        // The entry's own hashes, not its crops: an exclusion matches queries, and the crops' originals are the entry.
        List<ListEntry> copies = [.. (await services.Store.EntriesAsync(bank!.Id, request.EntryId!, cancellationToken))
            .Where(e => !e.Augmented)
            .Select(e => e with
            {
                Metadata = new EntryMetadata
                {
                    Source = $"bank {bank.Name}",
                    Note = request.DecisionId is null ? "false positive" : $"false positive (decision {request.DecisionId})",
                },
            })];
        if (copies.Count == 0)
        {
            return NoEntry(bank.Name, request.EntryId!);
        }

        var (sequence, added) = services.Store.AddEntries(into.Id, add => copies.ForEach(add), cancellationToken);
        await store.RecordFeedbackAsync("exclude", bank.Name, request.EntryId!, request.DecisionId, into.Name, context.User.Identity?.Name, recorder.Now, cancellationToken);
        return TypedResults.Ok(await FeedbackAsync("exclude", bank.Name, request.EntryId!, added, into.Name, sequence, into.Id, services, cancellationToken));
    }

    private static async Task<(BankRecord? Bank, ProblemHttpResult? Problem)> FeedbackBankAsync(FeedbackRequest? request, ServerServices services, CancellationToken cancellationToken)
    {
        if (request is null || string.IsNullOrEmpty(request.List) || string.IsNullOrEmpty(request.EntryId))
        {
            return (null, Problems.Result(400, "Invalid feedback", "the body is {\"list\":BANK,\"entry_id\":...,\"decision_id\":...}"));
        }

        if (request.DecisionId is not null && !DecisionRecord.IsWellFormed(request.DecisionId))
        {
            return (null, Problems.Result(400, "Invalid feedback", $"decision_id: '{request.DecisionId}' is not a decision id (32 lower-case hex digits)"));
        }

        return await services.Store.BankAsync(request.List, cancellationToken) is { } bank ? (bank, null) : (null, BankEndpoints.NotFound(request.List));
    }

    private static async Task<FeedbackResponse> FeedbackAsync(string action, string bank, string entryId, long entries, string? into, long sequence, long bankId, ServerServices services, CancellationToken cancellationToken) => new()
    {
        Action = action,
        Bank = bank,
        EntryId = entryId,
        Entries = entries,
        Into = into,
        Sequence = sequence,
        Applied = await services.Index.WaitForAsync(sequence, bankId, services.ApplyWait, cancellationToken),
    };

    /// <summary>
    /// [from, to) from the query: ISO 8601 dates or times (a date is its midnight UTC); to defaults to now, from to
    /// the start of the records.
    /// </summary>
    private static (DateTimeOffset? From, DateTimeOffset? To, string? Problem) Period(string? from, string? to, DateTimeOffset now)
    {
        DateTimeOffset start = DateTimeOffset.UnixEpoch, end = now;
        if (from is not null && !DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out start))
        {
            return (null, null, $"from: '{from}' is not an ISO 8601 date or time");
        }

        if (to is not null && !DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out end))
        {
            return (null, null, $"to: '{to}' is not an ISO 8601 date or time");
        }

        return end < start ? (null, null, "to is before from") : (start, end, null);
    }

    /// <summary>Why a reviewer's name or a note cannot be kept: too long, or control characters (a note may have line breaks and tabs).</summary>
    private static string? TextProblem(string? text, string field, int maxLength, bool required) =>
        string.IsNullOrWhiteSpace(text) ? (required ? $"{field}: required" : null)
        : text.Length > maxLength ? $"{field}: at most {maxLength} characters"
        : text.Any(c => char.IsControl(c) && (required || c is not ('\n' or '\r' or '\t'))) ? $"{field}: no control characters"
        : null;

    private static string ServerVersion { get; } =
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(DecisionEndpoints).Assembly)?.InformationalVersion ?? "unknown";

    private static ProblemHttpResult NoDecision(string? id) => Problems.Result(404, "No such decision", $"there is no decision '{id}' (or it was purged: --retain-decisions)");

    private static ProblemHttpResult NoEntry(string bank, string entryId) => Problems.Result(404, "No such entry", $"bank '{bank}' has no entry '{entryId}'");

    private static DecisionResponse Decision(DecisionHistory history, ServerOptions options) => new()
    {
        Id = history.Decision.Id,
        At = history.Decision.At,
        Endpoint = history.Decision.Endpoint,
        ApiKey = history.Decision.ApiKey,
        QueryId = history.Decision.QueryId,
        Link = options.ReviewLinkFor(history.Decision.QueryId),
        Hashes = new HashesJson
        {
            Md5 = history.Decision.Exact is { Md5.IsEmpty: false } m ? m.Md5.ToString() : null,
            Sha1 = history.Decision.Exact is { Sha1.IsEmpty: false } s1 ? s1.Sha1.ToString() : null,
            Sha256 = history.Decision.Exact is { Sha256.IsEmpty: false } s2 ? s2.Sha256.ToString() : null,
            Pdq = history.Decision.Pdq?.ToString(),
            Quality = history.Decision.Quality,
        },
        Sequence = history.Decision.IndexSequence,
        Candidates = [.. history.Decision.Candidates.Select(c => new DecisionCandidateJson
        {
            Technology = c.Technology,
            List = c.Bank,
            EntryId = c.EntryId,
            EntrySource = c.EntrySource,
            Distance = c.Distance,
            Threshold = c.Threshold,
            QueryQuality = c.QueryQuality,
            EntryQuality = c.EntryQuality,
        })],
        Verdict = history.Reviews.Count > 0 ? ReviewNames.Name(history.Reviews[^1].Verdict) : null,
        Reviews = [.. history.Reviews.Select(Review)],
        Complaints = [.. history.Complaints.Select(Complaint)],
    };

    private static ReviewResponse Review(ReviewRecord review) => new()
    {
        Id = review.Id,
        DecisionId = review.DecisionId,
        Verdict = ReviewNames.Name(review.Verdict),
        Reviewer = review.Reviewer,
        Note = review.Note,
        At = review.At,
        Candidates = review.Candidates.Count == 0 ? null
            : [.. review.Candidates.Select(c => new CandidateVerdictJson { List = c.Bank, EntryId = c.EntryId, Verdict = ReviewNames.Name(c.Verdict) })],
    };

    private static ComplaintResponse Complaint(ComplaintRecord complaint) => new()
    {
        Id = complaint.Id,
        DecisionId = complaint.DecisionId,
        Outcome = ReviewNames.Name(complaint.Outcome),
        Note = complaint.Note,
        OpenedAt = complaint.OpenedAt,
        DecidedAt = complaint.DecidedAt,
    };
}
