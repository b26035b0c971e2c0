namespace HashMatch.Lists;

/// <summary>How bad a <see cref="ListIssue"/> is.</summary>
public enum ListIssueSeverity
{
    /// <summary>The line cannot be used (wrong length, not hex, missing column).</summary>
    Error,

    /// <summary>The line is usable but suspicious (duplicate, degenerate hash).</summary>
    Warning,
}

/// <summary>A problem found on one line of a hash list.</summary>
public sealed record ListIssue
{
    /// <summary>The list's name.</summary>
    public required string Input { get; init; }

    /// <summary>1-based line number.</summary>
    public required int Line { get; init; }

    /// <summary>Error or warning.</summary>
    public required ListIssueSeverity Severity { get; init; }

    /// <summary>Short stable code, e.g. "malformed", "duplicate", "all-zero".</summary>
    public required string Code { get; init; }

    /// <summary>What is wrong.</summary>
    public required string Message { get; init; }

    /// <summary><c>input:line: severity: message [code]</c>, the usual compiler-style line.</summary>
    public override string ToString() => $"{Input}:{Line}: {(Severity == ListIssueSeverity.Error ? "error" : "warning")}: {Message} [{Code}]";
}
