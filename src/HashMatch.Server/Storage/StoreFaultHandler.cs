using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HashMatch.Server.Storage;

/// <summary>
/// Answers a request that failed because the store or the disk could not take it with what the client can act on,
/// instead of a generic 500: <c>503</c> with <c>Retry-After</c> while the store is locked by another writer or cannot
/// be reached (try again), <c>507 Insufficient Storage</c> when the disk or database is full (nothing was written: the
/// transaction rolled back). Anything else is left to the default handler (500).
/// </summary>
internal sealed partial class StoreFaultHandler(ILogger<StoreFaultHandler> logger) : IExceptionHandler
{
    /// <summary>SQLite result codes (sqlite.org/rescode.html): the database is locked by another connection, or full.</summary>
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteFull = 13;

    /// <summary>errno ENOSPC (Linux, macOS): .NET's IOException carries it as its HResult on Unix.</summary>
    private const int NoSpace = 28;

    /// <summary>Windows' ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL as HRESULTs.</summary>
    private const int HandleDiskFull = unchecked((int)0x80070027), DiskFull = unchecked((int)0x80070070);

    /// <summary>PostgreSQL's SQLSTATE class 53 "insufficient resources": disk_full (postgresql.org/docs/current/errcodes-appendix.html).</summary>
    private const string PostgresDiskFull = "53100";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Classify(exception) is not { } fault)
        {
            return false;
        }

        LogFault(logger, httpContext.Request.Method, httpContext.Request.Path, fault.Status, exception.GetBaseException().Message);
        await Problems.Write(httpContext, fault.Status, fault.Title, fault.Detail, fault.RetryAfterSeconds);
        return true;
    }

    /// <summary>The answer for <paramref name="exception"/> (or any exception inside it), or null when it is not a store or disk fault.</summary>
    public static (int Status, string Title, string Detail, int? RetryAfterSeconds)? Classify(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                    return (StatusCodes.Status503ServiceUnavailable, "Store busy",
                        "the database is locked by another writer; nothing was changed, try again", 1);
                case SqliteException { SqliteErrorCode: SqliteFull }:
                case PostgresException { SqlState: PostgresDiskFull }:
                case IOException { HResult: NoSpace or HandleDiskFull or DiskFull }:
                    return (StatusCodes.Status507InsufficientStorage, "Insufficient storage",
                        "the disk or database is full; nothing was changed", null);
                case NpgsqlException { IsTransient: true }:
                    return (StatusCodes.Status503ServiceUnavailable, "Store unavailable",
                        "the database cannot be reached; nothing was changed, try again", 5);
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: {Status} ({Reason})")]
    private static partial void LogFault(ILogger logger, string method, string path, int status, string reason);
}
