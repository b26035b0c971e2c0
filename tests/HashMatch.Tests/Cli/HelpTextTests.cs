using System.Text.RegularExpressions;
using HashMatch.Cli;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Cli;

/// <summary>Every command's help, found by walking the "Commands:" sections from the root.</summary>
public sealed partial class HelpTextTests
{
    private static async Task<string> Help(string[] command)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync([.. command, "--help"]);
        Assert.True(code == 0, $"{string.Join(' ', command)} --help exited {code}: {stderr}");
        return stdout;
    }

    private static async Task<List<(string Command, string Text)>> EveryHelp()
    {
        var found = new List<(string, string)>();
        var pending = new Queue<string[]>([[]]);
        while (pending.TryDequeue(out string[]? command))
        {
            string text = await Help(command);
            found.Add((string.Join(' ', ["hashmatch", .. command]), text));
            int start = text.IndexOf("Commands:", StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            foreach (string line in text[(start + "Commands:".Length)..].Split('\n'))
            {
                Match name = SubcommandLine().Match(line);
                if (name.Success)
                {
                    pending.Enqueue([.. command, name.Groups[1].Value]);
                }
            }
        }

        return found;
    }

    [Fact]
    public async Task Every_command_has_help_and_the_walk_reaches_the_subcommands()
    {
        var helps = await EveryHelp();
        string[] names = [.. helps.Select(h => h.Command)];
        Assert.Contains("hashmatch lists convert", names);
        Assert.Contains("hashmatch index build", names);
        Assert.All(helps, h => Assert.StartsWith("Description:", h.Text.TrimStart()));
    }

    [Fact]
    public async Task Help_never_shows_dotnet_names_only_what_the_user_types()
    {
        foreach ((string command, string text) in await EveryHelp())
        {
            Assert.DoesNotContain("HashMatch.", text);
            // Option placeholders and defaults are written as typed (lowercase names, numbers, paths), never as
            // .NET enum members such as <Auto|Csv|...> or [default: Tsv].
            foreach (Match placeholder in Placeholder().Matches(text))
            {
                Assert.True(placeholder.Groups[1].Value == placeholder.Groups[1].Value.ToLowerInvariant(), $"{command}: placeholder {placeholder.Value}");
            }

            foreach (Match shown in DefaultValue().Matches(text))
            {
                Assert.False(char.IsUpper(shown.Groups[1].Value[0]), $"{command}: {shown.Value}");
            }
        }
    }

    [GeneratedRegex(@"^  ([a-z][a-z0-9-]*)\b")]
    private static partial Regex SubcommandLine();

    [GeneratedRegex(@"--[a-z-]+ <([^>]+)>")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\[default: ([^\]]+)\]")]
    private static partial Regex DefaultValue();
}
