using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// HMA's media upload: a <c>multipart/form-data</c> body with exactly one file, in a field named after its content
/// type, <c>photo</c> or <c>video</c> (<c>curl --form photo=@example.png</c>). Other form fields (a content add's
/// <c>metadata</c> and <c>note</c>) come along. Nothing is fetched from a URL.
/// </summary>
internal sealed record HmaMediaUpload(string ContentType, ReadOnlyMemory<byte> Bytes, string FileName, IFormCollection Form)
{
    public const string Photo = "photo";
    public const string Video = "video";

    /// <summary>The content types, in the order HMA lists them.</summary>
    public static readonly IReadOnlyList<string> ContentTypes = [Photo, Video];

    /// <summary>The upload, or HMA's error (400 for the form's mistakes, 413 over the body limit).</summary>
    public static async Task<(HmaMediaUpload? Upload, JsonHttpResult<HmaMessage>? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            return (null, HmaResults.Error(StatusCodes.Status413PayloadTooLarge, "Content too large"));
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? media)
            || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, HmaResults.Error(StatusCodes.Status400BadRequest, "Missing multipart/form-data file upload"));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or (IOException and not BadHttpRequestException))
        {
            // The form reader's word for a body that is not the multipart form its header announces.
            return (null, HmaResults.Error(StatusCodes.Status400BadRequest, $"Malformed multipart/form-data body: {e.Message}"));
        }

        if (form.Files.Count == 0)
        {
            return (null, HmaResults.Error(StatusCodes.Status400BadRequest, "Missing multipart/form-data file upload"));
        }

        if (form.Files.Count > 1)
        {
            return (null, HmaResults.Error(StatusCodes.Status400BadRequest, "Only one file allowed per request"));
        }

        IFormFile file = form.Files[0];
        if (!ContentTypes.Contains(file.Name))
        {
            return (null, HmaResults.Error(StatusCodes.Status400BadRequest, $"no such content_type: '{file.Name}'"));
        }

        if (file.Length > maxBytes)
        {
            return (null, HmaResults.Error(StatusCodes.Status413PayloadTooLarge, "Content too large"));
        }

        byte[] bytes = new byte[file.Length];
        await using (Stream stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        return (new HmaMediaUpload(file.Name, bytes, string.IsNullOrEmpty(file.FileName) ? "upload" : Path.GetFileName(file.FileName), form), null);
    }
}
