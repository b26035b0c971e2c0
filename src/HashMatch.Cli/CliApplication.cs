using System.CommandLine;
using HashMatch.Cli.Commands;

namespace HashMatch.Cli;

/// <summary>The <c>hashmatch</c> command tree, runnable with any output writers (the tests run it in-process).</summary>
public static class CliApplication
{
    /// <summary>Parses <paramref name="args"/> and runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        var verbose = new Option<bool>("--verbose") { Description = "On an unexpected failure, print the whole exception instead of one line.", Recursive = true };
        var root = new RootCommand("hashmatch: detect known images by MD5 and PDQ hash matching.")
        {
            verbose,
            HashCommand.Create(stdout, stderr),
            EvalCommand.Create(stdout, stderr),
            MatchCommand.Create(stdout, stderr),
            IndexCommand.Create(stderr),
            ListsCommand.Create(stdout, stderr),
            BenchCommand.Create(stdout, stderr),
            VideoCommand.Create(stdout, stderr),
        };

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }

            await stderr.WriteLineAsync("Run 'hashmatch --help' for usage.");
            return ExitCodes.BadArguments;
        }

        // Commands report bad input themselves; anything else is a bug or an environment failure. Print one line
        // (the whole exception with --verbose or HASHMATCH_VERBOSE=1) instead of the runtime's stack trace.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await parsed.InvokeAsync(invocation, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Exception shown = e is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerException! : e;
            bool full = parsed.GetValue(verbose) || Environment.GetEnvironmentVariable("HASHMATCH_VERBOSE") == "1";
            await stderr.WriteLineAsync(full ? $"error: {shown}" : $"error: {shown.GetType().Name}: {shown.Message}");
            return ExitCodes.Failed;
        }
    }
}
