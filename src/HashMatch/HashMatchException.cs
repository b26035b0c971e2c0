namespace HashMatch;

/// <summary>
/// The one exception type HashMatch throws for bad input and failed reads or writes: it names the input (or output)
/// and gives a <see cref="Reason"/>. Immutable; batch APIs report per-input failures with the same type.
/// </summary>
public sealed class HashMatchException : Exception
{
    /// <summary>Creates an error about <paramref name="input"/>.</summary>
    /// <param name="input">The file path, or a caller-supplied name for streams and buffers.</param>
    /// <param name="reason">Why the input was rejected.</param>
    /// <param name="detail">The specific problem, without the input name (e.g. "line 7: a PDQ hash is 64 hex digits").</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public HashMatchException(string input, HashMatchErrorReason reason, string detail, Exception? innerException = null)
        : this(input, reason, detail, innerException, null)
    {
    }

    private HashMatchException(string input, HashMatchErrorReason reason, string detail, Exception? innerException, ExactHashes? inputHashes)
        : base($"{input}: {Describe(reason)}: {detail}", innerException)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(detail);
        Input = input;
        Reason = reason;
        Detail = detail;
        InputHashes = inputHashes;
    }

    /// <summary>The input's name: a file path, or a caller-supplied name for streams and buffers.</summary>
    public string Input { get; }

    /// <summary>Why the input was rejected.</summary>
    public HashMatchErrorReason Reason { get; }

    /// <summary>The specific problem, without the input name.</summary>
    public string Detail { get; }

    /// <summary>
    /// The exact hashes of the input's bytes when they were read before the failure (e.g. the file was read but does
    /// not decode), so exact-copy matching still works on inputs that cannot be decoded; otherwise null.
    /// </summary>
    public ExactHashes? InputHashes { get; }

    /// <summary>The same error, carrying the digests of the bytes that were read.</summary>
    internal HashMatchException WithInputHashes(ExactHashes hashes) => new(Input, Reason, Detail, InnerException, hashes);

    private static string Describe(HashMatchErrorReason reason) => reason switch
    {
        HashMatchErrorReason.Empty => "empty input",
        HashMatchErrorReason.UnsupportedFormat => "unsupported format",
        HashMatchErrorReason.Truncated => "truncated",
        HashMatchErrorReason.TooLarge => "too large",
        HashMatchErrorReason.Corrupt => "corrupt",
        HashMatchErrorReason.Unreadable => "unreadable",
        HashMatchErrorReason.Malformed => "malformed",
        HashMatchErrorReason.NotAFile => "not a regular file",
        HashMatchErrorReason.WriteFailed => "cannot write",
        HashMatchErrorReason.TimedOut => "timed out",
        HashMatchErrorReason.DecoderUnavailable => "decoder unavailable",
        HashMatchErrorReason.OutOfRange => "out of range",
        _ => reason.ToString(),
    };
}
