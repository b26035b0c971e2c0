namespace HashMatch.Cli;

/// <summary>The standard streams a command reads and writes (the process's own, or a test's writers).</summary>
/// <param name="In">Paths for <c>-</c> and <c>--files-from -</c>.</param>
/// <param name="Out">Records (TSV, JSON lines, tables).</param>
/// <param name="Error">Errors, progress and the summary line.</param>
internal sealed record CommandStreams(TextReader In, TextWriter Out, TextWriter Error);
