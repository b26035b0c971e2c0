using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Server;

/// <summary>
/// <c>hashmatch serve</c> as a process of its own (the framework-dependent build), on a free loopback port, for what
/// only a process shows: signals, exit codes, a heap limit, peak memory. Killed when disposed if still running.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    public const string WriteKey = "w-key-serve-process-0123456789";
    public const string ReadKey = "r-key-serve-process-0123456789";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServeProcess(Process process, int port)
    {
        _process = process;
        Address = new Uri($"http://127.0.0.1:{port}");
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    /// <summary>What the process wrote so far (stderr and stdout).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts <c>serve --data DATA --urls ... ARGS</c> with <paramref name="environment"/> added, and waits until it is ready.</summary>
    public static async Task<ServeProcess> StartAsync(string data, IEnumerable<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        int port = FreePort();
        string cli = Path.Combine(TestData.RepositoryRoot, "src", "HashMatch.Cli", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "HashMatch.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in (string[])[cli, "serve", "--data", data, "--urls", $"http://127.0.0.1:{port}", .. arguments ?? []])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HASHMATCH_API_KEYS"] = $"{WriteKey}:write,{ReadKey}:read";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var serve = new ServeProcess(Process.Start(start)!, port);
        try
        {
            await serve.WaitReadyAsync();
            return serve;
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client sending <paramref name="key"/> (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    /// <summary>Sends SIGTERM.</summary>
    public void Terminate()
    {
        using Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Kills the process outright (SIGKILL: no handler runs, nothing is flushed or removed) and waits for it to end.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit; its exit code, or null when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The process's peak resident memory so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes()
    {
        string line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitReadyAsync()
    {
        using HttpClient http = Client(null);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"serve exited with {(_process.HasExited ? _process.ExitCode : 0)}: {Log}");
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"serve was not ready in 60 s: {Log}");
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
