using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HashMatch.Server.HmaCompat;

/// <summary>The answers of the HMA-compatible routes: HMA's bodies written through <see cref="HmaJson"/>, errors as HMA's <c>{"message": ...}</c>.</summary>
internal static class HmaResults
{
    /// <summary>A JSON answer with <paramref name="status"/>.</summary>
    public static JsonHttpResult<T> Json<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(value, type, statusCode: status);

    /// <summary>An HMA error: <c>{"message": "..."}</c> with <paramref name="status"/>.</summary>
    public static JsonHttpResult<HmaMessage> Error(int status, string message) =>
        TypedResults.Json(new HmaMessage(message), HmaJson.Default.HmaMessage, statusCode: status);

    /// <summary>A 501 for what HashMatch does not map (the reason says what to do instead).</summary>
    public static JsonHttpResult<HmaMessage> NotImplemented(string reason) => Error(StatusCodes.Status501NotImplemented, reason);

    /// <summary>The 503 HMA answers while no index is loaded.</summary>
    public static JsonHttpResult<HmaMessage> IndexNotReady() => Error(StatusCodes.Status503ServiceUnavailable, "index not yet ready");

    /// <summary>HMA's 404 for an unknown bank.</summary>
    public static JsonHttpResult<HmaMessage> BankNotFound(string name) => Error(StatusCodes.Status404NotFound, $"bank '{name}' not found");
}
