using System.Text;
using HashMatch.Lists;

namespace HashMatch.Fuzz.Targets;

/// <summary>
/// The hash list readers: <see cref="ListReader.ReadEach(Stream, string, ListFormat, Action{ListEntry, int}, Action{ListIssue}?)"/>
/// with layout detection and with every layout named, collecting malformed records as lint does and throwing at the
/// first one; then <see cref="ListLinter.Lint(ListContents)"/> on what was read.
/// </summary>
/// <remarks>
/// Checked besides "only HashMatchException": every issue and error names the list; lines are positive and never go
/// backwards; collecting errors never loses entries that throwing mode read before its first error.
/// </remarks>
public sealed class ListTarget : FuzzTarget
{
    /// <summary>The name the target gives its inputs.</summary>
    public const string InputName = "fuzz.list";

    private static readonly ListFormat[] Formats = Enum.GetValues<ListFormat>();

    /// <inheritdoc/>
    public override void Run(ReadOnlySpan<byte> input)
    {
        byte[] bytes = input.ToArray();
        foreach (ListFormat format in Formats)
        {
            int collected = Read(bytes, format, collect: true);
            int thrown = Read(bytes, format, collect: false);
            if (thrown > collected)
            {
                throw new ContractViolation($"{format}: reading to the first error gave {thrown} entries, collecting errors only {collected}");
            }
        }

        ListContents? contents = null;
        try
        {
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
            contents = ListReader.ReadFrom(reader, InputName, ListFormat.Auto, collectErrors: true);
        }
        catch (HashMatchException e)
        {
            CheckRejection(e, InputName);
        }

        if (contents is not null)
        {
            foreach (ListIssue issue in ListLinter.Lint(contents))
            {
                CheckIssue(issue);
            }
        }
    }

    /// <summary>Reads <paramref name="bytes"/> as <paramref name="format"/>; the entries read (before a thrown error).</summary>
    private static int Read(byte[] bytes, ListFormat format, bool collect)
    {
        int entries = 0, lastLine = 0;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            ListReader.ReadEach(stream, InputName, format, (entry, line) =>
            {
                if (line <= 0 || line < lastLine)
                {
                    throw new ContractViolation($"{format}: entry at line {line} after line {lastLine}");
                }

                lastLine = line;
                entries++;
            }, collect ? CheckIssue : null);
        }
        catch (HashMatchException e)
        {
            CheckRejection(e, InputName);
        }

        return entries;
    }

    private static void CheckIssue(ListIssue issue)
    {
        if (issue.Input != InputName || issue.Line < 0 || string.IsNullOrEmpty(issue.Message) || string.IsNullOrEmpty(issue.Code))
        {
            throw new ContractViolation($"an issue does not name the list, a line, a code and a message: {issue}");
        }
    }
}
