using Spectre.Console;

namespace HashMatch.Cli.Output;

/// <summary>
/// A one-line live status on stderr (Spectre.Console) while a command works through its inputs — only when stderr is
/// a terminal, so pipes, logs and tests get clean output.
/// </summary>
internal static class LiveStatus
{
    /// <summary>Runs <paramref name="work"/>, giving it a callback that updates the status line.</summary>
    public static T Run<T>(TextWriter stderr, bool enabled, Func<Action<string>, T> work)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        if (!enabled || !console.Profile.Capabilities.Interactive || stderr != Console.Error)
        {
            return work(_ => { });
        }

        return console.Status().Start("starting", context => work(text => context.Status(Markup.Escape(text))));
    }
}
