using System.Diagnostics.CodeAnalysis;
using HashMatch.Imaging;
using HashMatch.Local;
using HashMatch.Pdq;

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

    /// <summary>
    /// Also compute the reference's seven DCT-domain rotated and flipped PDQ hashes (from the same DCT; what
    /// <c>hashmatch hash --dihedral</c> prints, bit-exact with <c>pdq-photo-hasher --pdqdih</c>). Default false.
    /// These are the hashes of the turned picture computed without turning it; <see cref="Variants"/> with
    /// <see cref="QueryVariants.PixelDihedral"/> turns the pixels instead (the same <see cref="PdqVariant"/>s).
    /// </summary>
    public bool Dihedral { get; init; }

    /// <summary>Also hash the query variants named (pixel rotations and flips, upscaling, the picture-like regions the localiser finds), from the same decoded pixels. Default none.</summary>
    public QueryVariants Variants { get; init; }

    /// <summary>
    /// Also hash list-side crops (centre and corner windows keeping 95 % and 90 % of each side), for operators hashing
    /// originals they hold so that cropped copies match (<see cref="PdqHasher.HashCrops"/>). Default false.
    /// </summary>
    public bool AugmentCrops { get; init; }

    /// <summary>
    /// Also compute the picture's local-feature signal (<see cref="ImageHashes.Local"/>) from every decoded pixel, for
    /// lists whose owner holds the originals (<c>hashmatch hash --signal local</c>; docs/local-features.md). Default false.
    /// </summary>
    [Experimental(LocalApi.DiagnosticId)]
    public bool Local { get; init; }

    /// <summary>With <see cref="Local"/>, also the mirror image's signal: what a query needs to find mirrored copies (a <see cref="Matching.HashMatcher"/> over lists with signals sets it).</summary>
    internal bool LocalMirrored { get; init; }
}
