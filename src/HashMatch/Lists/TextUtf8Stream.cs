using System.Text;

namespace HashMatch.Lists;

/// <summary>
/// The UTF-8 bytes of a <see cref="TextReader"/>'s characters, encoded as they are read: lists given as text go
/// through the same byte-level detection and streaming JSON reader as files, without being held in memory whole.
/// </summary>
internal sealed class TextUtf8Stream(TextReader reader) : ReadOnlyStream
{
    private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
    private readonly char[] _chars = new char[4096];
    private readonly byte[] _bytes = new byte[4096 * 3];
    private int _start, _end;
    private bool _done;

    public override int Read(Span<byte> buffer)
    {
        while (_start == _end)
        {
            if (_done)
            {
                return 0;
            }

            int chars = reader.Read(_chars, 0, _chars.Length);
            _done = chars == 0;
            _end = _encoder.GetBytes(_chars, 0, chars, _bytes, 0, flush: _done);
            _start = 0;
        }

        int n = Math.Min(buffer.Length, _end - _start);
        _bytes.AsSpan(_start, n).CopyTo(buffer);
        _start += n;
        return n;
    }

}
