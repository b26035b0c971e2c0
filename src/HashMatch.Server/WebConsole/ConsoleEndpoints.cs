using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HashMatch.Server.WebConsole;

/// <summary>
/// The web console under <c>/console</c>: one page, one script, one style sheet and an icon, embedded in the server. They hold
/// no data and need no key; the script asks the <c>/v1</c> API for everything with the key the person signed in with,
/// which it keeps in the tab's session storage only. Every answer carries a Content-Security-Policy that allows
/// nothing but these files and calls back to this server: no inline script or style, no third-party asset, no
/// framing. No CSRF token is needed: the API authenticates by a header a cross-site form or link cannot send.
/// </summary>
internal static class ConsoleEndpoints
{
    /// <summary>The policy on every console answer.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' blob:; " +
        "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly (string Name, string ContentType)[] Assets =
    [
        ("index.html", "text/html; charset=utf-8"),
        ("console.js", "text/javascript; charset=utf-8"),
        ("console.css", "text/css; charset=utf-8"),
        ("icon.svg", "image/svg+xml"),
    ];

    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder console = app.MapGroup("/console").ExcludeFromDescription();
        foreach (var (name, contentType) in Assets)
        {
            byte[] bytes = Read(name);
            // "/" answers /console and /console/ alike (routing ignores a trailing slash).
            console.MapGet(name == "index.html" ? "/" : "/" + name, (HttpContext context) => Serve(context, bytes, contentType));
        }
    }

    private static IResult Serve(HttpContext context, byte[] bytes, string contentType)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return TypedResults.Bytes(bytes, contentType);
    }

    private static byte[] Read(string name)
    {
        using Stream stream = typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream($"HashMatch.Server.WebConsole.Assets.{name}")
            ?? throw new InvalidOperationException($"the console asset {name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
