using System.CommandLine;
using System.Globalization;
using HashMatch.Cli.Options;
using HashMatch.Cli.Output;
using HashMatch.Evaluation;
using HashMatch.IO;
using HashMatch.Review;
using HashMatch.Server.Decisions;

namespace HashMatch.Cli.Commands;

/// <summary>
/// <c>hashmatch report errors|thresholds (--data DIR | --database CS)</c>: the service's recorded decisions and their
/// reviews as the error report per technology, and as threshold advice per bank (docs/review.md).
/// </summary>
internal static class ReportCommand
{
    /// <summary>The help text, a constant so that the native executable lists the command without its code.</summary>
    public const string Description = """
            Reports from the match decisions a service recorded and their human reviews, read from its bank store
            (the same --data or --database as serve; a running service need not be stopped): 'errors' counts flagged,
            reviewed, confirmed and false-positive decisions per technology with the false-positive ratio and its 95 %
            interval, complaints and reinstatements (Regulation (EU) 2021/1232); 'thresholds' shows what each PDQ
            threshold would have kept and lost of a bank's reviewed decisions.

            Examples:
              hashmatch report errors --data /var/lib/hashmatch --from 2026-01-01 --to 2027-01-01 --format html --out errors.html
              hashmatch report errors --database "Host=db;..." --by-bank --format csv
              hashmatch report thresholds --data /var/lib/hashmatch --bank ncmec
            Exit codes: 0 written, 2 bad arguments, 3 the store cannot be opened (or its schema is newer than this hashmatch).
            """;

    public static Command Create(CommandStreams io)
    {
        var command = new Command("report", Description);
        command.Subcommands.Add(Errors(io));
        command.Subcommands.Add(Thresholds(io));
        return command;
    }

