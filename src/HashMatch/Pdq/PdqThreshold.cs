namespace HashMatch.Pdq;

/// <summary>
/// Step 5 of PDQ: one bit per DCT coefficient, set when the coefficient is strictly greater than the median of all 256
/// (reference: <c>pdqBuffer16x16ToBits</c>).
/// </summary>
/// <remarks>
/// The reference takes the median with Torben's algorithm (N. Devillard, "Fast median search: an ANSI C
/// implementation", 1998), which for an even count returns the lower median: the 128th smallest of the 256 values.
/// Any exact selection returns the same element, so this sorts a copy and reads index 127.
/// </remarks>
internal static class PdqThreshold
{
    private const int Count = PdqDct.Size * PdqDct.Size;

    internal static PdqHash ToHash(ReadOnlySpan<float> block16)
    {
        Span<float> sorted = stackalloc float[Count];
        block16[..Count].CopyTo(sorted);
        sorted.Sort();
        float median = sorted[(Count - 1) / 2];

        Span<ulong> words = stackalloc ulong[4];
        words.Clear();
        for (int k = 0; k < Count; k++)
        {
            if (block16[k] > median)
            {
                words[k >> 6] |= 1UL << (k & 63);
            }
        }

        return new PdqHash(words[0], words[1], words[2], words[3]);
    }
}
