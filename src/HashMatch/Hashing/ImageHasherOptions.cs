using HashMatch.Imaging;

namespace HashMatch.Hashing;

/// <summary>Settings of an <see cref="ImageHasher"/>.</summary>
public sealed record ImageHasherOptions
{
    /// <summary>Defaults: SkiaSharp decoding with <see cref="ImageDecodeOptions.Default"/>, 256 MiB file limit, no dihedral hashes.</summary>
    public static ImageHasherOptions Default { get; } = new();

    /// <summary>Turns encoded bytes into pixels. Default: <see cref="SkiaImageDecoder"/>.</summary>
    public IImageDecoder Decoder { get; init; } = SkiaImageDecoder.Instance;

    /// <summary>Limits and choices passed to the decoder.</summary>
    public ImageDecodeOptions Decode { get; init; } = ImageDecodeOptions.Default;

    /// <summary>Largest input accepted, in bytes; larger inputs are <see cref="HashMatchErrorReason.TooLarge"/> before being read. Default 256 MiB.</summary>
    public long MaxInputBytes { get; init; } = HashMatchDefaults.MaxInputBytes;

    /// <summary>Also compute the seven rotated and flipped PDQ hashes (from the same DCT). Default false.</summary>
    public bool Dihedral { get; init; }
}