    private static Command Errors(CommandStreams io)
    {
        var (from, to) = PeriodOptions();
        var bank = new Option<string?>("--bank") { Description = "Only what this bank flagged." };
        var byBank = new Option<bool>("--by-bank") { Description = "A row per technology and bank (default: per technology)." };
        var format = new Option<string>("--format") { Description = "html (a page to hand on), csv or json (as GET /v1/reports/errors). Default json.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("html", "csv", "json");
        var output = new Option<string?>("--out", "-o") { Description = "Write here (atomically) instead of stdout." };
        var evaluation = new Option<string?>("--evaluation") { Description = "With --format html: an 'hashmatch eval --out' folder whose copies found and false-match rate per threshold the page shows beside each bank's threshold advice.", HelpName = "dir" };
        var command = new Command("errors", """
            The error report per technology over [--from, --to): for md5, sha1, sha256, pdq, each PDQ query variant
            (pdq:pixel-dihedral, pdq:upscale, pdq:region), pdq:augmented (a list-side crop), vpdq and tmk, the
            decisions it flagged, how many were reviewed, confirmed, false positives and undetermined, the
            false-positive ratio (false positives / (confirmed + false positives)) with its 95 % Wilson interval,
            complaints and reinstatements; and a row 'all' counting each decision once.

            Examples:
              hashmatch report errors --data /var/lib/hashmatch --from 2026-01-01 --to 2027-01-01 --format html --out errors-2026.html
              hashmatch report errors --database "Host=db;Database=hashmatch;Username=hm" --by-bank --format csv
            Exit codes: 0 written, 2 bad arguments, 3 the store cannot be opened.
            """) { from, to, bank, byBank, format, output, evaluation };
        StoreOptions store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            string? evaluationFolder = parse.GetValue(evaluation);
            if (evaluationFolder is not null && parse.GetValue(format) != "html")
            {
                await io.Error.WriteLineAsync("error: --evaluation goes with --format html (the page draws the curve)");
                return ExitCodes.BadArguments;
            }

            // Read before the store is opened: a wrong folder fails at once, naming the file.
            SyntheticCurve? synthetic = evaluationFolder is null ? null
                : new SyntheticCurve(evaluationFolder, [.. EvaluationCurve.Read(evaluationFolder).Select(p => (p.Threshold, p.Found, p.FalseMatchRate))]);
            using DecisionArchive archive = await store.OpenAsync(parse, DecisionArchive.OpenAsync, cancel);
            var (start, end) = Period(parse, from, to);
            IReadOnlyList<ErrorReportRow> rows = await archive.ErrorReportAsync(start, end, parse.GetValue(bank), parse.GetValue(byBank), cancel);
            var buffer = new MemoryStream();
            switch (parse.GetValue(format))
            {
                case "csv":
                    await using (var text = new StreamWriter(buffer, new System.Text.UTF8Encoding(false), leaveOpen: true))
                    {
                        ErrorReportCsv.Write(text, rows);
                    }

                    break;
                case "html":
                    byte[] page = System.Text.Encoding.UTF8.GetBytes(await archive.ErrorReportPageAsync(start, end, parse.GetValue(bank), parse.GetValue(byBank), synthetic, $"hashmatch {CliApplication.ToolVersion}", DateTimeOffset.UtcNow, cancel));
                    buffer.Write(page);
                    break;
                default:
                    await DecisionArchive.WriteJsonAsync(buffer, rows, cancel);
                    buffer.WriteByte((byte)'\n');
                    break;
            }

            await WriteAsync(io, parse.GetValue(output), buffer);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Thresholds(CommandStreams io)
    {
        var (from, to) = PeriodOptions();
        var bank = new Option<string>("--bank") { Description = "The bank.", Required = true };
        var output = new Option<string?>("--out", "-o") { Description = "Write here (atomically) instead of stdout." };
        var command = new Command("thresholds", """
            For one bank, what each PDQ threshold 0 to 64 would have done to the reviewed decisions it flagged by PDQ
            over [--from, --to): confirmed decisions kept and lost, false positives kept and avoided (TSV). A
            threshold above the bank's own only keeps what it flagged: what it would have added was never reviewed.

            Examples:
              hashmatch report thresholds --data /var/lib/hashmatch --bank ncmec
              hashmatch report thresholds --data /var/lib/hashmatch --bank ncmec --from 2026-07-01 --out ncmec-thresholds.tsv
            Exit codes: 0 written, 2 bad arguments, 3 the store cannot be opened.
            """) { from, to, bank, output };
        StoreOptions store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            using DecisionArchive archive = await store.OpenAsync(parse, DecisionArchive.OpenAsync, cancel);
            var (start, end) = Period(parse, from, to);
            IReadOnlyList<ThresholdRow> rows = await archive.ThresholdAdviceAsync(parse.GetRequiredValue(bank), start, end, cancel);
            var buffer = new MemoryStream();
            await using (var text = new StreamWriter(buffer, new System.Text.UTF8Encoding(false), leaveOpen: true))
            {
                await text.WriteAsync("threshold\tconfirmed_kept\tconfirmed_lost\tfalse_positives_kept\tfalse_positives_avoided\n");
                foreach (ThresholdRow row in rows)
                {
                    await text.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{row.Threshold}\t{row.ConfirmedKept}\t{row.ConfirmedLost}\t{row.FalsePositivesKept}\t{row.FalsePositivesAvoided}\n"));
                }
            }

            await WriteAsync(io, parse.GetValue(output), buffer);
            return ExitCodes.Success;
        });
        return command;
    }

    private static (Option<string?> From, Option<string?> To) PeriodOptions()
    {
        var from = new Option<string?>("--from") { Description = "Start of the period (ISO 8601 date or time, UTC unless it says; inclusive). Default: the oldest record." };
        var to = new Option<string?>("--to") { Description = "End of the period (exclusive). Default: now." };
        foreach (Option<string?> option in (Option<string?>[])[from, to])
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string?>() is { } text && !TryParseTime(text, out _))
                {
                    result.AddError($"{option.Name}: '{text}' is not an ISO 8601 date or time");
                }
            });
        }

        return (from, to);
    }

    private static (DateTimeOffset From, DateTimeOffset To) Period(ParseResult parse, Option<string?> from, Option<string?> to)
    {
        DateTimeOffset start = DateTimeOffset.UnixEpoch, end = DateTimeOffset.UtcNow;
        if (parse.GetValue(from) is { } f)
        {
            TryParseTime(f, out start);
        }

        if (parse.GetValue(to) is { } t)
        {
            TryParseTime(t, out end);
        }

        return end < start ? throw new HashMatchException("--to", HashMatchErrorReason.Malformed, "--to is before --from") : (start, end);
    }

    private static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);

    private static async Task WriteAsync(CommandStreams io, string? path, MemoryStream buffer)
    {
        if (path is null)
        {
            await io.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            await io.Out.FlushAsync();
        }
        else
        {
            AtomicFile.Write(path, stream => stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }
}
