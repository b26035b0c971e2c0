using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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
    public static ProblemHttpResult Result(int status, string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>A problem result with a <c>Retry-After</c> header (503 while loading, for example).</summary>
    public static RetryAfterResult RetryLater(int status, string title, string detail, int retryAfterSeconds) =>
        new(Result(status, title, detail), retryAfterSeconds);

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

/// <summary>
/// A problem answered with a <c>Retry-After</c> header: sets the header, then writes the problem unchanged. A named
/// type (rather than a bare <see cref="IResult"/>) so handlers can list it in their <c>Results&lt;...&gt;</c>; its
/// status and body are the inner problem's, and the OpenAPI document lists its 503 through the endpoints'
/// <c>ProducesProblem</c> metadata (<see cref="Api.ApiKeyRequirement"/>).
/// </summary>
internal sealed class RetryAfterResult(ProblemHttpResult problem, int seconds) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IValueHttpResult<ProblemDetails>
{
    /// <summary>The problem written after the header.</summary>
    public ProblemHttpResult Problem => problem;

    /// <summary>The <c>Retry-After</c> value, in seconds.</summary>
    public int RetryAfterSeconds => seconds;

    int? IStatusCodeHttpResult.StatusCode => problem.StatusCode;

    string? IContentTypeHttpResult.ContentType => problem.ContentType;

    ProblemDetails? IValueHttpResult<ProblemDetails>.Value => problem.ProblemDetails;

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return problem.ExecuteAsync(httpContext);
    }
}
