using System.Text;

namespace HashMatch.IO;

/// <summary>
/// Reads lines of at most <see cref="MaxLineLength"/> characters, so a hostile or broken list (say, gigabytes without a
/// newline) is a typed error instead of an unbounded allocation — <see cref="TextReader.ReadLine"/> would buffer the
/// whole line.
/// </summary>
public sealed class BoundedLineReader(TextReader reader, string inputName)
{
    /// <summary>Longest line accepted. Hash list lines are under 200 characters; CSV rows with tags stay far below this.</summary>
    internal const int MaxLineLength = 1 << 16;

    private readonly char[] _buffer = new char[1 << 14];
    private readonly StringBuilder _line = new();
    private int _start, _end;
    private int _lineNumber;
    private bool _pendingCarriageReturn;

    /// <summary>The next line without its terminator (\n, \r\n or \r), or null at the end.</summary>
    /// <exception cref="HashMatchException">A line is longer than <see cref="MaxLineLength"/> (reason <see cref="HashMatchErrorReason.Malformed"/>).</exception>
    public string? ReadLine()
    {
        _line.Clear();
        _lineNumber++;
        while (true)
        {
            if (_start == _end)
            {
                _end = reader.Read(_buffer, 0, _buffer.Length);
                _start = 0;
                if (_end == 0)
                {
                    return _line.Length > 0 || _pendingCarriageReturn ? Finish() : null;
                }
            }

            if (_pendingCarriageReturn)
            {
                // A \r ended the previous line; swallow the \n of a \r\n pair.
                _pendingCarriageReturn = false;
                if (_buffer[_start] == '\n')
                {
                    _start++;
                    continue;
                }
            }

            int found = _buffer.AsSpan(_start, _end - _start).IndexOfAny('\n', '\r');
            int newline = found < 0 ? -1 : _start + found;
            int stop = newline < 0 ? _end : newline;
            if (_line.Length + (stop - _start) > MaxLineLength)
            {
                throw new HashMatchException(inputName, HashMatchErrorReason.Malformed, $"line {_lineNumber}: longer than {MaxLineLength:N0} characters; not a hash list");
            }

            _line.Append(_buffer, _start, stop - _start);
            _start = stop;
            if (newline >= 0)
            {
                _pendingCarriageReturn = _buffer[newline] == '\r';
                _start = newline + 1;
                return _line.ToString();
            }
        }
    }

    private string? Finish()
    {
        _pendingCarriageReturn = false;
        return _line.ToString();
    }
}
