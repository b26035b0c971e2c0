using System.Text;
using Microsoft.AspNetCore.Http;

namespace HashMatch.Tests.Exchanges;

/// <summary>What goes wrong with one request to a programme's server.</summary>
internal enum Fault
{
    None,

    /// <summary>503 (the client retries).</summary>
    Unavailable,

    /// <summary>429 with Retry-After: 7 (the client waits as asked, then retries).</summary>
    RateLimited,

    /// <summary>Half the page, then the connection is cut (the client retries).</summary>
    CutMidPage,

    /// <summary>A page that is not in the API's shape (the fetch stops with an error; nothing of it is applied).</summary>
    Malformed,

    /// <summary>A paging cursor or link the API no longer accepts (400; the client starts its window again).</summary>
    ExpiredCursor,
}

/// <summary>
/// A programme's API on loopback, answering from a <see cref="SourceHistory"/> in that API's documented shape, with a
/// fault injected into chosen requests (counted from 1 over the server's life).
/// </summary>
internal abstract class ProgrammeServer : IAsyncDisposable
{
    private readonly Dictionary<int, Fault> _faults = [];
    private LoopbackHttpServer? _server;
    private int _requests;

    protected ProgrammeServer(SourceHistory history) => History = history;

    public SourceHistory History { get; }

    public Uri Address => _server!.Address;

    /// <summary>Requests served (faulty ones included).</summary>
    public int Requests => _requests;

    /// <summary>Every request's path and query, in order.</summary>
    public List<string> Log { get; } = [];

    /// <summary>Every request's headers, in order.</summary>
    public List<IHeaderDictionary> Headers { get; } = [];

    public async Task StartAsync() => _server = await LoopbackHttpServer.StartAsync(HandleAsync);

    /// <summary>Injects <paramref name="fault"/> into request number <paramref name="request"/>.</summary>
    public void Inject(int request, Fault fault) => _faults[request] = fault;

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>The answer to a request: status, content type and body.</summary>
    protected abstract (int Status, string ContentType, string Body) Answer(HttpRequest request, string body);

    /// <summary>A page in the API's shape that is malformed (cut JSON, a wrong field type).</summary>
    protected abstract string MalformedPage { get; }

    /// <summary>Whether the request carries a paging cursor (only those can be refused as expired).</summary>
    protected abstract bool HasCursor(HttpRequest request);

    private async Task HandleAsync(HttpContext context)
    {
        int number = Interlocked.Increment(ref _requests);
        string body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        lock (Log)
        {
            Log.Add(context.Request.Path + context.Request.QueryString);
            Headers.Add(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))); // a copy: Kestrel reuses its own
        }

        Fault fault = _faults.GetValueOrDefault(number);
        switch (fault)
        {
            case Fault.Unavailable:
                context.Response.StatusCode = 503;
                return;
            case Fault.RateLimited:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "7";
                return;
            case Fault.Malformed:
                context.Response.StatusCode = 200;
                await context.Response.WriteAsync(MalformedPage);
                return;
            case Fault.ExpiredCursor when HasCursor(context.Request):
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("cursor expired");
                return;
        }

        var (status, type, text) = Answer(context.Request, body);
        context.Response.StatusCode = status;
        context.Response.ContentType = type;
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (fault == Fault.CutMidPage)
        {
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }

        await context.Response.Body.WriteAsync(bytes);
    }
}
