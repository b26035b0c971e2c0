using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using HashMatch.IO;

namespace HashMatch.Video;

/// <summary>
/// vPDQ's hash file: one line per hashed frame, <c>frame_number,quality,pdq_hex,timestamp</c>, the timestamp in
/// seconds with three decimals (reference: <c>vpdq/cpp/vpdq/cpp/io/vpdqio.cpp</c>).
/// </summary>
[Experimental(VideoApi.DiagnosticId)]
public static class VpdqFile
{
    /// <summary>Writes <paramref name="frames"/> to <paramref name="path"/> atomically, in the reference's layout.</summary>
    /// <exception cref="HashMatchException">The file cannot be written.</exception>
    public static void Write(string path, IEnumerable<VpdqFrameHash> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            Write(writer, frames);
        });
    }

    /// <summary>Writes <paramref name="frames"/> as text, one line each.</summary>
    public static void Write(TextWriter writer, IEnumerable<VpdqFrameHash> frames)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(frames);
        foreach (VpdqFrameHash frame in frames)
        {
            writer.Write(FormatLine(frame));
            writer.Write('\n');
        }
    }

    /// <summary>One line of the file, without its newline.</summary>
    public static string FormatLine(VpdqFrameHash frame) =>
        string.Create(CultureInfo.InvariantCulture, $"{frame.FrameNumber},{frame.Quality},{frame.Hash},{frame.Timestamp:F3}");

    /// <summary>Reads a vPDQ hash file.</summary>
    /// <exception cref="HashMatchException">
    /// The file is missing or empty (<see cref="HashMatchErrorReason.Empty"/>: the reference refuses an empty hash
    /// file too), or a line is not <c>frame,quality,hex,timestamp</c> (<see cref="HashMatchErrorReason.Malformed"/>,
    /// naming the line).
    /// </exception>
    public static IReadOnlyList<VpdqFrameHash> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using StreamReader reader = InputFile.OpenText(path);
            return Read(reader, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HashMatchException(path, HashMatchErrorReason.Unreadable, e.Message, e);
        }
    }

    /// <summary>Reads vPDQ lines from <paramref name="reader"/>; <paramref name="inputName"/> names it in errors.</summary>
    /// <exception cref="HashMatchException">As for <see cref="Read(string)"/>.</exception>
    public static IReadOnlyList<VpdqFrameHash> Read(TextReader reader, string inputName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(inputName);
        var lines = new BoundedLineReader(reader, inputName);
        var frames = new List<VpdqFrameHash>();
        int number = 0;
        while (lines.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            frames.Add(ParseLine(line, inputName, number));
        }

        if (frames.Count == 0)
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.Empty, "the vPDQ file has no frame lines");
        }

        return frames;
    }

    private static VpdqFrameHash ParseLine(string line, string inputName, int number)
    {
        // Four comma-separated fields, as the reference's loader requires (it ignores any further fields).
        ReadOnlySpan<char> rest = line.AsSpan();
        Span<Range> fields = stackalloc Range[5];
        int count = rest.Split(fields, ',');
        if (count < 4)
        {
            throw Malformed(inputName, number, "expected frame_number,quality,pdq_hex,timestamp");
        }

        if (!int.TryParse(rest[fields[0]].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int frame))
        {
            throw Malformed(inputName, number, "the frame number is not a non-negative integer");
        }

        if (!int.TryParse(rest[fields[1]].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int quality) || quality > 100)
        {
            throw Malformed(inputName, number, "the quality is not an integer 0..100");
        }

        if (!PdqHash.TryParse(rest[fields[2]].Trim(), out PdqHash hash))
        {
            throw Malformed(inputName, number, "the hash is not 64 hexadecimal digits");
        }

        if (!double.TryParse(rest[fields[3]].Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double timestamp)
            || !double.IsFinite(timestamp))
        {
            throw Malformed(inputName, number, "the timestamp is not a non-negative number of seconds");
        }

        return new VpdqFrameHash(frame, quality, hash, timestamp);
    }

    private static HashMatchException Malformed(string inputName, int line, string detail) =>
        new(inputName, HashMatchErrorReason.Malformed, $"line {line}: {detail}");
}
