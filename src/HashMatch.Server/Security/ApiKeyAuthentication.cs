using System.Security.Claims;
using System.Text.Encodings.Web;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HashMatch.Server.Security;

/// <summary>
/// The <c>X-Api-Key</c> authentication scheme: a request whose key's SHA-256 is stored and not revoked is
/// authenticated with a <c>scope</c> claim per scope it has (write keys get read too). No key, or an unknown or
/// revoked one, is 401; a key without the endpoint's scope is 403 (the authorization policies <see cref="ReadPolicy"/>,
/// <see cref="WritePolicy"/>, <see cref="MetricsPolicy"/>, <see cref="ReviewPolicy"/>, <see cref="AdminPolicy"/>; endpoints that only need some valid key use the default
/// policy). Failed keys are logged with the client's address and counted by <see cref="FailedKeyThrottle"/>: an
/// address over its limit gets 429 for any key until its window ends.
/// </summary>
internal sealed partial class ApiKeyAuthentication : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string ScopeClaim = "scope";
    public const string ReadPolicy = "read";
    public const string WritePolicy = "write";
    public const string MetricsPolicy = "metrics";
    public const string ReviewPolicy = "review";
    public const string AdminPolicy = "admin";

    private readonly ApiKeyRing _keys;
    private readonly FailedKeyThrottle _throttle;
    private TimeSpan? _refusedFor;

    public ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys, FailedKeyThrottle throttle)
        : base(options, logger, encoder)
    {
        _keys = keys;
        _throttle = throttle;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }

        // A refused address is not told whether its key is valid, or guessing would go on at full speed.
        if (_throttle.RefusedFor(Context.Connection.RemoteIpAddress) is { } refusedFor)
        {
            _refusedFor = refusedFor;
            return AuthenticateResult.Fail("too many failed API keys from this address");
        }

        ApiKeyRecord? key = await _keys.FindAsync(values[0]!, Context.RequestAborted);
        if (key is null)
        {
            int failures = _throttle.RecordFailure(Context.Connection.RemoteIpAddress);
            LogFailedKey(Logger, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown", Request.Path, failures, FailedKeyThrottle.Limit, FailedKeyThrottle.Window.TotalSeconds);
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name) };
        if ((key.Scopes & (ApiScopes.Read | ApiScopes.Write)) != 0)
        {
            claims.Add(new Claim(ScopeClaim, ReadPolicy));
        }

        if (key.Scopes.HasFlag(ApiScopes.Write))
        {
            claims.Add(new Claim(ScopeClaim, WritePolicy));
        }

        if (key.Scopes.HasFlag(ApiScopes.Metrics))
        {
            claims.Add(new Claim(ScopeClaim, MetricsPolicy));
        }

        if (key.Scopes.HasFlag(ApiScopes.Review))
        {
            claims.Add(new Claim(ScopeClaim, ReviewPolicy));
        }

        if (key.Scopes.HasFlag(ApiScopes.Admin))
        {
            claims.Add(new Claim(ScopeClaim, AdminPolicy));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_refusedFor is { } refusedFor)
        {
            return Problems.Write(Context, StatusCodes.Status429TooManyRequests, "Too many failed API keys",
                $"{FailedKeyThrottle.Limit} unknown or revoked keys came from this address within {FailedKeyThrottle.Window.TotalSeconds:0} s",
                Math.Max(1, (int)Math.Ceiling(refusedFor.TotalSeconds)));
        }

        return Problems.Write(Context, StatusCodes.Status401Unauthorized, "Missing, unknown or revoked API key", $"Send a valid key in the {Header} header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        string needed = string.Join("' or '", Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct() ?? []);
        return Problems.Write(Context, StatusCodes.Status403Forbidden, "The API key lacks the scope", $"This endpoint needs a key with the '{needed}' scope.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an unknown or revoked API key from {Address} for {Path} ({Failures} of {Limit} allowed in {WindowSeconds} s)")]
    private static partial void LogFailedKey(ILogger logger, string address, string path, int failures, int limit, double windowSeconds);
}
