using System.Security.Claims;
using System.Text.Encodings.Web;
using HashMatch.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HashMatch.Server.Security;

/// <summary>
/// The <c>X-Api-Key</c> authentication scheme: a request whose key's SHA-256 is stored is authenticated with a
/// <c>scope</c> claim per scope it has (write keys have both). No key, or an unknown one, is 401; a key without the
/// endpoint's scope is 403 (the authorization policies <see cref="ReadPolicy"/> and <see cref="WritePolicy"/>).
/// </summary>
internal sealed class ApiKeyAuthentication : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string ScopeClaim = "scope";
    public const string ReadPolicy = "read";
    public const string WritePolicy = "write";

    private readonly ApiKeyRing _keys;

    public ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys)
        : base(options, logger, encoder)
    {
        _keys = keys;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }

        ApiKeyRecord? key = await _keys.FindAsync(values[0]!, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("unknown API key");
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, key.Label), new(ScopeClaim, ReadPolicy) };
        if (key.Scope == ApiScope.Write)
        {
            claims.Add(new Claim(ScopeClaim, WritePolicy));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status401Unauthorized, "Missing or unknown API key", $"Send a key with the '{WritePolicy}' or '{ReadPolicy}' scope in the {Header} header.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "The API key lacks the scope", $"This endpoint needs a key with the '{WritePolicy}' scope.");
}
