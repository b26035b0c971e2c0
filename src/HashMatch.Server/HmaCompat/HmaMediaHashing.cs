using HashMatch.Hashing;
using HashMatch.Server.Limits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HashMatch.Server.HmaCompat;

/// <summary>
/// Hashes an upload as HMA's content type says: a <c>photo</c> by PDQ (the library's <see cref="ImageHasher"/>
/// with the server's decoding limits, in a <see cref="DecodeSlots"/> slot like <c>/v1/hash</c>), a <c>video</c> by
/// the MD5 of its bytes (HMA's <c>video_md5</c>; no decoding). A photo that cannot be decoded is an error, never an
/// empty result.
/// </summary>
internal static class HmaMediaHashing
{
    /// <summary>The upload's signals (by HMA signal type) and the PDQ quality, or HMA's error.</summary>
    public static async Task<(HmaHashedMedia? Hashed, JsonHttpResult<HmaMessage>? Problem)> HashAsync(
        HmaMediaUpload upload, ImageHasherOptions hashing, DecodeSlots slots, HttpResponse response, CancellationToken cancellationToken)
    {
        if (upload.ContentType == HmaMediaUpload.Video)
        {
            return (new HmaHashedMedia(null, ExactHash.Compute(ExactHashAlgorithm.Md5, upload.Bytes.Span)), null);
        }

        var (slot, busy) = await slots.AcquireAsync(cancellationToken);
        if (busy is not null)
        {
            return (null, Busy(response, busy.RetryAfterSeconds));
        }

        using (slot)
        {
            try
            {
                ImageHashes hashes = new ImageHasher(hashing).HashEncoded(upload.Bytes.Span, upload.FileName);
                return (new HmaHashedMedia(hashes.Pdq, null), null);
            }
            catch (HashMatchException e)
            {
                return (null, CannotHash(e));
            }
        }
    }

    /// <summary>The answer for a photo that cannot be hashed: 413 over the pixel limit, else 422, naming the reason.</summary>
    public static JsonHttpResult<HmaMessage> CannotHash(HashMatchException e) =>
        HmaResults.Error(e.Reason == HashMatchErrorReason.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status422UnprocessableEntity,
            $"cannot hash the photo ({e.Reason}): {e.Message}");

    /// <summary>The 503 while every decode slot and the queue are taken, with <c>Retry-After</c>.</summary>
    public static JsonHttpResult<HmaMessage> Busy(HttpResponse response, int retryAfterSeconds)
    {
        response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return HmaResults.Error(StatusCodes.Status503ServiceUnavailable, "busy decoding other images; retry shortly");
    }
}

/// <summary>An upload's hashes: a photo's PDQ with its quality, or a video's MD5.</summary>
internal sealed record HmaHashedMedia(PdqHashResult? Pdq, ExactHash? Md5)
{
    /// <summary>The hashes by HMA signal type, as HMA's hashing answers them.</summary>
    public IReadOnlyDictionary<string, string> Signals =>
        Pdq is { } pdq
            ? new Dictionary<string, string> { [HmaSignal.PdqType] = pdq.Hash.ToString() }
            : new Dictionary<string, string> { [HmaSignal.VideoMd5Type] = Md5!.Value.ToString() };
}
