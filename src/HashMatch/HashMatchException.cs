namespace HashMatch;

/// <summary>Why an input was rejected.</summary>
public enum HashMatchErrorReason
{
    /// <summary>The input has no bytes.</summary>
    Empty,

    /// <summary>The bytes are not in an image format the decoder knows.</summary>
    UnsupportedFormat,

    /// <summary>The input ends before the image data does (for example a partly downloaded JPEG).</summary>
    Truncated,

    /// <summary>The input exceeds a configured limit (pixels, bytes), or its header claims an absurd size.</summary>
    TooLarge,

    /// <summary>The input is damaged: the format is recognised but its contents are invalid.</summary>
    Corrupt,

    /// <summary>The input could not be read or written (missing file, permissions, I/O error).</summary>
    Unreadable,

    /// <summary>A text input (hash list) has a line that is not in the expected form; the detail names the line.</summary>
    Malformed,

    /// <summary>Decoding the input took longer than the configured time limit (the decoder was stopped).</summary>
    TimedOut,

    /// <summary>The external decoder this input needs (FFmpeg, for videos) is not installed or cannot be started.</summary>
    DecoderUnavailable,
}

/// <summary>
/// The one exception type HashMatch throws for bad input: it names the input and gives a <see cref="Reason"/>.
/// </summary>
public sealed class HashMatchException : Exception
{
    /// <summary>Creates an error about <paramref name="input"/>.</summary>
    public HashMatchException(string input, HashMatchErrorReason reason, string detail, Exception? innerException = null)
        : base($"{input}: {Describe(reason)}: {detail}", innerException)
    {
        Input = input;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>The input's name: a file path, or a caller-supplied name for streams and buffers.</summary>
    public string Input { get; }

    /// <summary>Why the input was rejected.</summary>
    public HashMatchErrorReason Reason { get; }

    /// <summary>The specific problem, without the input name.</summary>
    public string Detail { get; }

    /// <summary>
    /// MD5 of the input's bytes when they were read before the failure (e.g. the file was read but does not decode),
    /// so exact-copy matching still works on inputs that cannot be decoded; otherwise null.
    /// </summary>
    public Md5Hash? InputMd5 { get; internal set; }

    private static string Describe(HashMatchErrorReason reason) => reason switch
    {
        HashMatchErrorReason.Empty => "empty input",
        HashMatchErrorReason.UnsupportedFormat => "unsupported format",
        HashMatchErrorReason.Truncated => "truncated",
        HashMatchErrorReason.TooLarge => "too large",
        HashMatchErrorReason.Corrupt => "corrupt",
        HashMatchErrorReason.Unreadable => "unreadable",
        HashMatchErrorReason.Malformed => "malformed",
        HashMatchErrorReason.TimedOut => "timed out",
        HashMatchErrorReason.DecoderUnavailable => "decoder unavailable",
        _ => reason.ToString(),
    };
}
