namespace HashMatch.Imaging;

/// <summary>
/// The seam between encoded files and the hashing core: turns encoded bytes into 8-bit pixels.
/// Implement it to hash with another decoder; <see cref="SkiaImageDecoder"/> is the default.
/// </summary>
public interface IImageDecoder
{
    /// <summary>
    /// Decodes <paramref name="encoded"/>. A decoder may return fewer pixels than the file stores in two ways: the
    /// exact 512×512 nearest-neighbour sample PDQ's pre-resize would take anyway (for images with a side over 512;
    /// the PDQ hash is then identical), or, when <see cref="ImageDecodeOptions.ScaledDecode"/> allows it, a
    /// codec-scaled image no smaller than <see cref="ImageDecodeOptions.MinimumScaledSide"/> on a side.
    /// <see cref="DecodedImage.EncodedWidth"/> and <see cref="DecodedImage.EncodedHeight"/> give the stored size.
    /// </summary>
    /// <param name="encoded">The whole encoded file.</param>
    /// <param name="inputName">Name for error messages (file path or caller-supplied name).</param>
    /// <param name="options">Limits and decoding choices.</param>
    /// <param name="cancellationToken">Cancels a wait for the decode memory budget (see <see cref="DecodedImage.Allocate"/>).</param>
    /// <returns>Decoded pixels; the caller disposes them.</returns>
    /// <exception cref="HashMatchException">The input is empty, unsupported, truncated, too large or corrupt.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while waiting for memory.</exception>
    DecodedImage Decode(ReadOnlySpan<byte> encoded, string inputName, ImageDecodeOptions options, CancellationToken cancellationToken = default);
}
