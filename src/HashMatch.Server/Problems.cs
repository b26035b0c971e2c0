using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace HashMatch.Server;

/// <summary>
/// Errors as RFC 7807 problem details (<c>application/problem+json</c>): a status, a short title, a detail naming
/// the input and reason, and for refusals under load a <c>Retry-After</c> header.
/// </summary>
internal static class Problems
{
    /// <summary>A problem result for an endpoint.</summary>
    public static IResult Result(int status, string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>A problem result with a <c>Retry-After</c> header (503 while loading, for example).</summary>
    public static IResult RetryLater(int status, string title, string detail, int retryAfterSeconds) =>
        new RetryAfterResult(Result(status, title, detail), retryAfterSeconds);

    /// <summary>Writes a problem outside an endpoint (authentication, limits); <paramref name="retryAfterSeconds"/> sets <c>Retry-After</c>.</summary>
    public static async Task Write(HttpContext context, int status, string title, string detail, int? retryAfterSeconds = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path };
        IProblemDetailsService service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            await context.Response.WriteAsJsonAsync(problem, ServerJson.Default.ProblemDetails, "application/problem+json");
        }
    }
}

/// <summary>Sets <c>Retry-After</c>, then writes the inner result.</summary>
internal sealed class RetryAfterResult(IResult inner, int seconds) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
