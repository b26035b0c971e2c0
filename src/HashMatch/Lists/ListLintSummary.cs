namespace HashMatch.Lists;

/// <summary>What <see cref="ListLinter.Lint(string, ListFormat, Action{ListIssue})"/> found in one list.</summary>
public sealed class ListLintSummary
{
    /// <summary>Made by the library only.</summary>
    internal ListLintSummary()
    {
    }

    /// <summary>The layout read (detected when <see cref="ListFormat.Auto"/> was asked for).</summary>
    public ListFormat Format { get; internal init; }

    /// <summary>Usable entries.</summary>
    public int Entries { get; internal init; }

    /// <summary>Malformed records.</summary>
    public int Errors { get; internal init; }

    /// <summary>Warnings (duplicates, degenerate hashes, low recorded quality, an empty list).</summary>
    public int Warnings { get; internal init; }
}
