using System.CommandLine;
using System.Globalization;
using HashMatch.Cli.Options;
using HashMatch.Cli.Output;
using HashMatch.IO;
using HashMatch.Lists;

namespace HashMatch.Cli.Commands;

/// <summary><c>hashmatch lists lint FILE...</c> and <c>hashmatch lists convert INPUT --to FORMAT --out FILE</c>.</summary>
internal static class ListsCommand
{
    public static Command Create(CommandStreams io)
    {
        var command = new Command("lists", "Check and convert hash lists: plain hex (PDQ, MD5, SHA-1, SHA-256), CSV/TSV with a header, JSON lines, ThreatExchange signal lines, HMA v1 CSV, Project VIC VICS JSON (2.0, 1.x), CAID JSON, Interpol ICSE CSV, NSRL RDS.");
        command.Subcommands.Add(Lint(io));
        command.Subcommands.Add(Convert(io));
        return command;
    }

    private static Command Lint(CommandStreams io)
    {
        var files = new Argument<string[]>("files") { Description = "Hash lists to check.", Arity = ArgumentArity.OneOrMore };
        Option<ListFormat> listFormat = ListFormatOption.Create("--list-format", "Layout of the lists (default: detected from the start of each).");
        var command = new Command("lint", """
            Report what would hurt matching, one line per problem ('FILE:LINE: error|warning: message [code]'):
            errors — records that cannot be used (wrong length, not hex, missing column, wrong JSON type, a quality
            outside 0..100, unknown signal type, no hash at all); warnings — duplicates and degenerate PDQ hashes
            that would flood reviewers with false matches (all zeros or ones, near-constant, unbalanced bit counts,
            striped or half-split patterns, entries the list records as low quality); info — PhotoDNA hashes, which
            are carried but not matched. Lists are read as a stream (a 10-million-entry list needs well under 1 GB).
            A summary with counts goes to stderr.

            Examples:
              hashmatch lists lint known.txt
              hashmatch lists lint set.json                     (Project VIC VICS 2.0)
              hashmatch lists lint --list-format hma-csv bank.hash_pdq.te
            Exit codes: 0 no errors (warnings allowed), 1 errors found or a list unreadable, 2 bad arguments.
            """)
        {
            files, listFormat,
        };
        command.SetAction((parse, cancel) =>
        {
            int errors = 0, warnings = 0, entries = 0, unreadable = 0;
            string[] paths = parse.GetRequiredValue(files);
            foreach (string file in paths)
            {
                try
                {
                    ListLintSummary summary = ListLinter.Lint(file, parse.GetValue(listFormat), issue =>
                    {
                        cancel.ThrowIfCancellationRequested();
                        io.Out.WriteLine(TextEscaping.Control(issue.ToString()));
                    });
                    (entries, errors, warnings) = (entries + summary.Entries, errors + summary.Errors, warnings + summary.Warnings);
                    if (paths.Length > 1)
                    {
                        io.Error.WriteLine($"{TextEscaping.Control(file)}: {summary.Entries:N0} entries read as {ListFormatOption.NameOf(summary.Format)}");
                    }
                }
                catch (HashMatchException e)
                {
                    io.Out.Flush();
                    io.Error.WriteLine($"error: {TextEscaping.Control(e.Message)}");
                    unreadable++;
                }
            }

            string failed = unreadable > 0 ? $" ({unreadable:N0} could not be read)" : "";
            io.Error.WriteLine($"lists lint: {paths.Length - unreadable:N0} of {paths.Length:N0} lists read{failed}, {entries:N0} entries, {errors:N0} errors, {warnings:N0} warnings");
            return Task.FromResult(errors > 0 || unreadable > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Success);
        });
        return command;
    }

    private static Command Convert(CommandStreams io)
    {
        var input = new Argument<string>("input") { Description = "The list to convert." };
        Option<ListFormat> from = ListFormatOption.Create("--from", "Layout of the input (default: detected).");
        Option<ListFormat> to = ListFormatOption.CreateConcrete("--to", "Layout to write.", "csv");
        var output = new Option<string>("--out", "-o") { Description = "Output file (written atomically: a temporary file renamed into place).", Required = true };
        var command = new Command("convert", """
            Convert a hash list between layouts, streaming (the list is never held whole). Each layout keeps what it
            can carry — csv, tsv and jsonl keep everything; plain layouts keep their one hash; te-signals writes one
            line per hash — and what the target cannot carry is summed up on stderr. Malformed input records stop the
            conversion with the line number, and nothing is written.

            Examples:
              hashmatch lists convert known.txt --to csv --out known.csv
              hashmatch lists convert set.json --to csv --out set.csv            (VICS to CSV)
              hashmatch lists convert bank.hash_pdq.te --from hma-csv --to pdq --out known.txt
            Exit codes: 0 converted, 2 bad arguments, 3 input or output failed, 130/143 interrupted (nothing written).
            """)
        {
            input, from, to, output,
        };
        command.SetAction((parse, cancel) =>
        {
            string inputPath = parse.GetRequiredValue(input);
            // An absent --to parses as Auto (layout options have no default factory, see NamedValueOption): csv.
            ListFormat target = parse.GetValue(to) is var chosen && chosen != ListFormat.Auto ? chosen : ListFormat.Csv;
            var loss = new ListConversionLoss(target);
            ListFormat source = ListFormat.Auto;
            int written = 0;
            AtomicFile.Write(parse.GetRequiredValue(output), stream =>
            {
                using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
                ListEntryWriter lists = ListWriter.Open(writer, target);
                source = ListReader.ReadEach(inputPath, parse.GetValue(from), (entry, _) =>
                {
                    cancel.ThrowIfCancellationRequested();
                    int before = lists.Records;
                    lists.Write(entry);
                    loss.Add(entry, lists.Records - before);
                }, error: null);
                lists.Finish();
                written = lists.Records;
            });
            io.Error.WriteLine($"lists convert: {loss.Entries:N0} entries read as {ListFormatOption.NameOf(source)}, {written:N0} records written as {ListFormatOption.NameOf(target)}");
            foreach (string line in loss.Describe())
            {
                io.Error.WriteLine($"lists convert: warning: {line}");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
