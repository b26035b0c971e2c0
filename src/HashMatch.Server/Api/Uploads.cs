using Microsoft.AspNetCore.Http;

namespace HashMatch.Server.Api;

/// <summary>
/// An uploaded image: the <c>file</c> field of a multipart form, or the raw body (any other content type). Bodies
/// beyond the server's limit are refused by Kestrel while being read (413); nothing is fetched from a URL.
/// </summary>
internal static class Uploads
{
    public const string FieldName = "file";

    /// <summary>The upload's bytes and a name for messages, or a problem.</summary>
    public static async Task<(ReadOnlyMemory<byte> Bytes, string Name, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.GetFile(FieldName) is not { } file)
            {
                return (default, "", Problems.Result(400, "No image", $"the multipart form has no '{FieldName}' field with a file"));
            }

            byte[] bytes = new byte[file.Length];
            await using Stream stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(bytes, cancellationToken);
            return (bytes, string.IsNullOrEmpty(file.FileName) ? "upload" : Path.GetFileName(file.FileName), null);
        }

        using var body = new MemoryStream(request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value : 1 << 16);
        await request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length == 0)
        {
            return (default, "", Problems.Result(400, "No image", $"send the image as the body, or as the '{FieldName}' field of a multipart form"));
        }

        // The stream's own buffer, not a copy: a chunked or mis-sized body would otherwise be copied once more.
        return (body.GetBuffer().AsMemory(0, (int)body.Length), "upload", null);
    }
}
