using HashMatch.Hashing;

namespace HashMatch.Server.Indexing;

/// <summary>How a replica follows the bank store and when it rebuilds.</summary>
internal sealed record IndexSettings
{
    /// <summary>How often the change log is polled (writes on this replica apply at once). Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After how long without a successful poll the index counts as stale (not ready). Default 30 s.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Largest number of entries added, or ids removed, since a bank's base was built before a full rebuild folds
    /// them in. Changes apply through <see cref="HashMatch.Matching.KnownList.WithChanges"/>: an added entry costs
    /// about log₂ of the delta in building (the added entries are kept in parts about halving in size), removing an
    /// added id builds its part again, and every lookup also searches the parts and checks base hits against the
    /// removed ids; this bounds those costs and the memory held beside the base. Default 100,000.
    /// </summary>
    public int DeltaLimit { get; init; } = 100_000;

    /// <summary>Decoding limits of uploaded images (pixels, bytes); the banks' query variants are added to them.</summary>
    public ImageHasherOptions Hashing { get; init; } = ImageHasherOptions.Default;
}
