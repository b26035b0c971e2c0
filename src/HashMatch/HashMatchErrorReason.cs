namespace HashMatch;

/// <summary>Why an input was rejected, or an output could not be written.</summary>
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

    /// <summary>
    /// The path names something other than a regular file — a named pipe, a device, a socket — which could block a
    /// read forever or never end; such inputs are refused before they are opened.
    /// </summary>
    NotAFile,

    /// <summary>An output (index file, converted list, report) could not be written; nothing was left half-written.</summary>
    WriteFailed,

    /// <summary>Decoding the input took longer than the configured time limit (the decoder was stopped).</summary>
    TimedOut,

    /// <summary>The external decoder this input needs (FFmpeg, for videos) is not installed or cannot be started.</summary>
    DecoderUnavailable,

    /// <summary>A number given with the input (a PDQ quality, a limit) is outside the range it must be in; the detail names it.</summary>
    OutOfRange,
}
