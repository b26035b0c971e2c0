namespace HashMatch;

/// <summary>
/// The defaults every part of HashMatch uses, in one place: the library's options, the CLI's flags, the evaluation and
/// the list linter all read them from here.
/// </summary>
/// <remarks>
/// Fields, not constants: a constant is copied into every caller when it is compiled, so a caller built against one
/// version would keep its defaults after the library changed them.
/// </remarks>
public static class HashMatchDefaults
{
    /// <summary>
    /// Largest PDQ Hamming distance that counts as a match (inclusive): 31, the threshold Meta recommends for PDQ
    /// ("The TMK+PDQF Video-Hashing Algorithm and the PDQ Image Similarity Algorithm", facebook/ThreatExchange,
    /// hashing.pdf, 2019). <c>hashmatch eval</c> measures what other values cost.
    /// </summary>
    public static readonly int PdqMatchThreshold = 31;

    /// <summary>
    /// Minimum PDQ quality (0–100) of a query or a list entry for a PDQ match: 50, following Meta's guidance that hashes
    /// of lower quality are unreliable (hashing.pdf, "quality metric"; pdq/README.md advises discarding ≤ 49).
    /// </summary>
    public static readonly int PdqMinQuality = 50;

    /// <summary>
    /// Images with a side longer than this are resized to this × this before PDQ's filter (reference:
    /// <c>DOWNSAMPLE_DIMS</c> = 512 in pdq/cpp/hashing/pdqhashing.cpp). Decoders may scale images down to it, never below.
    /// Part of the algorithm, not a setting, so not public; here because decoding (below PDQ in the layers) needs it too.
    /// </summary>
    internal const int PdqPreResizeSide = 512;

    /// <summary>Largest image accepted, in pixels (width × height from the header): 100 megapixels, which stops decompression bombs.</summary>
    public static readonly long MaxPixels = 100_000_000;

    /// <summary>Largest encoded input accepted, in bytes: 256 MiB.</summary>
    public static readonly long MaxInputBytes = 256L * 1024 * 1024;

    /// <summary>
    /// Fewest geometrically consistent feature matches for a local-feature match (<c>HashMatch.Local</c>, inclusive):
    /// 16. On the seeded synthetic corpus (2,000 originals, seed 1) unrelated pictures stop matching at 12 — the
    /// evaluation's choice, where they match no more often than PDQ's at 31 — but pictures of one template (charts
    /// of another corpus, seed 24) reached 14, so the default keeps a margin (docs/local-features.md, "Recall and
    /// false matches"). Experimental with the local-feature API.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.Experimental("HASHMATCH0002")]
    public static readonly int LocalMinInliers = 16;
}
