using System.Security.Cryptography;
using HashMatch.Hashing;
using HashMatch.Tests.Support;
using FsCheck.Xunit;

namespace HashMatch.Tests;

/// <summary>MD5, SHA-1 and SHA-256 of the exact bytes, all from the one read of an input.</summary>
public sealed class ExactHashTests
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
        foreach (Stream stream in new Stream[] { new MemoryStream(data), new TrickleStream(data) })
        {
            byte[] buffer = DigestingReader.Read(stream, "s", long.MaxValue, CancellationToken.None, out int read, out ExactHashes digests);
            Assert.Equal(length, read);
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), digests.Md5.ToString());
            Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(data)), digests.Sha1.ToString());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), digests.Sha256.ToString());
            Assert.Equal(ExactHashes.Compute(data), digests);
            Assert.True(buffer.AsSpan(0, read).SequenceEqual(data));
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        // Digested without keeping the bytes (files of any length: videos, archives, disk images).
        Assert.Equal(ExactHashes.Compute(data), ExactHashes.Compute(new TrickleStream(data), "s"));
        Assert.Equal(ExactHashes.Compute(data), ExactHashes.Compute(new MemoryStream(data), "s"));
    }

    [Fact]
    public void File_digests_are_of_the_exact_file_bytes()
    {
        string path = TestData.Path(Path.Combine("pdq-reference", "images", "misc-images", "c.png"));
        ExactHashes digests = ImageHasher.Default.HashFile(path).Exact;
        Assert.Equal(ExactHashes.Compute(File.ReadAllBytes(path)), digests);
        Assert.Equal("0d12d4462273b533b9197f78b9aeb0d7", digests.Md5.ToString());
    }

    [Property]
    public bool Hex_round_trips_for_every_algorithm(byte[] data)
    {
        foreach (ExactHash hash in ExactHashes.Compute(data).All)
        {
            string hex = hash.ToString();
            bool ok = hex.Length == 2 * hash.ByteLength && ExactHash.Parse(hash.Algorithm, hex) == hash &&
                ExactHash.Parse(hash.Algorithm, hex.ToUpperInvariant()) == hash && !ExactHash.TryParse(hash.Algorithm, hex.AsSpan(1), out _);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Equal_bytes_of_different_algorithms_are_different_hashes()
    {
        byte[] sixteen = new byte[16];
        ExactHash md5 = ExactHash.FromBytes(ExactHashAlgorithm.Md5, sixteen);
        Assert.NotEqual(md5, default);
        Assert.Equal(md5, ExactHash.FromBytes(ExactHashAlgorithm.Md5, new byte[16]));
        Assert.Throws<ArgumentException>(() => ExactHash.FromBytes(ExactHashAlgorithm.Sha1, sixteen));
        Assert.Throws<ArgumentException>(() => new HashMatch.Lists.ListEntry { Id = "1", Sha1 = md5 });
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
