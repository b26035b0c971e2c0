using System.CommandLine;
using System.CommandLine.Help;
using HashMatch.Cli.Commands;
using HashMatch.Cli.Hosting;
using HashMatch.Cli.Input;
using HashMatch.Cli.Output;

namespace HashMatch.Cli;

/// <summary>
/// The <c>hashmatch</c> command tree, runnable with any output writers (the tests run it in-process). This is the one
/// place where failures become exit codes: argument errors (from the parser and the options' validators) exit with
/// <see cref="ExitCodes.BadArguments"/>, a <see cref="HashMatchException"/> that stops a command with
/// <see cref="ExitCodes.Failed"/>, cancellation with <see cref="ExitCodes.Interrupted"/>; commands return
/// <see cref="ExitCodes.SomeInputsFailed"/> themselves when they finished but some inputs failed.
/// </summary>
public static class CliApplication
{
    /// <summary>Parses <paramref name="args"/> and runs the command; returns the process exit code.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdout">Where records go.</param>
    /// <param name="stderr">Where errors, progress and summaries go.</param>
    /// <param name="cancel">Cancels the command (Ctrl-C, SIGTERM).</param>
    /// <param name="stdin">Where <c>-</c> reads paths from (default: the process's standard input).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default, TextReader? stdin = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var io = new CommandStreams(stdin ?? new StandardInput(), stdout, stderr);
        (Command root, Option<bool> verbose) = CreateCommandLine(io);
        ParseResult parsed = root.Parse(args);
        if (parsed.CommandResult.Command is HandedOffCommand handedOff)
        {
            return FrameworkDependentBuild.Exec(handedOff.Name, args, stderr);
        }

        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"error: {TextEscaping.Control(error.Message)}");
            }

            await stderr.WriteLineAsync("Run 'hashmatch --help' for usage.");
            return ExitCodes.BadArguments;
        }

        // Signals are handled by Program (so that SIGINT and SIGTERM get their own exit codes), not by the parser.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return await parsed.InvokeAsync(invocation, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await stdout.FlushAsync(CancellationToken.None);
            await stderr.WriteLineAsync("cancelled");
            return ExitCodes.Interrupted;
        }
        catch (HashMatchException e)
        {
            await stdout.FlushAsync(CancellationToken.None);
            await stderr.WriteLineAsync($"error: {TextEscaping.Control(e.Message)}");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Anything else is a bug or an environment failure: one line (the whole exception with --verbose or
            // HASHMATCH_VERBOSE=1) instead of the runtime's stack trace.
            Exception shown = e is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerException! : e;
            bool full = parsed.GetValue(verbose) || Environment.GetEnvironmentVariable("HASHMATCH_VERBOSE") == "1";
            await stderr.WriteLineAsync(full ? $"error: {shown}" : $"error: {shown.GetType().Name}: {TextEscaping.Control(shown.Message)}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>This build's version (the informational version: number, and the commit it was built from), as reports record it.</summary>
    internal static string ToolVersion { get; } =
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(CliApplication).Assembly)?.InformationalVersion ?? "unknown";

    /// <summary>The command tree (every command with its options and help) and the <c>--verbose</c> option on its root.</summary>
    internal static (Command Root, Option<bool> Verbose) CreateCommandLine(CommandStreams io)
    {
        var verbose = new Option<bool>("--verbose") { Description = "On an unexpected failure, print the whole exception instead of one line.", Recursive = true };
        // A plain command named for the program, not RootCommand (which takes its name from the assembly,
        // HashMatch.Cli), so usage lines read "hashmatch ...".
        var root = new Command("hashmatch", "hashmatch: detect known images by exact (MD5) and perceptual (PDQ) hash matching.")
        {
            new HelpOption(),
            new VersionOption(),
            verbose,
            HashCommand.Create(io),
            MatchCommand.Create(io),
            TriageCommand.Create(io),
            IndexCommand.Create(io),
            ListsCommand.Create(io),
            // The native executable hands these to the framework-dependent build beside it (Hosting/); the branch is
            // a constant there, so their code and libraries are not compiled in: eval's ScottPlot and Spectre.Console,
            // serve's and report's ASP.NET Core, Npgsql, SQLite and prometheus-net (reflection-based, and start-up does not count
            // for either).
            NativeExecutable.IsRunning ? new HandedOffCommand("eval", EvalCommand.Description) : EvalCommand.Create(io),
            BenchCommand.Create(io),
            NativeExecutable.IsRunning ? new HandedOffCommand("serve", ServeCommand.Description) : ServeCommand.Create(io),
            NativeExecutable.IsRunning ? new HandedOffCommand("report", ReportCommand.Description) : ReportCommand.Create(io),
            VideoCommand.Create(io),
            ExchangeCommand.Create(io),
        };

        return (root, verbose);
    }
}
