namespace HashMatch.Cli.Output;

/// <summary>What <c>--format</c> selects for a command's records on stdout.</summary>
internal enum OutputFormat
{
    /// <summary>Tab-separated values: one header line, then one line per record; user text escaped (<see cref="TextEscaping"/>).</summary>
    Tsv,

    /// <summary>JSON Lines: one JSON object per record.</summary>
    Jsonl,
}
