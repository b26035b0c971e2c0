namespace HashMatch.Imaging;

/// <summary>Limits and choices for decoding an image.</summary>
public sealed record ImageDecodeOptions
{
    /// <summary>The default limits: 100 megapixels, truncated files rejected, the reference's exact pixels.</summary>
    public static ImageDecodeOptions Default { get; } = new();

    /// <summary>
    /// Largest image accepted, in pixels (width × height from the header), checked before any pixel memory is
    /// allocated. Default 100 megapixels, which stops decompression bombs.
    /// </summary>
    public long MaxPixels { get; init; } = HashMatchDefaults.MaxPixels;

    /// <summary>
    /// Largest decoding work accepted for a progressive JPEG, in scans × pixels: each scan is a pass over the whole
    /// image, so a small file with many scans can cost seconds (an audit found a 209 KB, 10,000² file with 96 scans
    /// that took 7 s). Default 1.5 × 10⁹: a 100-megapixel image in 15 scans; camera JPEGs have about 10 scans.
    /// </summary>
    public long MaxProgressiveScanPixels { get; init; } = 1_500_000_000;

    /// <summary>
    /// Accept files that end early (the decoder fills the missing part). Default false: a truncated file is a
    /// <see cref="HashMatchErrorReason.Truncated"/> error, since its hash describes a different picture.
    /// </summary>
    public bool AllowTruncated { get; init; }

    /// <summary>
    /// Let the codec decode large JPEG and WebP files at 1/2, 1/4 or 1/8 scale (never below
    /// <see cref="MinimumScaledSide"/> on a side), then apply the reference's 512×512 resize. Default false.
    /// </summary>
    /// <remarks>
    /// Faster on camera-sized photos (1.4× on a 12-megapixel JPEG; docs/pdq.md, "Decoding", and docs/performance.md), but a reduced pixel is an
    /// average where the reference samples one pixel, and no rule based on sizes keeps that within Meta's 10-bit
    /// tolerance on every picture: on fine periodic texture or pixel noise the measured distance reached 20 bits, and
    /// a picture can be built whose sampled pixels show one image and whose block averages another. Hash lists
    /// exchanged with others should therefore be made with the default (exact) decode.
    /// </remarks>
    public bool ScaledDecode { get; init; }

    /// <summary>
    /// Decode every pixel of an image larger than 512, instead of only the 512×512 pixels PDQ's pre-resize samples
    /// (which the default keeps where the codec decodes row by row: the PDQ hash is the same either way). Default
    /// false. Set it for other uses of the pixels: the pixel-dihedral query variants, for one, sample a turned image's
    /// grid, whose positions differ (<see cref="Hashing.ImageHasher"/> sets it for them).
    /// </summary>
    public bool KeepAllPixels { get; init; }

    /// <summary>Smallest side a scaled decode may produce: twice PDQ's 512 pre-resize, 1024.</summary>
    public int MinimumScaledSide => 2 * HashMatchDefaults.PdqPreResizeSide;
}
