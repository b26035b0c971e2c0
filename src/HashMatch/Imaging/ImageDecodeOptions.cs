namespace HashMatch;

/// <summary>Limits and choices for decoding an image.</summary>
public sealed record ImageDecodeOptions
{
    /// <summary>The default limits: 100 megapixels, truncated files rejected, exact (full-size) decoding.</summary>
    public static ImageDecodeOptions Default { get; } = new();

    /// <summary>
    /// Largest image accepted, in pixels (width × height from the header), checked before any pixel memory is
    /// allocated. Default 100 megapixels, which stops decompression bombs.
    /// </summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>
    /// Accept files that end early (the decoder fills the missing part). Default false: a truncated file is a
    /// <see cref="HashMatchErrorReason.Truncated"/> error, since its hash describes a different picture.
    /// </summary>
    public bool AllowTruncated { get; init; }

    /// <summary>
    /// Let the codec decode large JPEG and WebP files at a reduced scale (never below
    /// <see cref="MinimumScaledSide"/> on a side). Much faster, but the codec averages pixels where the reference
    /// samples them, so hashes can move a few bits; see README.md for the measured effect. Default false.
    /// </summary>
    public bool ScaledDecode { get; init; }

    /// <summary>Smallest side a scaled decode may produce: PDQ's pre-resize size, 512.</summary>
    public int MinimumScaledSide => PdqLuma.PreResizeLimit;
}
