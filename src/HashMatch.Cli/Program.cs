using HashMatch.Cli;

// stdout is buffered (one flush per batch of records, not per line); stderr stays unbuffered for errors and progress.
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16);
int exitCode = await CliApplication.RunAsync(args, stdout, Console.Error);
stdout.Flush();
return exitCode;
