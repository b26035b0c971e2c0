using System.Diagnostics;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HashMatch.IO;

namespace HashMatch.Tests.Support;

/// <summary>
/// A real headless Chromium driven over the DevTools protocol (a WebSocket, JSON messages): opens a page, collects
/// every console error, uncaught exception and failed load (Log.entryAdded) while it loads, and evaluates script
/// in it. Debian's <c>chromium</c> package; <c>HASHMATCH_CHROMIUM</c> names another binary.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket;
    private readonly Dictionary<int, TaskCompletionSource<JsonNode>> _pending = [];
    private readonly List<string> _errors = [];
    private readonly Lock _gate = new();
    private readonly Task _reader;
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;

    private HeadlessChromium(Process process, string profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Console errors, exceptions and failed loads seen since the last <see cref="OpenAsync"/>.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>The Chromium binary: <c>HASHMATCH_CHROMIUM</c>, else <c>chromium</c>, <c>chromium-browser</c> or <c>google-chrome</c> on the PATH; null when none.</summary>
    public static string? Find()
    {
        string? configured = Environment.GetEnvironmentVariable("HASHMATCH_CHROMIUM");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        return new[] { "chromium", "chromium-browser", "google-chrome" }.Select(ExecutableSearch.Find).FirstOrDefault(path => path is not null);
    }

    /// <summary>Starts the browser on a blank page and connects to it.</summary>
    public static async Task<HeadlessChromium> StartAsync(string binary, CancellationToken cancellationToken)
    {
        string profile = Directory.CreateTempSubdirectory("hashmatch-chromium").FullName;
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--remote-debugging-port=0", "--window-size=1400,1000", $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start.");
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        string? endpoint = null;
        while (endpoint is null)
        {
            string line = await process.StandardError.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"{binary} exited ({(process.HasExited ? process.ExitCode : -1)}) before offering a DevTools endpoint.");
            const string Marker = "DevTools listening on ";
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                endpoint = line[Marker.Length..].Trim();
            }
        }

        _ = DrainAsync(process.StandardError);
        var browser = new Uri(endpoint);
        using var http = new HttpClient();
        JsonArray targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://{browser.Authority}/json/list"), timeout.Token))!.AsArray();
        string page = targets.First(t => t?["type"]?.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(page), timeout.Token);
        var chromium = new HeadlessChromium(process, profile, socket);
        await chromium.SendAsync("Runtime.enable", null, cancellationToken);
        await chromium.SendAsync("Log.enable", null, cancellationToken);
        await chromium.SendAsync("Page.enable", null, cancellationToken);
        return chromium;
    }

    /// <summary>Navigates to <paramref name="url"/> and waits for its load event (all images fetched and decoded or failed).</summary>
    public async Task OpenAsync(string url, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _errors.Clear();
            _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        JsonNode navigated = await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, cancellationToken);
        if (navigated["errorText"] is { } error)
        {
            throw new InvalidOperationException($"{url}: {error}");
        }

        await _loaded.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page (promises awaited) and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        JsonNode reply = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, cancellationToken);
        if (reply["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"Script failed: {exception.ToJsonString()}");
        }

        return reply["result"]?["value"];
    }

    /// <summary>
    /// Evaluates <paramref name="condition"/> until it is true (60 s at most): for pages that change after their load
    /// event (a script drawing from API answers). Throws naming the condition when it never holds.
    /// </summary>
    public async Task UntilAsync(string condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await EvaluateAsync($"Boolean({condition})", cancellationToken))?.GetValue<bool>() != true)
        {
            if (DateTime.UtcNow > deadline)
            {
                string text = (await EvaluateAsync("document.body.innerText", cancellationToken))?.GetValue<string>() ?? "";
                throw new TimeoutException($"not true within 60 s: {condition}; the page reads: {text[..Math.Min(text.Length, 1000)]}; errors: {string.Join(" | ", Errors)}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Puts <paramref name="path"/> into the file input <paramref name="selector"/> names, as a person choosing the file would.</summary>
    public async Task SetFileAsync(string selector, string path, CancellationToken cancellationToken)
    {
        JsonNode document = await SendAsync("DOM.getDocument", null, cancellationToken);
        JsonNode input = await SendAsync("DOM.querySelector", new JsonObject { ["nodeId"] = document["root"]!["nodeId"]!.GetValue<int>(), ["selector"] = selector }, cancellationToken);
        await SendAsync("DOM.setFileInputFiles", new JsonObject { ["nodeId"] = input["nodeId"]!.GetValue<int>(), ["files"] = new JsonArray(path) }, cancellationToken);
    }

    /// <summary>Lays the page out in a window <paramref name="width"/> CSS pixels wide (900 high).</summary>
    public async Task SetWidthAsync(int width, CancellationToken cancellationToken) =>
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false }, cancellationToken);

    /// <summary>A PNG of the whole page, <paramref name="width"/> CSS pixels wide.</summary>
    public async Task<byte[]> ScreenshotAsync(int width, CancellationToken cancellationToken)
    {
        // Lay the page out at that width first: a capture clipped from the wider window would cut off what a page
        // right-aligns, and show a layout no one at that width sees.
        await SetWidthAsync(width, cancellationToken);
        double height = (await EvaluateAsync("document.documentElement.scrollHeight", cancellationToken))!.GetValue<double>();
        JsonNode shot = await SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        }, cancellationToken);
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            // The browser is killed below either way.
        }

        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers may still hold files for a moment; it is a temporary folder.
        }
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null)
        {
        }
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject? parameters, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_gate)
        {
            id = ++_nextId;
            _pending[id] = reply;
        }

        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        return await reply.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        while (_socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                break;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            JsonNode node = JsonNode.Parse(message.ToArray())!;
            message.SetLength(0);
            Dispatch(node);
        }

        lock (_gate)
        {
            foreach (TaskCompletionSource<JsonNode> pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException("The DevTools connection closed."));
            }
        }
    }

    private void Dispatch(JsonNode node)
    {
        lock (_gate)
        {
            if (node["id"] is { } idNode && _pending.Remove(idNode.GetValue<int>(), out TaskCompletionSource<JsonNode>? reply))
            {
                if (node["error"] is { } error)
                {
                    reply.TrySetException(new InvalidOperationException(error.ToJsonString()));
                }
                else
                {
                    reply.TrySetResult(node["result"] ?? new JsonObject());
                }

                return;
            }

            JsonNode? parameters = node["params"];
            string? consoleType = parameters?["type"]?.GetValue<string>();
            JsonNode? entry = parameters?["entry"];
            string? level = entry?["level"]?.GetValue<string>();
            switch (node["method"]?.GetValue<string>())
            {
                case "Page.loadEventFired":
                    _loaded.TrySetResult();
                    break;
                case "Runtime.exceptionThrown":
                    _errors.Add("exception: " + parameters?["exceptionDetails"]?.ToJsonString());
                    break;
                case "Runtime.consoleAPICalled" when consoleType is "error" or "assert":
                    _errors.Add("console: " + parameters?["args"]?.ToJsonString());
                    break;
                case "Log.entryAdded" when level == "error":
                    _errors.Add($"log: {entry?["text"]} {entry?["url"]}");
                    break;
            }
        }
    }
}
