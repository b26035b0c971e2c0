using System.Diagnostics;
using HashMatch.Cli;
using HashMatch.Tests.Support;
using SkiaSharp;

namespace HashMatch.Tests.Cli;

/// <summary>
/// The audit's command-line reproductions (issue 12) and the consistency fixes of issue 15: each gives a typed error or
/// the right result, in bounded time, with the documented exit code.
/// </summary>
[Trait("Cost", "Integration")]
public sealed class HostileInputCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-hostile").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(string[] args, string? stdin = null)
    {
        return await CliRunner.RunAsync(args, stdin, TimeSpan.FromSeconds(60));
    }

    private string Image(string name, int seed)
    {
        File.WriteAllBytes(Path(name), SyntheticImages.Encode(200, 160, seed, SKEncodedImageFormat.Png));
        return Path(name);
    }

    [Fact]
    public async Task A_named_pipe_among_the_inputs_is_an_error_and_the_rest_is_hashed()
    {
        Directory.CreateDirectory(Path("d"));
        Image("d/a.png", 1);
        PosixFiles.MakeFifo(Path("d/x.jpg"));
        var (code, stdout, stderr) = await Run(["hash", Path("d")]);
        Assert.Equal(ExitCodes.SomeInputsFailed, code);
        Assert.Equal(2, stdout.TrimEnd().Split('\n').Length);
        Assert.Contains("x.jpg: not a regular file: a named pipe", stderr);
    }

    [Fact]
    public async Task A_named_pipe_as_list_index_or_lint_input_fails_at_once()
    {
        PosixFiles.MakeFifo(Path("pipe"));
        Image("a.png", 2);
        Assert.Equal(ExitCodes.Failed, (await Run(["match", "--index", Path("pipe"), Path("a.png")])).ExitCode);
        Assert.Equal(ExitCodes.Failed, (await Run(["index", "build", "--list", Path("pipe"), "--out", Path("x.hmidx")])).ExitCode);
        var (lintCode, _, lintErr) = await Run(["lists", "lint", Path("pipe")]);
        Assert.Equal(ExitCodes.SomeInputsFailed, lintCode);
        Assert.Contains("named pipe", lintErr);
        Assert.False(File.Exists(Path("x.hmidx")));
    }

    [Fact]
    public async Task File_names_cannot_forge_match_rows()
    {
        string known = Image("known.png", 3);
        var (_, hashes, _) = await Run(["hash", "--quiet", known]);
        File.WriteAllText(Path("known.tsv"), hashes);
        Assert.Equal(0, (await Run(["index", "build", "--list", Path("known.tsv"), "--out", Path("k.hmidx")])).ExitCode);
        string forged = Path("evil\tname\nfake\t99\t0\toriginal\t100\t.png");
        File.Copy(known, forged);
        var (code, stdout, _) = await Run(["match", "--index", Path("k.hmidx"), forged]);
        Assert.Equal(0, code);
        string[] lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length); // header and the real matches: by MD5 (the index keeps the list's MD5s) and by PDQ
        Assert.All(lines[1..], line => Assert.StartsWith(Path("evil\\tname\\nfake\\t99"), line));
    }

    [Fact]
    public async Task Output_onto_a_symlink_writes_its_target_and_onto_a_pipe_is_refused()
    {
        string known = Image("k.png", 4);
        var (_, hashes, _) = await Run(["hash", "--quiet", known]);
        File.WriteAllText(Path("k.tsv"), hashes);
        File.WriteAllText(Path("v1.hmidx"), "old");
        File.CreateSymbolicLink(Path("cur.hmidx"), "v1.hmidx");
        Assert.Equal(0, (await Run(["index", "build", "--list", Path("k.tsv"), "--out", Path("cur.hmidx")])).ExitCode);
        Assert.NotNull(new FileInfo(Path("cur.hmidx")).LinkTarget);
        Assert.NotEqual("old", File.ReadAllText(Path("v1.hmidx")));
        PosixFiles.MakeFifo(Path("pipe.hmidx"));
        var (code, _, stderr) = await Run(["index", "build", "--list", Path("k.tsv"), "--out", Path("pipe.hmidx")]);
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("named pipe", stderr);
    }

    [Fact]
    public async Task A_cancelled_build_writes_nothing_and_exits_130()
    {
        File.WriteAllText(Path("list.txt"), new string('a', 64) + "\n");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var stderr = new StringWriter();
        int code = await CliApplication.RunAsync(["index", "build", "--list", Path("list.txt"), "--out", Path("x.hmidx")], new StringWriter(), stderr, cancelled.Token);
        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Equal([Path("list.txt")], Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("SIGINT", ExitCodes.Interrupted, "eval")]  // a long evaluation: cancelled where it works
    [InlineData("SIGTERM", ExitCodes.Terminated, "stdin")] // 'hash -' blocked on a stdin nobody writes more to: ended after the grace period
    public async Task Signals_stop_a_command_with_their_exit_code(string signal, int expected, string work)
    {
        string output = Path("report");
        ProcessStartInfo start = WithDefaultSignals(CliRunner.ProcessStart(work == "eval" ? ["eval", "--originals", "200000", "--quiet", "--out", output] : ["hash", "-"]));
        using Process process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync(); // read, so a full pipe can never block the command
        var stderr = new System.Text.StringBuilder();
        var working = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task stderrRead = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (stderr)
                {
                    stderr.AppendLine(line);
                }

                // The signal handlers are installed before the command runs, so a line from the command itself says they
                // are in place: eval's banner, or hash's error for a missing file named on stdin.
                if (work == "eval" ? line.StartsWith("eval: ", StringComparison.Ordinal) : line.Contains("missing-", StringComparison.Ordinal))
                {
                    working.TrySetResult();
                }
            }
        });
        if (work == "stdin")
        {
            // Names of missing files, more than hash reads ahead before it reports the first (it works on a few at
            // once); then it waits on stdin for the next name, which never comes.
            for (int i = 0; i < 16; i++)
            {
                await process.StandardInput.WriteLineAsync(Path($"missing-{i}.jpg"));
            }

            await process.StandardInput.FlushAsync();
        }

        await Task.WhenAny(working.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(working.Task.IsCompleted, $"the command did not start its work (exited: {process.HasExited}); its stderr: {Text(stderr)}");
        PosixFiles.Run("kill", $"-{signal[3..]}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        bool exited = true;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                exited = false;
                process.Kill();
            }
        }

        await Task.WhenAny(stderrRead, Task.Delay(5000));
        Assert.True(exited, $"{signal} did not stop the command; its stderr: {Text(stderr)}");
        Assert.Equal(expected, process.ExitCode);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "an interrupted run leaves no report");

        static string Text(System.Text.StringBuilder text)
        {
            lock (text)
            {
                return text.ToString();
            }
        }
    }

    [Fact]
    public async Task Paths_come_from_stdin_and_from_a_file()
    {
        string a = Image("a.png", 5), b = Image("b.png", 6);
        File.WriteAllText(Path("list"), b + "\n");
        var (code, stdout, _) = await Run(["hash", "--quiet", "-", "--files-from", Path("list")], stdin: a + "\n");
        Assert.Equal(0, code);
        Assert.Equal([a, b], stdout.TrimEnd().Split('\n').Skip(1).Select(l => l.Split('\t')[0]));
    }

    [Fact]
    public async Task Usage_names_the_program_and_value_errors_list_the_valid_values()
    {
        var (_, help, _) = await Run(["hash", "--help"]);
        Assert.Contains("hashmatch hash", help);
        Assert.DoesNotContain("HashMatch.Cli", help);
        var (code, _, stderr) = await Run(["hash", "--format", "json", "a.jpg"]);
        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("use one of: tsv, jsonl", stderr);
        Assert.DoesNotContain("HashMatch.Cli.Output", stderr);
        Assert.Equal(ExitCodes.BadArguments, (await Run(["hash", "--parallel", "100000", "a.jpg"])).ExitCode);
    }

    [Fact]
    public async Task Format_names_are_case_insensitive_in_every_command()
    {
        string a = Image("a.png", 7);
        Assert.Equal(0, (await Run(["hash", "--quiet", "--format", "JSONL", a])).ExitCode);
        var (_, hashes, _) = await Run(["hash", "--quiet", "--format", "TSV", a]);
        File.WriteAllText(Path("k.tsv"), hashes);
        Assert.Equal(0, (await Run(["index", "build", "--list", Path("k.tsv"), "--list-format", "TSV", "--out", Path("k.hmidx")])).ExitCode);
        var (code, stdout, _) = await Run(["match", "--index", Path("k.hmidx"), "--format", "JSONL", a]);
        Assert.Equal(0, code);
        Assert.StartsWith("{", stdout);
    }

    /// <summary>
    /// The command started through <c>env --default-signal=INT,QUIT</c>. A shell starts a background job with SIGINT and
    /// SIGQUIT ignored, every child inherits that, and a program started so keeps ignoring them as it should (the
    /// runtime installs no handler for a signal it inherited ignored): a test run started in the background (the stress
    /// script, a nohup'ed run) would otherwise send SIGINT to a command that rightly never sees it. env execs the
    /// command, so the process id stays the command's.
    /// </summary>
    private static ProcessStartInfo WithDefaultSignals(ProcessStartInfo command)
    {
        var start = new ProcessStartInfo("env") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--default-signal=INT,QUIT");
        start.ArgumentList.Add(command.FileName);
        foreach (string argument in command.ArgumentList)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
