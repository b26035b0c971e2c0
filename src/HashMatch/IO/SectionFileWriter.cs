using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace HashMatch.IO;

/// <summary>
/// Writes a <see cref="SectionFile"/> to a seekable stream, one section after another, each streamed and checksummed
/// as it is written (nothing is built whole in memory); the header and directory are written last, over the space
/// reserved for them. Use inside <see cref="AtomicFile.Write"/> so a failure leaves no partial file.
/// </summary>
internal sealed class SectionFileWriter
{
    private static readonly byte[] Zeros = new byte[SectionFile.Alignment];

    private readonly Stream _output;
    private readonly int _capacity;
    private readonly List<SectionInfo> _sections = [];
    private readonly XxHash3 _hash = new();
    private long _position;
    private uint? _open;
    private long _openOffset;

    /// <summary>Reserves the header and a directory of <paramref name="capacity"/> sections at the start of <paramref name="output"/>.</summary>
    public SectionFileWriter(Stream output, int capacity)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, SectionFile.MaxSections);
        if (!output.CanSeek || output.Position != 0)
        {
            throw new ArgumentException("The output must be seekable and empty.", nameof(output));
        }

        _output = output;
        _capacity = capacity;
        long reserved = SectionFile.HeaderSize + ((long)SectionFile.EntrySize * capacity);
        for (long done = 0; done < reserved; done += Zeros.Length)
        {
            _output.Write(Zeros, 0, (int)Math.Min(Zeros.Length, reserved - done));
        }

        _position = reserved;
    }

    /// <summary>Starts section <paramref name="tag"/> at the next aligned offset.</summary>
    public void Begin(uint tag)
    {
        if (_open is not null)
        {
            throw new InvalidOperationException($"Section {SectionFile.TagName(_open.Value)} is still open.");
        }

        if (_sections.Count == _capacity)
        {
            throw new InvalidOperationException($"The directory holds {_capacity} sections.");
        }

        int padding = (int)((SectionFile.Alignment - (_position % SectionFile.Alignment)) % SectionFile.Alignment);
        _output.Write(Zeros, 0, padding);
        _position += padding;
        _open = tag;
        _openOffset = _position;
        _hash.Reset();
    }

    /// <summary>Appends bytes to the open section.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_open is null)
        {
            throw new InvalidOperationException("No section is open.");
        }

        _hash.Append(bytes);
        _output.Write(bytes);
        _position += bytes.Length;
    }

    /// <summary>Appends values to the open section in their little-endian in-memory layout.</summary>
    public void Write<T>(ReadOnlySpan<T> values)
        where T : unmanaged => Write(MemoryMarshal.AsBytes(values));

    /// <summary>Appends one value.</summary>
    public void WriteValue<T>(T value)
        where T : unmanaged => Write(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(ref value)));

    /// <summary>Ends the open section and records it in the directory.</summary>
    public void End()
    {
        uint tag = _open ?? throw new InvalidOperationException("No section is open.");
        _sections.Add(new SectionInfo(tag, _openOffset, _position - _openOffset, _hash.GetCurrentHashAsUInt64()));
        _open = null;
    }

    /// <summary>Writes a whole section of values.</summary>
    public void WriteSection<T>(uint tag, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        Begin(tag);
        Write(values);
        End();
    }

    /// <summary>Writes a whole section of values held in several pieces, in order (each piece is written before the next is asked for).</summary>
    public void WriteSection<T>(uint tag, IEnumerable<ReadOnlyMemory<T>> segments)
        where T : unmanaged
    {
        Begin(tag);
        foreach (ReadOnlyMemory<T> segment in segments)
        {
            Write(segment.Span);
        }

        End();
    }

    /// <summary>Writes the header and directory; the stream then holds a complete section file.</summary>
    public void Finish()
    {
        if (_open is not null)
        {
            throw new InvalidOperationException($"Section {SectionFile.TagName(_open.Value)} is still open.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Index files of version 2 are written on little-endian machines only.");
        }

        var head = new byte[SectionFile.HeaderSize + (SectionFile.EntrySize * _capacity)];
        SectionFile.Magic.CopyTo(head);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(8), SectionFile.Version);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(12), _sections.Count);
        BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(16), _position);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(24), _capacity);
        for (int i = 0; i < _sections.Count; i++)
        {
            Span<byte> entry = head.AsSpan(SectionFile.HeaderSize + (i * SectionFile.EntrySize), SectionFile.EntrySize);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, _sections[i].Tag);
            BinaryPrimitives.WriteInt64LittleEndian(entry[8..], _sections[i].Offset);
            BinaryPrimitives.WriteInt64LittleEndian(entry[16..], _sections[i].Length);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[24..], _sections[i].Checksum);
        }

        var hash = new XxHash3();
        hash.Append(head.AsSpan(0, 56));
        hash.Append(head.AsSpan(SectionFile.HeaderSize));
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(56), hash.GetCurrentHashAsUInt64());
        _output.Flush();
        _output.Seek(0, SeekOrigin.Begin);
        _output.Write(head);
        _output.Seek(_position, SeekOrigin.Begin);
    }
}
