using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace HashMatch.Server.Api;

/// <summary>
/// An uploaded image: the <c>file</c> field of a <c>multipart/form-data</c> body, or the raw body (any other content
/// type, curl's default <c>application/x-www-form-urlencoded</c> of <c>--data-binary</c> included). Nothing is
/// fetched from a URL. Memory follows what the client actually sent, never what it declared: a declared length over
/// the limit is refused before a byte is read, and the buffer grows with the bytes that arrive.
/// </summary>
internal static class Uploads
{
    public const string FieldName = "file";

    /// <summary>
    /// The most a raw body's buffer starts with. A declared Content-Length is a claim, not bytes: a headers-only
    /// request declaring 2 GB allocated 2 GB before this bound (issue 22, finding 4).
    /// </summary>
    private const int InitialBufferLimit = 1 << 20;

    /// <summary>The upload's bytes and a name for messages, or a problem (400 malformed, 413 too large).</summary>
    public static async Task<(ReadOnlyMemory<byte> Bytes, string Name, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (DeclaredTooLarge(request, maxBytes) is { } tooLarge)
        {
            return (default, "", tooLarge);
        }

        if (IsMultipartForm(request.ContentType))
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (InvalidDataException e)
            {
                // The form reader's word for a body that is not the multipart form its header announces.
                return (default, "", Problems.Result(400, "Malformed multipart body", e.Message));
            }
            catch (IOException e) when (e is not BadHttpRequestException)
            {
                return (default, "", Problems.Result(400, "Malformed multipart body", e.Message));
            }

            if (form.Files.GetFile(FieldName) is not { } file)
            {
                return (default, "", Problems.Result(400, "No image", $"the multipart form has no '{FieldName}' field with a file"));
            }

            if (file.Length > maxBytes)
            {
                return (default, "", TooLarge(file.Length, maxBytes));
            }

            byte[] bytes = new byte[file.Length];
            await using Stream stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(bytes, cancellationToken);
            return (bytes, string.IsNullOrEmpty(file.FileName) ? "upload" : Path.GetFileName(file.FileName), null);
        }

        ReadOnlyMemory<byte> raw = await ReadBodyAsync(request, cancellationToken);
        return raw.IsEmpty
            ? (default, "", Problems.Result(400, "No image", $"send the image as the body, or as the '{FieldName}' field of a multipart/form-data body"))
            : (raw, "upload", null);
    }

    /// <summary>
    /// The whole body, in a buffer that grows with the bytes that arrive (Kestrel refuses more than the request's
    /// body limit with 413; the request's time limit cancels a body that trickles). The caller checked the declared
    /// length against the limit first.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        int initial = (int)Math.Min(request.ContentLength is { } length and > 0 ? length : 1 << 16, InitialBufferLimit);
        using var body = new MemoryStream(initial);
        await request.Body.CopyToAsync(body, cancellationToken);

        // The stream's own buffer, not a copy: a chunked or mis-sized body would otherwise be copied once more.
        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }

    /// <summary>The 413 problem for a declared length over the limit, or null.</summary>
    public static ProblemHttpResult? DeclaredTooLarge(HttpRequest request, long maxBytes) =>
        request.ContentLength is { } declared && declared > maxBytes ? TooLarge(declared, maxBytes) : null;

    /// <summary>Whether the content type is <c>multipart/form-data</c> (only that is read as a form).</summary>
    private static bool IsMultipartForm(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? media)
        && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    private static ProblemHttpResult TooLarge(long bytes, long maxBytes) =>
        Problems.Result(413, "Body too large", $"{bytes:N0} bytes; at most {maxBytes:N0} (--max-body-bytes)");
}
