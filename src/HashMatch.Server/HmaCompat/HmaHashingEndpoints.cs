using HashMatch.Server.Api;
using HashMatch.Server.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA's hashing route, <c>POST /h/hash</c> (read key, like <c>/v1/hash</c>): an uploaded photo's PDQ or a video's
/// MD5, as <c>{"pdq": "..."}</c> or <c>{"video_md5": "..."}</c>. Nothing is stored. <c>GET /h/hash?url=</c>
/// answers 501 (<see cref="HmaUnmappedEndpoints"/>).
/// </summary>
internal static class HmaHashingEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/h/hash", Hash).RequireReadKey().DisableAntiforgery();
    }

    private static async Task<Results<JsonHttpResult<IReadOnlyDictionary<string, string>>, JsonHttpResult<HmaMessage>>> Hash(
        HttpRequest request, ServerServices services, DecodeSlots slots, CancellationToken cancellationToken)
    {
        var (upload, problem) = await HmaMediaUpload.ReadAsync(request, services.Options.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (hashed, hashProblem) = await HmaMediaHashing.HashAsync(upload!, services.Index.Hashing, slots, request.HttpContext.Response, cancellationToken);
        return hashProblem ?? (Results<JsonHttpResult<IReadOnlyDictionary<string, string>>, JsonHttpResult<HmaMessage>>)HmaResults.Json(hashed!.Signals, HmaJson.Default.IReadOnlyDictionaryStringString);
    }
}
