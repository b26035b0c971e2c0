namespace HashMatch.Lists;

/// <summary>What <see cref="HashListLinter.Lint(string, HashListFormat, Action{ListIssue})"/> found in one list.</summary>
public sealed record HashListLintSummary
{
    /// <summary>The layout read (detected when <see cref="HashListFormat.Auto"/> was asked for).</summary>
    public required HashListFormat Format { get; init; }

    /// <summary>Usable entries.</summary>
    public required int Entries { get; init; }

    /// <summary>Malformed records.</summary>
    public required int Errors { get; init; }

    /// <summary>Warnings (duplicates, degenerate hashes, low recorded quality, an empty list).</summary>
    public required int Warnings { get; init; }
}
