using HashMatch.Matching;

namespace HashMatch.Cli.Triage;

/// <summary>What a triage learned about one file, before it is numbered and written to the case's journal.</summary>
internal sealed class ExaminedFile
{
    /// <summary>The path as walked.</summary>
    public required string Path { get; init; }

    /// <summary>Length in bytes, when the file could be looked at.</summary>
    public long? Size { get; init; }

    /// <summary>MD5, SHA-1 and SHA-256 of the bytes, when they were read.</summary>
    public ExactHashes? Exact { get; init; }

    /// <summary>PDQ hash and quality, when the file decoded as an image.</summary>
    public PdqHashResult? Pdq { get; init; }

    /// <summary>The conclusion.</summary>
    public required TriageOutcome Outcome { get; init; }

    /// <summary>Why it failed or was skipped, or what was (not) compared; empty when there is nothing to add.</summary>
    public string Detail { get; init; } = "";

    /// <summary>Every candidate of every list, with its verdict (matches, low-quality matches, exclusions).</summary>
    public IReadOnlyList<MatchCandidate> Candidates { get; init; } = [];
}
