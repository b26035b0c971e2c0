using System.Text;
using HashMatch.IO;

namespace HashMatch.Lists;

/// <summary>
/// One list being read: its name for messages, a preview of its start for layout detection, and its content — as
/// lines for the line-based layouts or as UTF-8 bytes for the JSON ones. Refuses binary input (an image, an archive)
/// up front with one short message.
/// </summary>
internal sealed class ListSource : IDisposable
{
    /// <summary>Bytes looked at for detection and the binary check.</summary>
    private const int PreviewLength = 1 << 16;

    private readonly Stream _content;
    private readonly Encoding? _utf16;
    private readonly int _byteOrderMark;
    private bool _taken;

    private ListSource(Stream stream, string name)
    {
        Name = name;
        byte[] head = new byte[PreviewLength];
        int length = 0;
        try
        {
            for (int n; length < head.Length && (n = stream.Read(head, length, head.Length - length)) > 0;)
            {
                length += n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            throw new HashMatchException(name, HashMatchErrorReason.Unreadable, e.Message, e);
        }

        ReadOnlySpan<byte> start = head.AsSpan(0, length);
        if (BinaryContent.Describe(start) is { } binary)
        {
            stream.Dispose();
            throw new HashMatchException(name, HashMatchErrorReason.UnsupportedFormat, $"not a text hash list: {binary}");
        }

        (_utf16, _byteOrderMark) = start switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ((Encoding?)null, 3),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            _ => (null, 0),
        };
        Preview = new ListPreview((_utf16 ?? Encoding.UTF8).GetString(start[_byteOrderMark..]));
        _content = new ReplayStream(head, length, stream);
    }

    /// <summary>The list's name (its path, or the name a caller gave a stream).</summary>
    public string Name { get; }

    /// <summary>The start of the list, for detection.</summary>
    public ListPreview Preview { get; }

    /// <summary>Opens the file at <paramref name="path"/> (a regular file: pipes and devices are refused).</summary>
    public static ListSource Open(string path) => new(InputFile.OpenRead(path), path);

    /// <summary>Reads <paramref name="stream"/> (disposed with the source unless <paramref name="leaveOpen"/>).</summary>
    public static ListSource From(Stream stream, string name, bool leaveOpen) => new(leaveOpen ? new UndisposedStream(stream) : stream, name);

    /// <summary>Reads the characters of <paramref name="reader"/> (not disposed).</summary>
    public static ListSource From(TextReader reader, string name) => new(new TextUtf8Stream(reader), name);

    /// <summary>The content as lines of bounded length; the content can be taken once.</summary>
    public BoundedLineReader Lines() =>
        new(new StreamReader(Take(), _utf16 ?? new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16), Name);

    /// <summary>The content as UTF-8 bytes without a byte-order mark; the content can be taken once.</summary>
    public Stream Utf8()
    {
        Stream content = Take();
        Span<byte> mark = stackalloc byte[3];
        content.ReadExactly(mark[.._byteOrderMark]);
        return _utf16 is null ? content : Encoding.CreateTranscodingStream(content, _utf16, Encoding.UTF8);
    }

    public void Dispose() => _content.Dispose();

    private Stream Take()
    {
        if (_taken)
        {
            throw new InvalidOperationException("A list's content is read once.");
        }

        _taken = true;
        return _content;
    }

    /// <summary>Keeps a caller's stream open when the source is disposed.</summary>
    private sealed class UndisposedStream(Stream inner) : ReadOnlyStream
    {
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
    }
}
