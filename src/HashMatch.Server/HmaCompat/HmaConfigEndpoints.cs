using HashMatch.Server.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA's configuration reads (read key): <c>GET /c/signal_type</c> (<c>pdq</c> and <c>video_md5</c>, always on) and
/// <c>GET /c/content_type</c> (<c>photo</c> and <c>video</c>). Changing them answers 501 (<see cref="HmaUnmappedEndpoints"/>).
/// </summary>
internal static class HmaConfigEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/c/signal_type", () => HmaResults.Json<IReadOnlyList<HmaSignalTypeConfig>>(
            [.. HmaSignal.Types.Select(t => new HmaSignalTypeConfig(t, 1.0m))], HmaJson.Default.IReadOnlyListHmaSignalTypeConfig)).RequireReadKey();
        app.MapGet("/c/content_type", () => HmaResults.Json<IReadOnlyList<HmaContentTypeConfig>>(
            [.. HmaMediaUpload.ContentTypes.Select(t => new HmaContentTypeConfig(t, true))], HmaJson.Default.IReadOnlyListHmaContentTypeConfig)).RequireReadKey();
    }
}
