namespace HashMatch.Imaging;

/// <summary>Limits and choices for decoding an image.</summary>
public sealed record ImageDecodeOptions
{
    /// <summary>The default limits: 100 megapixels, truncated files rejected, codec-scaled decoding of large JPEG/WebP.</summary>
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
    /// Let the codec decode large JPEG and WebP files at a reduced scale (never below
    /// <see cref="MinimumScaledSide"/> on a side), then apply the reference's 512×512 resize. Several times faster
    /// for camera-sized photos; the codec averages pixels where the reference samples them, which moved hashes by
    /// 0–4 bits (median 2) on the measured images, inside Meta's 10-bit tolerance for decoded files (README.md,
    /// "Decoding"). Default true; set false for the reference's exact full-size decode.
    /// </summary>
    public bool ScaledDecode { get; init; } = true;

    /// <summary>Smallest side a scaled decode may produce: PDQ's pre-resize size, 512.</summary>
    public int MinimumScaledSide => HashMatchDefaults.PdqPreResizeSide;
}
