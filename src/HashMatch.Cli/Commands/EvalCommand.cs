using System.CommandLine;
using System.Globalization;
using HashMatch.Cli.Options;
using HashMatch.Cli.Output;
using HashMatch.Evaluation;
using Spectre.Console;

namespace HashMatch.Cli.Commands;

/// <summary>
/// <c>hashmatch eval</c>: measures false-negative rates (transformed copies vs their originals) and false-positive
/// rates (all pairs of distinct originals) on a seeded synthetic corpus or the user's images, prints the tables and
/// writes a report folder.
/// </summary>
internal static class EvalCommand
{
    /// <summary>The help text, a constant so that the native executable lists the command without its code.</summary>
    public const string Description = """
            Measure PDQ error rates on benign images: each original gets random transforms (resize, JPEG, crop,
            borders, rotations, flips, blur, noise, colour changes, overlays, captions, screenshots...) and the
            copies' distances to their originals give false-negative rates; all pairs of distinct originals give
            false-positive rates with 95 % intervals. Originals are generated from the seed (or taken from --images).
            The same seed gives the same corpus and the same numbers.

            Examples:
              hashmatch eval                                   (2,000 originals, about two minutes on two cores)
              hashmatch eval --originals 20000 --out full-run  (the full run)
              hashmatch eval --transforms jpeg,resize --thresholds 20,31,45
              hashmatch eval --images ~/Pictures --out my-report
            Exit codes: 0 done, 1 the run failed (e.g. unreadable images folder), 2 bad arguments.
            """;

    public static Command Create(CommandStreams io)
    {
        TextWriter stdout = io.Out, stderr = io.Error;
        var originals = new Option<int>("--originals", "-n") { Description = "Number of originals (all pairs give the false-positive rate).", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the corpus and of every random choice.", DefaultValueFactory = _ => 1 };
        var transforms = new Option<string?>("--transforms") { Description = "Comma-separated transform kinds (default: all): " + string.Join(", ", TransformKindNames.All) + "." };
        var perOriginal = new Option<int>("--per-original") { Description = "Transformed copies per original (random transform and strength each).", DefaultValueFactory = _ => 8 };
        var thresholds = new Option<string>("--thresholds") { Description = "Comma-separated thresholds for the tables.", DefaultValueFactory = _ => "16,24,31,40,48,63" };
        Option<int> minQuality = StandardOptions.MinQuality("Quality limit whose effect is shown.");
        var output = new Option<string>("--out", "-o") { Description = "Report folder (JSON, CSV, Markdown, PNG/SVG plots, index.html).", DefaultValueFactory = _ => "eval-report" };
        var images = new Option<string?>("--images") { Description = "Use the images in this folder (recursively) as originals instead of generated ones." };
        var readme = new Option<string?>("--readme") { Description = "Also write the headline tables into this Markdown file between its eval markers." };
        var parallelism = new Option<int>("--parallel") { Description = "Worker threads (default: one per core).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display." };
        var local = new Option<bool>("--local") { Description = "Also measure the local-feature signal (docs/local-features.md): recall per transform and false pairs per inlier threshold." };

        var command = new Command("eval", Description)
        {
            originals, seed, transforms, perOriginal, thresholds, minQuality, output, images, readme, parallelism, quiet, local,
        };

        command.SetAction((parse, cancel) =>
        {
            EvaluationOptions options;
            try
            {
                options = new EvaluationOptions
                {
                    Originals = parse.GetValue(originals),
                    Seed = parse.GetValue(seed),
                    Transforms = parse.GetValue(transforms) is { } list ? TransformCatalog.ParseKinds(list) : null,
                    TransformsPerOriginal = parse.GetValue(perOriginal),
                    Thresholds = ParseThresholds(parse.GetRequiredValue(thresholds)),
                    MinQuality = parse.GetValue(minQuality),
                    ImagesDirectory = parse.GetValue(images),
                    MaxParallelism = parse.GetValue(parallelism),
                    Local = parse.GetValue(local),
                };
                if (options.Originals < 2 || options.TransformsPerOriginal < 0 || options.MaxParallelism < 1)
                {
                    throw new FormatException("--originals must be at least 2, --per-original at least 0, --parallel at least 1.");
                }
            }
            catch (FormatException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return Task.FromResult(ExitCodes.BadArguments);
            }

            string commandLine = "hashmatch " + string.Join(' ', parse.Tokens.Select(t => t.Value));
            return Run(options, parse.GetRequiredValue(output), parse.GetValue(readme), commandLine, parse.GetValue(quiet), stdout, stderr, cancel);
        });
        return command;
    }

    private static async Task<int> Run(EvaluationOptions options, string folder, string? readme, string commandLine, bool quiet, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        EvaluationResult result;
        try
        {
            await stderr.WriteLineAsync(Banner(options));
            result = quiet ? await EvaluationRunner.RunAsync(options, null, cancel) : await WithProgress(console, stderr, p => EvaluationRunner.RunAsync(options, p, cancel));
        }
        catch (OperationCanceledException)
        {
            // Exit codes come from CliApplication (130 on cancellation); only say what was not done.
            await stderr.WriteLineAsync("eval: cancelled; no report written.");
            throw;
        }

        var table = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        table.Profile.Width = Math.Max(table.Profile.Width, 140); // a pipe or log file reports 80 columns and the tables would wrap
        table.Write(FalsePositiveTable(result));
        table.Write(FalseNegativeTable(result));
        stdout.WriteLine($"seed {result.Seed}, {result.Originals:N0} originals ({result.Source}), {result.TransformedCopies:N0} copies, {result.Pairs:N0} pairs, {result.Seconds:0.#} s; index cross-check: {(result.IndexAgrees ? "agrees" : "DISAGREES")}");

        try
        {
            IReadOnlyList<string> files = ReportWriter.Write(result, folder, commandLine);
            if (ReportWriter.PlotFont is null)
            {
                stderr.WriteLine("warning: no TrueType font found for the plots' labels (set HASHMATCH_PLOT_FONT to a .ttf file, or install fonts-dejavu-core); plots were drawn without text.");
            }

            if (readme is not null)
            {
                SummaryMarkdown.UpdateReadme(readme, SummaryMarkdown.Render(result, commandLine));
                stderr.WriteLine($"eval: updated {readme}");
            }

            stderr.WriteLine($"eval: done: {RunSummary.OneLine(result)}; report: {Path.Combine(Path.GetFullPath(folder), "index.html")} ({files.Count} files)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HashMatchException)
        {
            stderr.WriteLine($"error: {folder}: cannot write the report: {e.Message}");
            return ExitCodes.Failed;
        }

        return result.IndexAgrees ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static async Task<EvaluationResult> WithProgress(IAnsiConsole console, TextWriter stderr, Func<IProgress<EvaluationProgress>, Task<EvaluationResult>> run)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            // Not a terminal (CI, a pipe): a line at the start of each stage and per tenth of it instead of a live bar.
            var lines = new EvalProgressLines(stderr);
            return await run(new SynchronousProgress(lines.Report));
        }

        EvaluationResult? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var gate = new object();
                result = await run(new SynchronousProgress(p =>
                {
                    lock (gate)
                    {
                        if (!tasks.TryGetValue(p.Stage, out ProgressTask? task))
                        {
                            tasks[p.Stage] = task = context.AddTask(p.Stage, maxValue: Math.Max(1, p.Total));
                        }

                        task.Value = p.Done;
                    }
                }));
            });
        return result!;
    }

