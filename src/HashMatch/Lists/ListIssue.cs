namespace HashMatch;

/// <summary>How bad a <see cref="ListIssue"/> is.</summary>
public enum ListIssueSeverity
{
    /// <summary>The line cannot be used (wrong length, not hex, missing column).</summary>
    Error,

    /// <summary>The line is usable but suspicious (duplicate, degenerate hash).</summary>
    Warning,
}

/// <summary>A problem found on one line of a hash list.</summary>
/// <param name="Input">The list's name.</param>
/// <param name="Line">1-based line number.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">Short stable code, e.g. "malformed", "duplicate", "all-zero".</param>
/// <param name="Message">What is wrong.</param>
public sealed record ListIssue(string Input, int Line, ListIssueSeverity Severity, string Code, string Message)
{
    /// <summary><c>input:line: severity: message [code]</c>, the usual compiler-style line.</summary>
    public override string ToString() => $"{Input}:{Line}: {(Severity == ListIssueSeverity.Error ? "error" : "warning")}: {Message} [{Code}]";
}
