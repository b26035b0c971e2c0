namespace HashMatch.Cli.Input;

/// <summary>
/// The process's standard input, opened on first read: only <c>-</c> and <c>--files-from -</c> read it, and opening
/// <see cref="Console.In"/> on a terminal sets the terminal up (and costs start-up time) for every other command.
/// </summary>
internal sealed class StandardInput : TextReader
{
    private TextReader? _reader;

    private TextReader Reader => _reader ??= Console.In;

    /// <inheritdoc />
    public override int Peek() => Reader.Peek();

    /// <inheritdoc />
    public override int Read() => Reader.Read();

    /// <inheritdoc />
    public override int Read(char[] buffer, int index, int count) => Reader.Read(buffer, index, count);

    /// <inheritdoc />
    public override int Read(Span<char> buffer) => Reader.Read(buffer);

    /// <inheritdoc />
    public override string? ReadLine() => Reader.ReadLine();

    /// <inheritdoc />
    public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => Reader.ReadLineAsync(cancellationToken);

    /// <inheritdoc />
    public override string ReadToEnd() => Reader.ReadToEnd();
}
