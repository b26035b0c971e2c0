using HashMatch.Video;

namespace HashMatch.Tests.Video;

[Trait("Cost", "Integration")]
public sealed class TmkFileTests
{
    private static string ReferencePath => VideoReference.ReferenceTmkPath("chair-19-sd-bar");

    [Fact]
    public void A_reference_file_reads_with_the_reference_parameters_and_writes_back_byte_identical()
    {
        byte[] original = File.ReadAllBytes(ReferencePath);
        TmkHash hash = TmkFile.Read(ReferencePath);

        Assert.Equal(263_344, original.Length);
        Assert.Equal("PDQF", hash.Algorithm);
        Assert.Equal(15, hash.FramesPerSecond);
        Assert.Equal([2731, 4391, 9767, 14653], hash.Periods.ToArray());
        Assert.Equal(32, hash.FourierCoefficients.Length);
        Assert.Equal(256, hash.FeatureDimension);
        Assert.Equal(284, hash.FrameCount);

        var written = new MemoryStream();
        TmkFile.Write(written, hash);
        Assert.Equal(original, written.ToArray());
    }

    [Fact]
    public void Our_file_for_a_clip_has_the_reference_layout_and_scores_1_against_itself()
    {
        string folder = Directory.CreateTempSubdirectory("hashmatch-tmk-").FullName;
        try
        {
            string path = Path.Combine(folder, "chair-19-sd-bar.tmk");
            TmkFile.Write(path, VideoReference.OurTmk("chair-19-sd-bar"));
            byte[] ours = File.ReadAllBytes(path), reference = File.ReadAllBytes(ReferencePath);
            Assert.Equal(reference.Length, ours.Length);
            Assert.Equal(reference.AsSpan(0, 32).ToArray(), ours.AsSpan(0, 32).ToArray()); // header: magic, fps, P, C, D, frame count

            TmkHash read = TmkFile.Read(path);
            TmkScore self = TmkScorer.Compare(read, read);
            Assert.Equal(1f, self.Level1, 5);
            Assert.Equal(1f, self.Level2, 5);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(0, HashMatchErrorReason.Empty)]
    [InlineData(20, HashMatchErrorReason.Truncated)]
    [InlineData(32, HashMatchErrorReason.Truncated)]
    [InlineData(263_343, HashMatchErrorReason.Truncated)]
    public void A_truncated_file_is_a_typed_error(int length, HashMatchErrorReason reason)
    {
        byte[] bytes = File.ReadAllBytes(ReferencePath)[..length];
        var error = Assert.Throws<HashMatchException>(() => TmkFile.Read(new MemoryStream(bytes), "cut.tmk"));
        Assert.Equal(reason, error.Reason);
        Assert.Equal("cut.tmk", error.Input);
    }

    [Fact]
    public void Wrong_magic_algorithm_extra_bytes_and_hostile_dimensions_are_typed_errors()
    {
        byte[] original = File.ReadAllBytes(ReferencePath);

        byte[] text = "hello, not a tmk file at all, just some text here"u8.ToArray();
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, Assert.Throws<HashMatchException>(() => TmkFile.Read(new MemoryStream(text), "t")).Reason);

        byte[] otherAlgorithm = (byte[])original.Clone();
        "ABCD"u8.CopyTo(otherAlgorithm.AsSpan(8));
        Assert.Equal(HashMatchErrorReason.UnsupportedFormat, Assert.Throws<HashMatchException>(() => TmkFile.Read(new MemoryStream(otherAlgorithm), "t")).Reason);

        byte[] longer = [.. original, 0];
        Assert.Equal(HashMatchErrorReason.Corrupt, Assert.Throws<HashMatchException>(() => TmkFile.Read(new MemoryStream(longer), "t")).Reason);

        // A header claiming 64 periods × 1024 coefficients × 4096 floats must be refused without allocating them.
        byte[] huge = original[..32];
        BitConverter.TryWriteBytes(huge.AsSpan(16), 64);
        BitConverter.TryWriteBytes(huge.AsSpan(20), 1024);
        BitConverter.TryWriteBytes(huge.AsSpan(24), 4096);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(HashMatchErrorReason.TooLarge, Assert.Throws<HashMatchException>(() => TmkFile.Read(new MemoryStream(huge), "t")).Reason);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);

        byte[] negative = (byte[])original.Clone();
        BitConverter.TryWriteBytes(negative.AsSpan(24), -1);
        Assert.Equal(HashMatchErrorReason.Corrupt, Assert.Throws<HashMatchException>(() => TmkFile.Read(new MemoryStream(negative), "t")).Reason);
    }

    [Fact]
    public void Hashes_with_different_parameters_are_not_compared()
    {
        byte[] original = File.ReadAllBytes(ReferencePath);
        byte[] otherRate = (byte[])original.Clone();
        BitConverter.TryWriteBytes(otherRate.AsSpan(12), 30);
        TmkHash a = TmkFile.Read(new MemoryStream(original), "a"), b = TmkFile.Read(new MemoryStream(otherRate), "b");
        Assert.Throws<ArgumentException>(() => TmkScorer.Compare(a, b));
    }
}
