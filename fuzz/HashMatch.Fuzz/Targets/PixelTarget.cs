using HashMatch.Imaging;
using HashMatch.Pdq;

namespace HashMatch.Fuzz.Targets;

/// <summary>
/// The PDQ pipeline on arbitrary pixels — the managed code behind every decoder, where afl-fuzz sees every branch:
/// <see cref="PdqHasher.Hash(PixelBuffer)"/>, <see cref="PdqHasher.HashDihedral"/>, <see cref="PdqHasher.HashVariants"/>
/// (dihedral, upscale, regions the picture localiser finds) and <see cref="PdqHasher.HashCrops"/>.
/// </summary>
/// <remarks>
/// Input: byte 0 picks the pixel format, bytes 1–2 the width and height (1–256, times 1–4 from byte 3's low bits), the
/// rest are the pixels, repeated to fill the image (so a few bytes make stripes, borders and flat regions).
/// Checked: no exception at all (pixels are never bad input); the original hash is the same from all three entry
/// points (README: "the original's hash is exactly Hash's"); a losslessly turned copy hashes as the pixel-dihedral
/// variant of the original (README "Query variants": distance 0 at every size), for a half turn; qualities in 0–100.
/// </remarks>
public sealed class PixelTarget : FuzzTarget
{
    private static readonly PixelFormat[] Formats = Enum.GetValues<PixelFormat>();

    /// <inheritdoc/>
    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 4)
        {
            return;
        }

        PixelFormat format = Formats[input[0] % Formats.Length];
        int width = (input[1] + 1) * (1 + (input[3] & 3));
        int height = (input[2] + 1) * (1 + ((input[3] >> 2) & 3));
        int bytesPerPixel = format switch { PixelFormat.Gray8 => 1, PixelFormat.Rgb24 or PixelFormat.Bgr24 => 3, _ => 4 };
        byte[] pixels = new byte[width * height * bytesPerPixel];
        ReadOnlySpan<byte> pattern = input[4..];
        for (int i = 0; i < pixels.Length && !pattern.IsEmpty; i += pattern.Length)
        {
            pattern[..Math.Min(pattern.Length, pixels.Length - i)].CopyTo(pixels.AsSpan(i));
        }

        var image = new PixelBuffer(pixels, width, height, format);
        PdqHashResult plain = PdqHasher.Hash(image);
        PdqDihedralHashes dihedral = PdqHasher.HashDihedral(image);
        IReadOnlyList<QueryVariantHash> variants = PdqHasher.HashVariants(image, QueryVariants.All);
        IReadOnlyList<AugmentedHash> crops = PdqHasher.HashCrops(image);
        if (dihedral.ToResult() != plain || variants[0].Result != plain)
        {
            throw new ContractViolation($"{format} {width}×{height}: the original hash differs between entry points: {plain.Hash} (Hash), {dihedral.Original} (HashDihedral), {variants[0].Result.Hash} (HashVariants)");
        }

        foreach (PdqHashResult result in variants.Select(v => v.Result).Concat(crops.Select(c => c.Result)).Append(plain))
        {
            if (result.Quality is < 0 or > 100)
            {
                throw new ContractViolation($"{format} {width}×{height}: quality {result.Quality}");
            }
        }

        PdqHashResult turned = PdqHasher.Hash(new PixelBuffer(HalfTurn(pixels, width, height, bytesPerPixel), width, height, format));
        QueryVariant halfTurn = QueryVariant.Turned(PdqVariant.Rotate180);
        if (variants.FirstOrDefault(v => v.Variant == halfTurn) is var rotated && rotated.Variant == halfTurn && rotated.Result.Hash != turned.Hash)
        {
            throw new ContractViolation($"{format} {width}×{height}: the half-turned copy hashes {turned.Hash}, the Rotate180 variant {rotated.Result.Hash} ({turned.Hash.DistanceTo(rotated.Result.Hash)} bits)");
        }
    }

    private static byte[] HalfTurn(byte[] pixels, int width, int height, int bytesPerPixel)
    {
        byte[] turned = new byte[pixels.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                pixels.AsSpan(((y * width) + x) * bytesPerPixel, bytesPerPixel)
                    .CopyTo(turned.AsSpan((((height - 1 - y) * width) + (width - 1 - x)) * bytesPerPixel));
            }
        }

        return turned;
    }
}
