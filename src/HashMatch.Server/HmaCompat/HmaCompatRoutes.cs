using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// The HMA 1.x ("OpenMediaMatch") compatible API that <c>hashmatch serve --hma-compat</c> adds at the root of the
/// same listener as <c>/v1</c> (HMA's paths, <c>/status</c>, <c>/m</c>, <c>/h</c>, <c>/c</c>, do not collide with
/// HashMatch's), behind the same API keys. Every route works on the same banks, store and index as <c>/v1</c>; the
/// mapping and what differs from HMA are in docs/service/hma-compat.md. Left out of the OpenAPI document, which
/// describes HashMatch's own API.
/// </summary>
internal static class HmaCompatRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder hma = app.MapGroup("").WithTags("hma-compat").ExcludeFromDescription();
        HmaStatusEndpoints.Map(hma);
        HmaMatchingEndpoints.Map(hma);
        HmaHashingEndpoints.Map(hma);
        HmaBankEndpoints.Map(hma);
        HmaContentEndpoints.Map(hma);
        HmaConfigEndpoints.Map(hma);
        HmaUnmappedEndpoints.Map(hma);
    }
}
