using System.Buffers;
using HashMatch.IO;
using HashMatch.Imaging;
using HashMatch.Local;
using HashMatch.Pdq;

namespace HashMatch.Hashing;

/// <summary>
/// Hashes encoded images: MD5 of the exact bytes and PDQ of the decoded pixels, reading each input once.
/// Thread-safe; one instance can serve many threads.
/// </summary>
public sealed class ImageHasher
{
    private readonly ImageDecodeOptions _decode;

    /// <summary>An instance with <see cref="ImageHasherOptions.Default"/>.</summary>
    public static ImageHasher Default { get; } = new();

    /// <summary>Creates a hasher with the given options (defaults when null).</summary>
    public ImageHasher(ImageHasherOptions? options = null)
    {
        Options = options ?? ImageHasherOptions.Default;

        // The pixel-dihedral variants sample the turned image's pre-resize grid from the original pixels, and a region
        // is hashed as its own cut-out from them (its edges placed on the image's rows and columns): all of them.
        // The local-feature signal needs the whole picture at its size as well.
        _decode = (Options.Variants & (QueryVariants.PixelDihedral | QueryVariants.Region)) != 0 || Options.Local ? Options.Decode with { KeepAllPixels = true } : Options.Decode;
    }

    /// <summary>The settings this hasher uses.</summary>
    public ImageHasherOptions Options { get; }

    /// <summary>Reads, MD5-hashes, decodes and PDQ-hashes the file at <paramref name="path"/>.</summary>
    /// <param name="path">The file; it must be a regular file (named pipes and devices are refused before opening).</param>
    /// <param name="cancellationToken">Checked between the chunks read.</param>
    /// <exception cref="HashMatchException">The file is missing, not a regular file, cannot be read, or is not a decodable image within the limits.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while reading.</exception>
    public ImageHashes HashFile(string path, CancellationToken cancellationToken = default)
    {
        using FileStream file = InputFile.OpenRead(path, bufferSize: 1);
        return HashStream(file, path, cancellationToken);
    }

    /// <summary>Reads <paramref name="stream"/> to its end, then hashes it as <see cref="HashEncoded"/> does.</summary>
    /// <param name="stream">The encoded image; read from its current position.</param>
    /// <param name="inputName">Name used in error messages; defaults to "stream".</param>
    /// <param name="cancellationToken">Checked between the chunks read.</param>
    /// <exception cref="HashMatchException">The stream cannot be read, is too long, or is not a decodable image within the limits.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while reading.</exception>
    public ImageHashes HashStream(Stream stream, string? inputName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        inputName ??= "stream";
        byte[] buffer = DigestingReader.Read(stream, inputName, Options.MaxInputBytes, cancellationToken, out int length, out ExactHashes exact);
        try
        {
            return HashDecoded(buffer.AsSpan(0, length), inputName, exact, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hashes an encoded image held in memory.</summary>
    /// <param name="encoded">The whole encoded file.</param>
    /// <param name="inputName">Name used in error messages; defaults to "buffer".</param>
    /// <exception cref="HashMatchException">The bytes are not a decodable image within the limits.</exception>
    public ImageHashes HashEncoded(ReadOnlySpan<byte> encoded, string? inputName = null)
    {
        inputName ??= "buffer";
        if (encoded.Length > Options.MaxInputBytes)
        {
            throw TooLong(inputName);
        }

        return HashDecoded(encoded, inputName, ExactHashes.Compute(encoded));
    }

    private ImageHashes HashDecoded(ReadOnlySpan<byte> encoded, string inputName, ExactHashes exact, CancellationToken cancellationToken = default)
    {
        try
        {
            using DecodedImage image = Options.Decoder.Decode(encoded, inputName, _decode, cancellationToken);
            PdqDihedralHashes? dihedral = Options.Dihedral ? PdqHasher.HashDihedral(image.Pixels) : null;
            IReadOnlyList<QueryVariantHash>? variants = Options.Variants != QueryVariants.None ? PdqHasher.HashVariants(image.Pixels, Options.Variants) : null;
            PdqHashResult pdq = variants?[0].Result ?? dihedral?.ToResult() ?? PdqHasher.Hash(image.Pixels);
            LocalSignal? local = Options.Local ? LocalSignal.Compute(image.Pixels) : null;
            LocalSignal? mirrored = Options.Local && Options.LocalMirrored ? LocalSignal.Compute(image.Pixels, mirrored: true) : null;
            return Describe(image, exact, pdq, dihedral, variants, Options.AugmentCrops ? PdqHasher.HashCrops(image.Pixels) : [], local, mirrored);
        }
        catch (HashMatchException e) when (e.InputHashes is null)
        {
            // The bytes were read: keep their digests so exact-copy matching still works on what does not decode.
            throw e.WithInputHashes(exact);
        }
    }

    /// <summary>
    /// The variants with their regions in the encoded image's pixels: a decoder that scaled the image down (the
    /// decode options' scaled decoding) reports the rectangles of its smaller picture.
    /// </summary>
    private static IReadOnlyList<QueryVariantHash> InEncodedPixels(IReadOnlyList<QueryVariantHash> variants, DecodedImage image)
    {
        if (image.Width == image.EncodedWidth && image.Height == image.EncodedHeight)
        {
            return variants;
        }

        return [.. variants.Select(v => v.Variant.Region is { } region
            ? v with { Variant = QueryVariant.ForRegion(region.Scaled(image.Width, image.Height, image.EncodedWidth, image.EncodedHeight)) }
            : v)];
    }

    private static ImageHashes Describe(DecodedImage image, ExactHashes exact, PdqHashResult pdq, PdqDihedralHashes? dihedral, IReadOnlyList<QueryVariantHash>? variants, IReadOnlyList<AugmentedHash> augmented, LocalSignal? local, LocalSignal? mirrored) => new()
    {
        Local = local,
        LocalMirrored = mirrored,
        Exact = exact,
        Pdq = pdq,
        Dihedral = dihedral,
        Variants = variants is null ? [new QueryVariantHash(QueryVariant.Original, pdq)] : InEncodedPixels(variants, image),
        Augmented = augmented,
        Width = image.EncodedWidth,
        Height = image.EncodedHeight,
        EncodedFormat = image.EncodedFormat,
        FrameCount = image.FrameCount,
    };

    private HashMatchException TooLong(string inputName) => DigestingReader.TooLong(inputName, Options.MaxInputBytes);
}
