using System.CommandLine;
using System.CommandLine.Parsing;
using HashMatch.Cli;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Cli;

/// <summary>
/// Every example line in every command's help (the lines under "Examples:") parses into the command it documents,
/// and the read-only ones (<c>hash</c>, <c>match</c>, <c>lists lint</c>) run on generated files named as in the example:
/// images for image names, folders of images for names ending in '/', an index for <c>.hmidx</c>, a hash list for
/// list names. Shell parts are left out: redirections, the commands before a pipe, trailing "(...)" notes.
/// </summary>
public sealed class HelpExampleTests : IDisposable
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp"];
    private static readonly string[] ListExtensions = [".csv", ".tsv", ".txt", ".json", ".jsonl"];
    private static readonly string[] VideoExtensions = [".mp4", ".mkv", ".webm", ".mov"];

    /// <summary>testdata/lists samples (see its PROVENANCE.md) for the layouts examples name with --list-format.</summary>
    private static readonly Dictionary<string, string> SampleLists = new(StringComparer.Ordinal)
    {
        ["hma-csv"] = "hma-sample.csv",
        ["te-signals"] = "te-signals-sample.txt",
        ["vics"] = "vics2-sample.json",
        ["caid"] = "caid-sample.json",
        ["icse"] = "icse-sample.csv",
        ["nsrl"] = "NSRLFile-sample.txt",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-examples").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>One example: the command whose help shows it, the line, and its arguments (after "hashmatch").</summary>
    private sealed record Example(string Command, string Line, string[] Arguments, bool FromStdin);

    /// <summary>Every example line, with the command whose help shows it.</summary>
    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        foreach (Example example in FindExamples())
        {
            data.Add(example.Command, example.Line);
        }

        return data;
    }

    /// <summary>The example lines of the read-only commands (hash, match, lists lint), which run on generated files; the others write files or run for minutes (eval, bench) and are only parsed.</summary>
    public static TheoryData<string, string> ReadOnlyExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (Example example in FindExamples().Where(e => e.Command is "hashmatch hash" or "hashmatch match" or "hashmatch lists lint"))
        {
            data.Add(example.Command, example.Line);
        }

        return data;
    }

    [Fact]
    public void Every_command_that_runs_shows_examples()
    {
        var documented = FindExamples().Select(e => e.Command).ToHashSet();
        string[] undocumented = [.. AllCommands(Root()).Where(c => c.Command.Action is not null && !documented.Contains(c.Path)).Select(c => c.Path)];
        Assert.True(undocumented.Length == 0, "no examples in the help of: " + string.Join(", ", undocumented));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_example_parses_into_its_command(string command, string line)
    {
        Example example = Parse(command, line);
        ParseResult parsed = Root().Parse(example.Arguments);
        Assert.True(parsed.Errors.Count == 0, $"{line}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        Assert.StartsWith(command, PathOf(parsed.CommandResult), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ReadOnlyExamples))]
    public async Task A_read_only_example_runs_on_generated_files(string command, string line)
    {
        Example example = Parse(command, line);
        int layout = Array.IndexOf(example.Arguments, "--list-format");
        string? listFormat = layout >= 0 && layout + 1 < example.Arguments.Length ? example.Arguments[layout + 1] : null;
        string[] arguments = [.. example.Arguments.Select((argument, i) => i > 0 && example.Arguments[i - 1] == "--list-format" ? argument : Materialize(argument, listFormat))];
        string? stdin = example.FromStdin ? string.Join('\n', Directory.GetFiles(Folder("stdin-images/"))) + "\n" : null;
        var (code, _, stderr) = await CliRunner.RunAsync(arguments, stdin);
        Assert.True(code == ExitCodes.Success, $"{example.Line} exited {code}: {stderr}");
        Assert.DoesNotContain("error:", stderr);
    }

    /// <summary>
    /// The file or folder an argument names, made in the test folder (its absolute path), or the argument itself. A
    /// file of no known kind on a line that names a <c>--list-format</c> is that layout's sample list from testdata.
    /// </summary>
    private string Materialize(string argument, string? listFormat)
    {
        if (argument.StartsWith('-'))
        {
            return argument;
        }

        string extension = Path.GetExtension(argument).ToLowerInvariant();
        if (argument.EndsWith('/'))
        {
            return Folder(argument);
        }

        string path = Path.Combine(_folder, argument);
        if (ImageExtensions.Contains(extension))
        {
            WriteImage(path, argument.Length);
            return path;
        }

        if (extension == ".hmidx")
        {
            Assert.Equal(0, CliApplication.RunAsync(["index", "build", "--list", KnownList(), "--out", path], TextWriter.Null, TextWriter.Null).GetAwaiter().GetResult());
            return path;
        }

        if (VideoExtensions.Contains(extension))
        {
            File.Copy(TestData.Path(Path.Combine("video-reference", "videos", "doorknob-hd-no-bar.mp4")), path, overwrite: true);
            return path;
        }

        if (listFormat is not null && extension.Length > 0 && SampleLists.TryGetValue(listFormat, out string? sample))
        {
            File.Copy(TestData.Path(Path.Combine("lists", sample)), path, overwrite: true);
            return path;
        }

        if (ListExtensions.Contains(extension))
        {
            File.Copy(KnownList(), path, overwrite: true);
            return path;
        }

        return argument;
    }

    /// <summary>A folder holding two generated images.</summary>
    private string Folder(string name)
    {
        string path = Path.Combine(_folder, name.TrimEnd('/'));
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            WriteImage(Path.Combine(path, "1.png"), 11);
            WriteImage(Path.Combine(path, "2.jpg"), 12);
        }

        return path;
    }

    /// <summary>A hash list (the TSV <c>hash</c> writes) of a folder of generated images.</summary>
    private string KnownList()
    {
        string list = Path.Combine(_folder, "known-list.tsv");
        if (!File.Exists(list))
        {
            var stdout = new StringWriter();
            Assert.Equal(0, CliApplication.RunAsync(["hash", "--quiet", Folder("known-images/")], stdout, TextWriter.Null).GetAwaiter().GetResult());
            File.WriteAllText(list, stdout.ToString());
        }

        return list;
    }

    private static void WriteImage(string path, int seed)
    {
        if (File.Exists(path))
        {
            return;
        }

        SKEncodedImageFormat format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
            ".webp" => SKEncodedImageFormat.Webp,
            _ => SKEncodedImageFormat.Png,
        };
        File.WriteAllBytes(path, SyntheticImages.Encode(240, 180, seed, format));
    }

    private static Command Root() => CliApplication.CreateCommandLine(new CommandStreams(TextReader.Null, TextWriter.Null, TextWriter.Null)).Root;

    private static IEnumerable<(string Path, Command Command)> AllCommands(Command command, string path = "hashmatch")
    {
        yield return (path, command);
        foreach (Command sub in command.Subcommands)
        {
            foreach (var inner in AllCommands(sub, path + " " + sub.Name))
            {
                yield return inner;
            }
        }
    }

    private static string PathOf(CommandResult result) =>
        result.Parent is CommandResult parent ? PathOf(parent) + " " + result.Command.Name : result.Command.Name;

    private static IEnumerable<Example> FindExamples()
    {
        foreach (var (path, command) in AllCommands(Root()))
        {
            string[] lines = (command.Description ?? "").Split('\n');
            int start = Array.FindIndex(lines, l => l.Trim() is "Examples:" or "Example:");
            if (start < 0)
            {
                continue;
            }

            foreach (string raw in lines.Skip(start + 1).TakeWhile(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("Exit codes", StringComparison.Ordinal)))
            {
                yield return Parse(path, raw.Trim());
            }
        }
    }

    /// <summary>The example's hashmatch arguments: the last pipeline stage, without "(notes)", environment settings and redirections.</summary>
    private static Example Parse(string command, string line)
    {
        string text = line;
        int note = text.IndexOf("  (", StringComparison.Ordinal);
        if (note > 0)
        {
            text = text[..note];
        }

        string[] stages = text.Split('|');
        string stage = stages[^1].Trim();
        List<string> tokens = [.. Tokens(stage)];
        for (int i = tokens.Count - 1; i >= 0; i--)
        {
            if (tokens[i].StartsWith('>'))
            {
                tokens.RemoveRange(i, tokens[i].Length > 1 ? 1 : Math.Min(2, tokens.Count - i));
            }
        }

        // Leading NAME=value words set the command's environment (serve's API keys): shell, not arguments.
        tokens.RemoveRange(0, tokens.TakeWhile(t => System.Text.RegularExpressions.Regex.IsMatch(t, "^[A-Z_][A-Z0-9_]*=")).Count());
        Assert.True(tokens.Count > 0 && tokens[0] == "hashmatch", $"{command}: example line does not run hashmatch: {line}");
        return new Example(command, line, [.. tokens.Skip(1)], stages.Length > 1);
    }

    /// <summary>Words of a shell command line: split at spaces, with '...' and "..." kept whole.</summary>
    private static IEnumerable<string> Tokens(string text)
    {
        var word = new System.Text.StringBuilder();
        char quote = '\0';
        bool any = false;
        foreach (char c in text)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                any = true;
            }
            else if (c == ' ')
            {
                if (any || word.Length > 0)
                {
                    yield return word.ToString();
                }

                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
            }
        }

        if (any || word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
