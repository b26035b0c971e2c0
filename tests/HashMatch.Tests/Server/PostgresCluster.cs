using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HashMatch.Tests.Support;

[assembly: AssemblyFixture(typeof(HashMatch.Tests.Server.PostgresCluster))]

namespace HashMatch.Tests.Server;

/// <summary>
/// The PostgreSQL server the service's tests use: <c>HASHMATCH_TEST_POSTGRES</c> when set (<c>.ci/run</c> sets it),
/// otherwise a private cluster on a free loopback port started by <c>.ci/postgres</c> at first use and stopped after
/// the run. When neither works the PostgreSQL tests fail with the reason — they are never skipped.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string Variable = "HASHMATCH_TEST_POSTGRES";

    private readonly Lazy<Task<string>> _connection;
    private string? _folder;

    public PostgresCluster()
    {
        _connection = new Lazy<Task<string>>(() => Task.Run(Start));
    }

    /// <summary>A connection string to a database the tests may create schemas in.</summary>
    public Task<string> ConnectionString => _connection.Value;

    public async ValueTask DisposeAsync()
    {
        if (_folder is { } folder)
        {
            await Task.Run(() => Script("stop", folder));
        }
    }

    /// <summary>
    /// Npgsql gives up opening a connection after 15 s by default. The stress run (tests/stress.sh: the suite beside a
    /// build loop, load average up to 18 on two cores) once took longer than that to get a backend forked and
    /// authenticated while a service test started, and failed a test that had nothing wrong; the tests allow a minute
    /// (also on the crash test's own cluster).
    /// </summary>
    private const int ConnectSeconds = 60;

    private string Start() => Patient(Cluster());

    internal static string Patient(string connection)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        builder.Timeout = Math.Max(builder.Timeout, ConnectSeconds);
        return builder.ConnectionString;
    }

    private string Cluster()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            return given;
        }

        _folder = Path.Combine(Path.GetTempPath(), $"hashmatch-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var (code, output) = Script("start", _folder, FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (code != 0)
        {
            throw new InvalidOperationException($"PostgreSQL for the service's tests could not be started ({Variable} is not set, and .ci/postgres failed with exit {code}):\n{output}");
        }

        return output.Trim().Split('\n')[^1].Trim();
    }

    /// <summary>Runs <c>.ci/postgres</c> with <paramref name="arguments"/> (start, stop, pause, resume): its exit code and output.</summary>
    internal static (int Code, string Output) Script(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(TestData.RepositoryRoot, ".ci", "postgres"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
