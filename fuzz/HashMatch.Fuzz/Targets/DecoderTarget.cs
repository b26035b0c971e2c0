using System.Buffers;
using HashMatch.Hashing;
using HashMatch.Imaging;

namespace HashMatch.Fuzz.Targets;

/// <summary>
/// The decoder front end: <see cref="ImageHasher.HashEncoded"/> (signature sniffing, the JPEG marker walk, Skia's
/// codecs, the size and work limits, PDQ) with small limits, strict and with truncation allowed.
/// </summary>
/// <remarks>
/// Besides "only HashMatchException", two properties are checked: allowing truncation only ever accepts more (a file
/// the strict decoder hashes, the lenient one hashes identically), and a decode does not depend on what was in the
/// pooled pixel memory before (the pool is filled with two different patterns and both hashes must agree — a decoder
/// that leaves pixels unwritten would hash leftovers of an earlier image).
/// </remarks>
public sealed class DecoderTarget : FuzzTarget
{
    /// <summary>The name the target gives its inputs.</summary>
    public const string InputName = "fuzz-image";

    /// <summary>Small limits, so a mutant claiming a huge picture is refused instead of slowing the fuzzer down.</summary>
    public static ImageDecodeOptions Limits { get; } = ImageDecodeOptions.Default with
    {
        MaxPixels = 4_000_000,
        MaxProgressiveScanPixels = 40_000_000,
    };

    private static readonly ImageHasher Strict = new(new ImageHasherOptions { Decode = Limits, MaxInputBytes = 1 << 20 });

    private static readonly ImageHasher Lenient = new(new ImageHasherOptions
    {
        Decode = Limits with { AllowTruncated = true, ScaledDecode = false },
        MaxInputBytes = 1 << 20,
    });

    /// <inheritdoc/>
    public override void Run(ReadOnlySpan<byte> input)
    {
        ImageHashes? strict = Hash(Strict, input);
        ImageHashes? lenient = Hash(Lenient, input);
        if (strict is not null && lenient is null)
        {
            throw new ContractViolation("the strict decoder hashed the input but the one allowing truncation refused it");
        }

        if (lenient is null || (long)lenient.Width * lenient.Height > 1 << 20)
        {
            return;
        }

        // Unscaled, the pixel buffer is width × height × (1 or 4) bytes: poison those pool buckets and decode again.
        Poison(lenient.Width * lenient.Height, 0xA5);
        ImageHashes? first = Hash(Lenient, input);
        Poison(lenient.Width * lenient.Height, 0x5A);
        ImageHashes? second = Hash(Lenient, input);
        if (first?.Pdq != second?.Pdq)
        {
            throw new ContractViolation($"the hash depends on leftover pool memory: {first?.Pdq.Hash} vs {second?.Pdq.Hash} ({lenient.EncodedFormat} {lenient.Width}×{lenient.Height})");
        }
    }

    private static ImageHashes? Hash(ImageHasher hasher, ReadOnlySpan<byte> input)
    {
        try
        {
            return hasher.HashEncoded(input, InputName);
        }
        catch (HashMatchException e)
        {
            CheckRejection(e, InputName);
            return null;
        }
    }

    private static void Poison(int pixels, byte value)
    {
        foreach (int bytes in (ReadOnlySpan<int>)[pixels, pixels * 4])
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(bytes);
            buffer.AsSpan().Fill(value);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
