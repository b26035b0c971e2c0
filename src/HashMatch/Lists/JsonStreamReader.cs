using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace HashMatch.Lists;

/// <summary>
/// Reads JSON tokens from a stream through a bounded buffer (<see cref="Utf8JsonReader"/> fed segment by segment),
/// so a gigabyte-sized VICS file is read in constant memory instead of as one <see cref="JsonDocument"/>. Tracks the
/// line of each token for messages. A single token longer than <see cref="MaxTokenBytes"/> is refused.
/// </summary>
internal sealed class JsonStreamReader
{
    /// <summary>Longest token accepted (a string value): far above any hash or comment a list holds.</summary>
    public const int MaxTokenBytes = 1 << 24;

    private readonly Stream _stream;
    private readonly ListSink _sink;
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end, _lineAtStart = 1;
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64 });
    private int _valueStart, _valueLength;
    private bool _escaped;

    public JsonStreamReader(Stream stream, ListSink sink)
    {
        _stream = stream;
        _sink = sink;
    }

    /// <summary>The current token.</summary>
    public JsonTokenType TokenType { get; private set; }

    /// <summary>The current token's depth (0 for the root object and its end).</summary>
    public int Depth { get; private set; }

    /// <summary>The 1-based line of the current token.</summary>
    public int Line { get; private set; }

    /// <summary>Moves to the next token; false at the end of the input.</summary>
    /// <exception cref="HashMatchException">The JSON is invalid or truncated, a token is too long, or the stream fails.</exception>
    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            bool read;
            try
            {
                read = reader.Read();
            }
            catch (JsonException e)
            {
                // The reader's state carries its line count across segments, so the exception's line is the file's (0-based).
                throw _sink.Fatal((int)(e.LineNumber ?? _lineAtStart - 1) + 1, $"not valid JSON: {Short(e.Message)}");
            }

            int consumed = (int)reader.BytesConsumed;
            if (read)
            {
                int tokenStart = _start + (int)reader.TokenStartIndex;
                int before = Count(_start, tokenStart);
                Line = _lineAtStart + before;
                _lineAtStart += before + Count(tokenStart, _start + consumed);
                TokenType = reader.TokenType;
                Depth = reader.CurrentDepth;
                _valueStart = tokenStart + (TokenType is JsonTokenType.String or JsonTokenType.PropertyName ? 1 : 0);
                _valueLength = reader.ValueSpan.Length;
                _escaped = reader.ValueIsEscaped;
                _state = reader.CurrentState;
                _start += consumed;
                return true;
            }

            _lineAtStart += Count(_start, _start + consumed);
            _start += consumed;
            _state = reader.CurrentState;
            if (_final)
            {
                return false;
            }

            Fill();
        }
    }

    /// <summary>Skips the current token's value: a whole object or array when it starts one.</summary>
    public void SkipValue()
    {
        if (TokenType is JsonTokenType.PropertyName)
        {
            Read();
        }

        if (TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            int depth = Depth;
            while (Read() && !(TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && Depth == depth))
            {
            }
        }
    }

    /// <summary>Whether the current property name or string is <paramref name="name"/> (ASCII, case-insensitive).</summary>
    public bool Is(string name) =>
        _escaped ? string.Equals(GetString(), name, StringComparison.OrdinalIgnoreCase) : Ascii.EqualsIgnoreCase(Value, name);

    /// <summary>The current string or property name, unescaped.</summary>
    /// <exception cref="HashMatchException">The string is not valid UTF-8 (Utf8JsonReader checks that only when a value is read).</exception>
    public string GetString()
    {
        try
        {
            if (!_escaped)
            {
                return StrictUtf8.GetString(Value);
            }

            // The raw token, quotes included, read on its own to unescape it.
            var token = new Utf8JsonReader(_buffer.AsSpan(_valueStart - 1, _valueLength + 2));
            token.Read();
            return token.GetString()!;
        }
        catch (Exception e) when (e is DecoderFallbackException or InvalidOperationException)
        {
            // An escaped string with bytes that are not UTF-8 made Utf8JsonReader throw InvalidOperationException,
            // which escaped the reader (found by the mutation fuzz test); unescaped ones became U+FFFD silently.
            throw _sink.Fatal(Line, "not valid JSON: a string is not valid UTF-8");
        }
    }

    /// <summary>The current number's text as written.</summary>
    public string NumberText() => Encoding.UTF8.GetString(Value);

    /// <summary>The current number as an integer, when it is one.</summary>
    public bool TryGetInt64(out long value) => Utf8Parser.TryParse(Value, out value, out int used) && used == _valueLength;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private ReadOnlySpan<byte> Value => _buffer.AsSpan(_valueStart, _valueLength);

    private int Count(int from, int to) => _buffer.AsSpan(from, to - from).Count((byte)'\n');

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxTokenBytes)
            {
                throw _sink.Fatal(_lineAtStart, $"a JSON value longer than {MaxTokenBytes / (1 << 20)} MiB; not a hash list");
            }

            Array.Resize(ref _buffer, 2 * _buffer.Length);
        }

        try
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            _final = n == 0;
            _end += n;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HashMatchException(_sink.Input, HashMatchErrorReason.Unreadable, e.Message, e);
        }
    }

    /// <summary>The reader's message without its position suffix (the line is given separately).</summary>
    private static string Short(string message)
    {
        int position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return position > 0 ? message[..position] : message;
    }
}
