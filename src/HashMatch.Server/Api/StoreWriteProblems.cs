using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HashMatch.Server.Api;

/// <summary>
/// Documents the problems <see cref="StoreFaultHandler"/> answers for an endpoint that writes to the bank store: 503
/// (store busy or unreachable, with <c>Retry-After</c> when busy) and 507 (disk or database full; nothing was kept).
/// </summary>
internal static class StoreWriteProblems
{
    /// <summary>Adds 503 and 507 problem responses to the endpoint's (or group's) metadata.</summary>
    public static TBuilder ProducesStoreWriteProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage);
}
