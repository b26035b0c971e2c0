using Microsoft.Extensions.Hosting;

namespace HashMatch.Server;

/// <summary>
/// The host's lifetime when the caller owns the process: it installs no SIGINT/SIGTERM handlers of its own. The
/// default console lifetime stopped the server on SIGTERM by itself, racing the CLI's handler, so `hashmatch serve`
/// sometimes exited 0 instead of 143; now a signal reaches the server only through the caller's cancellation token
/// (<see cref="HashMatchServer.WaitForShutdownAsync"/>) or <see cref="HashMatchServer.DisposeAsync"/>.
/// </summary>
internal sealed class CallerOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
