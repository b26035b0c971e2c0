using System.CommandLine;

namespace HashMatch.Cli.Hosting;

/// <summary>
/// A command the native executable leaves to the framework-dependent build (<see cref="FrameworkDependentBuild"/>):
/// it keeps its name and description in <c>hashmatch --help</c> and takes any arguments; CliApplication hands the
/// whole command line over, unparsed and help included, so the framework-dependent build parses and answers it.
/// </summary>
internal sealed class HandedOffCommand : Command
{
    /// <summary>A placeholder for the command <paramref name="name"/>.</summary>
    public HandedOffCommand(string name, string description)
        : base(name, description)
    {
        TreatUnmatchedTokensAsErrors = false;
        Add(new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore, Hidden = true });
    }
}
