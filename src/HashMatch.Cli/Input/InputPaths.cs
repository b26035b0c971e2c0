using System.CommandLine;
using HashMatch.IO;
using HashMatch.Imaging;

namespace HashMatch.Cli.Input;

/// <summary>
/// Where a command's input files come from: paths on the command line (<c>-</c> reads more paths from stdin, one per
/// line), <c>--files-from FILE</c>, and the folders among them walked by the library's <see cref="FileWalker"/>
/// (image extensions only, unless <c>--all-files</c>).
/// </summary>
internal sealed class InputPaths
{
    private InputPaths(Argument<string[]> paths, Option<string?> filesFrom, Option<bool> allFiles, Option<bool> followSymlinks)
    {
        Paths = paths;
        FilesFrom = filesFrom;
        AllFiles = allFiles;
        FollowSymlinks = followSymlinks;
    }

    public Argument<string[]> Paths { get; }

    public Option<string?> FilesFrom { get; }

    public Option<bool> AllFiles { get; }

    public Option<bool> FollowSymlinks { get; }

    /// <summary>
    /// Adds the argument and options to <paramref name="command"/>, with the check that no path looks like an unknown
    /// option; without <c>--all-files</c> when <paramref name="fileFilter"/> is false (a command that reads every file).
    /// </summary>
    public void AddTo(Command command, bool fileFilter = true)
    {
        command.Validators.Add(result =>
        {
            // An unknown "--option" would otherwise be taken for a file name; a real file named so can be passed as ./-name.
            foreach (var token in result.GetResult(Paths)?.Tokens ?? [])
            {
                if (token.Value.StartsWith('-') && token.Value != "-" && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                {
                    result.AddError($"unknown option '{token.Value}'");
                }
            }
        });
        command.Add(Paths);
        command.Add(FilesFrom);
        if (fileFilter)
        {
            command.Add(AllFiles);
        }

        command.Add(FollowSymlinks);
    }

    public static InputPaths Create(string pathsDescription, ArgumentArity arity)
    {
        var paths = new Argument<string[]>("paths") { Description = pathsDescription + " '-' reads more paths from stdin, one per line.", Arity = arity };
        return new InputPaths(
            paths,
            new Option<string?>("--files-from") { Description = "Also read the paths listed in this file, one per line ('-' for stdin)." },
            new Option<bool>("--all-files") { Description = $"In folders, take every file, not only those named like images ({string.Join(' ', ImageFileExtensions.All)}); each is decoded by content." },
            Options.StandardOptions.FollowSymlinks());
    }

    /// <summary>Whether anything was given (the paths argument may be optional when another input is).</summary>
    public bool Any(ParseResult parse) => (parse.GetValue(Paths)?.Length ?? 0) > 0 || parse.GetValue(FilesFrom) is not null;

    /// <summary>A walker configured from the parsed options; its <see cref="FileWalker.Skipped"/> feeds the summary.</summary>
    public FileWalker Walker(ParseResult parse) =>
        new(parse.GetValue(AllFiles) ? static _ => true : ImageFileExtensions.Matches, parse.GetValue(FollowSymlinks));

    /// <summary>The paths as given, stdin and --files-from expanded (lazily, in order).</summary>
    public IEnumerable<string> Named(ParseResult parse, TextReader stdin)
    {
        foreach (string path in parse.GetValue(Paths) ?? [])
        {
            if (path == "-")
            {
                foreach (string line in Lines(stdin))
                {
                    yield return line;
                }
            }
            else
            {
                yield return path;
            }
        }

        if (parse.GetValue(FilesFrom) is { } list)
        {
            if (list == "-")
            {
                foreach (string line in Lines(stdin))
                {
                    yield return line;
                }
            }
            else
            {
                using StreamReader reader = InputFile.OpenText(list);
                foreach (string line in Lines(reader))
                {
                    yield return line;
                }
            }
        }
    }

    private static IEnumerable<string> Lines(TextReader reader)
    {
        var lines = new BoundedLineReader(reader, "path list");
        while (lines.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }
}
