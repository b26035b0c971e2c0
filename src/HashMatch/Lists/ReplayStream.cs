namespace HashMatch.Lists;

/// <summary>
/// A read-only stream that first returns bytes already read from <paramref name="inner"/> (the preview used to detect
/// the layout), then the rest of <paramref name="inner"/>: detection looks at the start of pipes and other unseekable
/// inputs without losing it.
/// </summary>
internal sealed class ReplayStream(byte[] head, int headLength, Stream inner) : ReadOnlyStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        if (_position < headLength)
        {
            int n = Math.Min(buffer.Length, headLength - _position);
            head.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        return inner.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