    /// <summary>The first line of a run: what it will measure, with the number of images a folder actually holds.</summary>
    internal static string Banner(EvaluationOptions options)
    {
        if (options.ImagesDirectory is not { } folder)
        {
            return $"eval: synthetic corpus, {options.Originals:N0} originals, seed {options.Seed}, {options.TransformsPerOriginal} copies each";
        }

        ImageFolderScan scan = ImageFolder.Scan(folder);
        int used = Math.Min(scan.Images.Count, options.Originals);
        string limited = used < scan.Images.Count ? $", using the first {used:N0} (--originals)" : "";
        string skipped = scan.Skipped > 0 ? $" ({scan.Skipped:N0} unreadable or over {HashMatchDefaults.MaxPixels / 1_000_000} megapixels left out)" : "";
        return $"eval: {folder}: {scan.Images.Count:N0} images found{skipped}{limited}; seed {options.Seed}, {options.TransformsPerOriginal} copies each";
    }

    private static Table FalsePositiveTable(EvaluationResult result)
    {
        var table = new Table().Title($"False positives: {result.Pairs:N0} pairs of distinct originals (95 % interval)");
        table.AddColumns("threshold", "matching", "false pairs", "FPR", "95 % interval", $"FPR, {result.ExcludedPairs} excluded (upper)", $"FPR, quality ≥ {result.MinQuality}");
        foreach (var group in result.FalsePositives.GroupBy(r => (r.Threshold, r.Matching)))
        {
            FalsePositiveRow all = group.First(r => !r.QualityLimited), limited = group.First(r => r.QualityLimited);
            table.AddRow(group.Key.Threshold.ToString(CultureInfo.InvariantCulture), group.Key.Matching.Label(), all.FalseMatches.ToString("N0", CultureInfo.InvariantCulture),
                Rate(all.Rate), $"{Rate(all.Low)} – {Rate(all.High)}", $"{Rate(all.UnrelatedRate)} ({Rate(all.UnrelatedHigh)})", Rate(limited.Rate));
        }

        return table;
    }

    private static Table FalseNegativeTable(EvaluationResult result)
    {
        int column = result.ThresholdColumn(31);
        var table = new Table().Title("False negatives: transformed copies not matched (plain PDQ per threshold; at 31 also with all query variants and against list-side crops)");
        table.AddColumn("transform");
        table.AddColumn("copies");
        table.AddColumn("median d");
        foreach (int t in result.Thresholds)
        {
            table.AddColumn($"FNR t={t}");
        }

        if (column >= 0)
        {
            table.AddColumn("t=31 variants");
            table.AddColumn("t=31 crops");
        }

        static string Percent(double r) => r.ToString("0.0%", CultureInfo.InvariantCulture);
        foreach (TransformRow row in result.Transforms)
        {
            string[] extra = column >= 0 ? [Percent(row.FnrVariants[column]), Percent(row.FnrOf(MatchingMode.ListCrops)[column])] : [];
            table.AddRow([row.Transform, row.Copies.ToString(CultureInfo.InvariantCulture), row.MedianDistance.ToString(CultureInfo.InvariantCulture), .. row.Fnr.Select(Percent), .. extra]);
        }

        return table;
    }

    private static string Rate(double rate) => rate == 0 ? "0" : rate.ToString("0.00e+0", CultureInfo.InvariantCulture);

    private static int[] ParseThresholds(string list)
    {
        try
        {
            int[] values = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).Distinct().Order()];
            if (values.Length == 0 || values.Any(v => v is < 0 or > PdqHash.BitLength))
            {
                throw new FormatException();
            }

            return values;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FormatException($"--thresholds must be comma-separated integers in 0..256, got '{list}'.");
        }
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and could report after the run).</summary>
    private sealed class SynchronousProgress(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => report(value);
    }
}
