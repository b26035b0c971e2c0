using System.Globalization;

namespace HashMatch.Lists;

/// <summary>How bad a <see cref="ListIssue"/> is.</summary>
public enum ListIssueSeverity
{
    /// <summary>The record cannot be used (wrong length, not hex, missing column, no hash).</summary>
    Error,

    /// <summary>The record is usable but suspicious (duplicate, degenerate hash).</summary>
    Warning,

    /// <summary>Something about the whole list worth knowing (it carries PhotoDNA hashes, which are not matched).</summary>
    Info,
}

/// <summary>A problem found on one line of a hash list, or a note about the whole list.</summary>
public sealed class ListIssue
{
    /// <summary>Made by the library only.</summary>
    internal ListIssue()
    {
    }

    /// <summary>The list's name.</summary>
    public string Input { get; internal init; } = "";

    /// <summary>1-based line number; 0 for a note about the whole list.</summary>
    public int Line { get; internal init; }

    /// <summary>Error, warning or info.</summary>
    public ListIssueSeverity Severity { get; internal init; }

    /// <summary>Short stable code, e.g. "malformed", "duplicate", "all-zero", "photodna".</summary>
    public string Code { get; internal init; } = "";

    /// <summary>What is wrong.</summary>
    public string Message { get; internal init; } = "";

    /// <summary><c>input:line: severity: message [code]</c>, the usual compiler-style line (<c>input: ...</c> without a line).</summary>
    public override string ToString()
    {
        string where = Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{Input}:{Line}") : Input;
        string severity = Severity switch { ListIssueSeverity.Error => "error", ListIssueSeverity.Warning => "warning", _ => "info" };
        return $"{where}: {severity}: {Message} [{Code}]";
    }
}
