using HashMatch.Server.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA routes HashMatch does not map, answered 501 with <c>{"message": ...}</c> saying why and what to do instead
/// (rather than 404, so that a client learns the route is known and will not work): fetching media from a URL,
/// the exchanges (ThreatExchange and others) and switching signal types. Behind the read key like the rest.
/// </summary>
internal static class HmaUnmappedEndpoints
{
    /// <summary>Why a URL is not fetched (also the answer of <c>/m/lookup?url=</c> and <c>/c/bank/{name}/content?url=</c>).</summary>
    public const string UrlFetching = "fetching media from a URL is not supported: HashMatch never downloads content; upload the file (multipart field 'photo' or 'video') or send its hash";

    private const string Exchanges = "exchanges are not supported: HashMatch does not fetch from ThreatExchange or other exchanges; export their signals and import them into a bank (POST /v1/banks/{name}/import reads HMA's CSV and ThreatExchange's signal lists)";

    private const string SignalTypes = "signal types are fixed in HashMatch: pdq and video_md5 (an entry's MD5) are always on";

    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder unmapped = app.MapGroup("").RequireReadKey();
        unmapped.MapGet("/h/hash", () => HmaResults.NotImplemented(UrlFetching));
        foreach (string path in (string[])["/c/exchanges", "/c/exchanges/apis", "/c/exchanges/api/{api}", "/c/exchanges/api/{api}/schema", "/c/exchange/{exchange}", "/c/exchange/{exchange}/status"])
        {
            unmapped.MapMethods(path, ["GET", "POST", "PUT", "DELETE"], NotMapped(Exchanges));
        }

        unmapped.MapPut("/c/signal_type/{type}", NotMapped(SignalTypes));
        unmapped.MapGet("/c/signal_type/index", NotMapped("per-type index details are not kept: HashMatch indexes each bank with all its hashes; see GET /m/index/status or GET /v1/index"));
    }

    private static Func<JsonHttpResult<HmaMessage>> NotMapped(string reason) => () => HmaResults.NotImplemented(reason);
}
