using System.Security.Cryptography;
using HashMatch.Hashing;
using HashMatch.Tests.Support;
using FsCheck.Xunit;

namespace HashMatch.Tests.Md5;

public sealed class Md5Tests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData((1 << 20) - 1)]
    [InlineData(1 << 20)]
    [InlineData((5 << 20) + 12345)]
    public void Streaming_read_digests_every_byte_once(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        string expected = Convert.ToHexStringLower(MD5.HashData(data));

        foreach (Stream stream in new Stream[] { new MemoryStream(data), new TrickleStream(data) })
        {
            byte[] buffer = DigestingReader.Read(stream, "s", long.MaxValue, CancellationToken.None, out int read, out Md5Hash md5);
            Assert.Equal(length, read);
            Assert.Equal(expected, md5.ToString());
            Assert.True(buffer.AsSpan(0, read).SequenceEqual(data));
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Fact]
    public void File_md5_is_of_the_exact_file_bytes()
    {
        string path = TestData.Path(Path.Combine("pdq-reference", "images", "misc-images", "c.png"));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(path))), ImageHasher.Default.HashFile(path).Md5.ToString());
        Assert.Equal("0d12d4462273b533b9197f78b9aeb0d7", ImageHasher.Default.HashFile(path).Md5.ToString());
    }

    [Property]
    public bool Hex_round_trips(byte[] data)
    {
        Md5Hash md5 = Md5Hash.Compute(data);
        string hex = md5.ToString();
        return hex.Length == 32 && Md5Hash.Parse(hex) == md5 && Md5Hash.Parse(hex.ToUpperInvariant()) == md5 && !Md5Hash.TryParse(hex.AsSpan(1), out _);
    }

    /// <summary>A non-seekable stream that returns at most 1000 bytes per read, like a slow network.</summary>
    private sealed class TrickleStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, 1000), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
