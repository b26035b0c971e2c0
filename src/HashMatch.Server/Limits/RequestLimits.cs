using System.Threading.RateLimiting;
using HashMatch.Server.Monitoring;
using HashMatch.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace HashMatch.Server.Limits;

/// <summary>
/// The limits that keep one client or one burst from taking the service down, all from ASP.NET Core's own
/// middleware: a per-key request rate (token bucket; 429 with Retry-After) and a time limit per request (503), body
/// reads included. Body size is Kestrel's limit (413), pixels the decoder's (413), and concurrent decodes
/// <see cref="DecodeSlots"/>' (taken after the body arrived).
/// </summary>
internal static class RequestLimits
{
    public static void Add(IServiceCollection services, ServerOptions options, ServerMetrics metrics)
    {
        services.AddSingleton<DecodeSlots>();
        services.AddRateLimiter(limiter =>
        {
            if (options.RateLimit > 0)
            {
                limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                {
                    // Authenticated requests only reach here (authorization runs first): partition by the key's label.
                    string key = context.User.Identity?.Name ?? "anonymous";
                    return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(1, (int)Math.Ceiling(options.RateLimit * options.RateBurstSeconds)),
                        TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(options.RateLimit / 10)),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, (int)Math.Ceiling(options.RateLimit / 10)) / options.RateLimit),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
                });
            }

            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                TimeSpan retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan after) ? after : TimeSpan.FromSeconds(1);
                metrics.Rejected.WithLabels("rate").Inc();
                await Problems.Write(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"this key may send {options.RateLimit:0.##} requests a second", Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)));
            };
        });

        services.AddRequestTimeouts(timeouts => timeouts.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = options.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = context =>
            {
                metrics.Rejected.WithLabels("timeout").Inc();
                return Problems.Write(context, StatusCodes.Status503ServiceUnavailable, "Request took too long",
                    $"the request did not finish within {options.RequestTimeout.TotalSeconds:0.#} s", 1);
            },
        });
    }

    public static void Use(WebApplication app)
    {
        app.UseRateLimiter();
        app.UseRequestTimeouts();
    }
}
