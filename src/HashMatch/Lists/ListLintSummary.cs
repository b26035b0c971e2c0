namespace HashMatch.Lists;

/// <summary>What <see cref="ListLinter.Lint(string, ListFormat, Action{ListIssue})"/> found in one list.</summary>
public sealed record ListLintSummary
{
    /// <summary>The layout read (detected when <see cref="ListFormat.Auto"/> was asked for).</summary>
    public required ListFormat Format { get; init; }

    /// <summary>Usable entries.</summary>
    public required int Entries { get; init; }

    /// <summary>Malformed records.</summary>
    public required int Errors { get; init; }

    /// <summary>Warnings (duplicates, degenerate hashes, low recorded quality, an empty list).</summary>
    public required int Warnings { get; init; }
}
