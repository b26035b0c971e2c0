using HashMatch.Server.Api.Contracts;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.Api;

/// <summary>
/// A bank's video entries: <c>POST /v1/banks/{name}/videos</c> adds up to <see cref="VideoEntryLimits.MaxBatch"/> in
/// one change, each with its vPDQ text and/or <c>.tmk</c> bytes, every one checked before any is stored. They are
/// removed like entries, by id (<c>DELETE /v1/banks/{name}/entries</c>), and matched by uploads of videos to
/// <c>/v1/match</c>.
/// </summary>
internal static class VideoEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder bank = app.MapGroup("/v1/banks/{name}").WithTags("entries").RequireWriteKey()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        bank.MapPost("/videos", Add).ProducesStoreWriteProblems()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Adds up to 100 video entries (one change): each an id, 'vpdq' (the vPDQ hash file's text) and/or 'tmk' (the .tmk file, base64), and metadata. All or nothing; removed by id like entries.");
    }

    private static async Task<Results<Ok<ChangeResponse>, ProblemHttpResult>> Add(string name, AddVideosRequest? request, ServerServices services, CancellationToken cancellationToken)
    {
        if (request?.Videos is not { } items || items.Count == 0)
        {
            return Problems.Result(400, "No videos", "the body is {\"videos\":[{\"id\":...,\"vpdq\":\"...\",\"tmk\":\"<base64>\"},...]}");
        }

        if (items.Count > VideoEntryLimits.MaxBatch)
        {
            return Problems.Result(413, "Too many videos", $"{items.Count:N0} videos; at most {VideoEntryLimits.MaxBatch:N0} per request");
        }

        var videos = new List<VideoEntry>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            var (video, problem) = ContractMapping.Video(items[i], $"videos[{i}]");
            if (problem is not null)
            {
                return Problems.Result(400, "Invalid video entry", problem.Detail,
                    new Dictionary<string, object?> { ["field"] = problem.Field, ["reason"] = problem.Reason.ToString() });
            }

            videos.Add(video!);
        }

        if (await services.Store.BankAsync(name, cancellationToken) is not { } record)
        {
            return BankEndpoints.NotFound(name);
        }

        try
        {
            var (sequence, count) = await Task.Run(() => services.Store.AddVideos(record.Id, videos, cancellationToken), cancellationToken);
            bool applied = await services.Index.WaitForAsync(sequence, record.Id, services.ApplyWait, cancellationToken);
            return TypedResults.Ok(new ChangeResponse { Bank = name, Added = count, Sequence = sequence, Applied = applied });
        }
        catch (KeyNotFoundException)
        {
            return BankEndpoints.NotFound(name);
        }
    }
}
