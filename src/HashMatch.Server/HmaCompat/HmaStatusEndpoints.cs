using HashMatch.Server.Indexing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA's probes, plain text like HMA's: <c>GET /status</c> (200 <c>I-AM-ALIVE</c>; 503 <c>INDEX-NOT-LOADED</c>
/// before the index is loaded, 503 <c>INDEX-STALE</c> when <c>/health/ready</c> would fail) and <c>GET /status/live</c>
/// (always 200). Like HashMatch's <c>/health</c> probes they need no key: load balancers call them.
/// </summary>
internal static class HmaStatusEndpoints
{
    public const string Alive = "I-AM-ALIVE";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/status", Status);
        app.MapGet("/status/live", () => TypedResults.Text(Alive, "text/plain"));
    }

    private static ContentHttpResult Status(IndexFollower index) =>
        index.Current is null ? TypedResults.Text("INDEX-NOT-LOADED", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable)
        : !index.IsReady ? TypedResults.Text("INDEX-STALE", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable)
        : TypedResults.Text(Alive, "text/plain");
}
