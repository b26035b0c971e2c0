using System.CommandLine;
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
        var command = new Command("lists", "Check and convert hash lists (PDQ and MD5; plain hex, CSV/TSV with a header, JSON lines, ThreatExchange signal lines, HMA v1 CSV).");
        command.Subcommands.Add(Lint(io));
        command.Subcommands.Add(Convert(io));
        return command;
    }

    private static Command Lint(CommandStreams io)
    {
        var files = new Argument<string[]>("files") { Description = "Hash lists to check.", Arity = ArgumentArity.OneOrMore };
        Option<HashListFormat> listFormat = ListFormatOption.Create("--list-format", "Layout of the lists (default: detected from the first line).");
        var command = new Command("lint", """
            Report what would hurt matching, one line per problem ('FILE:LINE: error|warning: message [code]'):
            errors — lines that are not a hash (wrong length, not hex, missing column); warnings — duplicates and
            degenerate PDQ hashes that would flood reviewers with false matches (all zeros or ones, near-constant,
            unbalanced bit counts, striped or half-split patterns, entries the list records as low quality).
            A summary with counts goes to stderr.

            Examples:
              hashmatch lists lint known.txt
              hashmatch lists lint --list-format hma-csv bank.hash_pdq.te
            Exit codes: 0 no errors (warnings allowed), 1 errors found or a file unreadable, 2 bad arguments.
            """)
        {
            files, listFormat,
        };
        command.SetAction(parse =>
        {
            int errors = 0, warnings = 0, entries = 0, unreadable = 0;
            string[] paths = parse.GetRequiredValue(files);
            foreach (string file in paths)
            {
                try
                {
                    HashListContents contents = HashListReader.Read(file, parse.GetValue(listFormat), collectErrors: true);
                    entries += contents.Entries.Count;
                    foreach (ListIssue issue in HashListLinter.Lint(contents))
                    {
                        io.Out.WriteLine(TextEscaping.Control(issue.ToString()));
                        _ = issue.Severity == ListIssueSeverity.Error ? errors++ : warnings++;
                    }
                }
                catch (HashMatchException e)
                {
                    io.Error.WriteLine($"error: {TextEscaping.Control(e.Message)}");
                    unreadable++;
                }
            }

            io.Error.WriteLine($"lists lint: {paths.Length - unreadable:N0} of {paths.Length:N0} lists read, {entries:N0} entries, {errors:N0} errors, {warnings:N0} warnings");
            return errors > 0 || unreadable > 0 ? ExitCodes.SomeInputsFailed : ExitCodes.Success;
        });
        return command;
    }

    private static Command Convert(CommandStreams io)
    {
        var input = new Argument<string>("input") { Description = "The list to convert." };
        Option<HashListFormat> from = ListFormatOption.Create("--from", "Layout of the input (default: detected).");
        Option<HashListFormat> to = ListFormatOption.CreateConcrete("--to", "Layout to write.", "csv");
        var output = new Option<string>("--out", "-o") { Description = "Output file (written atomically: a temporary file renamed into place).", Required = true };
        var command = new Command("convert", """
            Convert a hash list between layouts. Ids are kept where the target has an id column (csv, tsv, jsonl,
            hma-csv); plain layouts are line-numbered. Malformed input lines stop the conversion with the line number
            and nothing is written.

            Examples:
              hashmatch lists convert known.txt --to csv --out known.csv
              hashmatch lists convert bank.hash_pdq.te --from hma-csv --to pdq --out known.txt
            Exit codes: 0 converted, 2 bad arguments, 3 input or output failed, 130/143 interrupted (nothing written).
            """)
        {
            input, from, to, output,
        };
        command.SetAction(parse =>
        {
            HashListContents contents = HashListReader.Read(parse.GetRequiredValue(input), parse.GetValue(from));
            int written = 0;
            AtomicFile.Write(parse.GetRequiredValue(output), stream =>
            {
                using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
                written = HashListWriter.Write(writer, contents.Entries, parse.GetValue(to));
            });
            io.Error.WriteLine($"lists convert: {contents.Entries.Count:N0} entries read as {contents.Format}, {written:N0} lines written");
            return ExitCodes.Success;
        });
        return command;
    }
}
