namespace HashMatch.Pdq;

/// <summary>
/// The dihedral variants in the DCT domain (reference: <c>dct16OriginalTo*</c> in <c>pdqhashing.cpp</c>).
/// </summary>
/// <remarks>
/// Mirroring a 64-sample line multiplies DCT-II coefficient <c>u</c> by <c>(−1)^u</c>. The block drops the DC term, so
/// row/column index <c>i</c> is frequency <c>i + 1</c> and changes sign when <c>i</c> is even. A transpose of the image
/// transposes the block. Rotations are a flip composed with a transpose. This is exact at the level of the 64×64
/// block, so the dihedral hashes need one DCT; they are only approximately the hashes of rotated files, because the
/// decimation grid is not symmetric (see <c>../shared/pdq-reference/README.md</c>).
/// </remarks>
internal static class PdqDihedral
{
    private const int N = PdqDct.Size;

    /// <summary>Writes the block of <paramref name="variant"/> of the image whose block is <paramref name="original"/>.</summary>
    internal static void Transform(ReadOnlySpan<float> original, Span<float> output, PdqVariant variant)
    {
        var (transpose, flipRows, flipColumns) = Operations(variant);
        for (int i = 0; i < N; i++)
        {
            // Negate where the mirrored frequency is odd (index even).
            bool negateRow = flipRows && (i & 1) == 0;
            for (int j = 0; j < N; j++)
            {
                bool negate = negateRow ^ (flipColumns && (j & 1) == 0);
                float value = original[(i * N) + j];
                int target = transpose ? (j * N) + i : (i * N) + j;
                output[target] = negate ? -value : value;
            }
        }
    }

    /// <summary>
    /// What to do to the original block: mirror its row frequencies (vertical flip), its column frequencies
    /// (horizontal mirror), then transpose.
    /// </summary>
    private static (bool Transpose, bool FlipRows, bool FlipColumns) Operations(PdqVariant variant) => variant switch
    {
        PdqVariant.Original => (false, false, false),
        PdqVariant.Rotate90 => (true, false, true),
        PdqVariant.Rotate180 => (false, true, true),
        PdqVariant.Rotate270 => (true, true, false),
        PdqVariant.FlipX => (false, true, false),
        PdqVariant.FlipY => (false, false, true),
        PdqVariant.FlipPlus1 => (true, false, false),
        PdqVariant.FlipMinus1 => (true, true, true),
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown dihedral variant."),
    };
}
