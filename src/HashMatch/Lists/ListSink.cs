using System.Globalization;

namespace HashMatch.Lists;

/// <summary>
/// Where a layout reader puts what it read: entries, and malformed records — the one error channel of every layout.
/// Without an error callback the first malformed record throws a <see cref="HashMatchException"/> naming the list and
/// line; with one, each is reported as a <see cref="ListIssue"/> and reading goes on.
/// </summary>
internal sealed class ListSink(string input, Action<ListEntry, int> entry, Action<ListIssue>? error)
{
    /// <summary>The list's name.</summary>
    public string Input => input;

    /// <summary>Entries delivered so far.</summary>
    public int Entries { get; private set; }

    /// <summary>Delivers an entry read at <paramref name="line"/> (1-based).</summary>
    public void Add(ListEntry value, int line)
    {
        Entries++;
        entry(value, line);
    }

    /// <summary>Reports a malformed record at <paramref name="line"/>; throws unless errors are being collected.</summary>
    /// <exception cref="HashMatchException">Errors are not being collected.</exception>
    public void Error(int line, string message)
    {
        if (error is null)
        {
            throw Fatal(line, message);
        }

        error(new ListIssue { Input = input, Line = line, Severity = ListIssueSeverity.Error, Code = "malformed", Message = message });
    }

    /// <summary>An error after which the list cannot be read on (a header without hash columns, broken JSON).</summary>
    public HashMatchException Fatal(int line, string message) =>
        new(input, HashMatchErrorReason.Malformed, line > 0 ? string.Create(CultureInfo.InvariantCulture, $"line {line}: {message}") : message);
}
