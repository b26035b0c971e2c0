using HashMatch.Hashing;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Pdq;

/// <summary>
/// Bit-exactness: each lossless PNG holds the exact pixel buffer Meta's C++ reference hashed, so hash, quality and
/// all eight dihedral hashes must equal the reference's output with distance 0.
/// </summary>
public sealed class LosslessConformanceTests
{
    public static TheoryData<string> Names() => new(ReferenceVectors.Lossless.Select(r => r.File));

    [Theory]
    [MemberData(nameof(Names))]
    public void Hash_and_quality_equal_the_reference(string name)
    {
        ReferenceRow expected = ReferenceVectors.Lossless.Single(r => r.File == name);
        var hashes = ImageHasher.Default.HashFile(TestData.Path(Path.Combine("pdq-reference", "lossless", name)));

        Assert.Equal((expected.Width, expected.Height), (hashes.Width, hashes.Height));
        Assert.Equal(expected[PdqVariant.Original].ToString(), hashes.Pdq.Hash.ToString());
        Assert.Equal(expected.Quality, hashes.Pdq.Quality);
        Assert.Equal(expected.Norm, hashes.Pdq.Hash.PopCount);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void All_eight_dihedral_hashes_equal_the_reference(string name)
    {
        ReferenceRow expected = ReferenceVectors.Lossless.Single(r => r.File == name);
        var hasher = new ImageHasher(new ImageHasherOptions { Dihedral = true });
        PdqDihedralHashes actual = hasher.HashFile(TestData.Path(Path.Combine("pdq-reference", "lossless", name))).Dihedral!.Value;

        foreach (PdqVariant variant in Enum.GetValues<PdqVariant>())
        {
            Assert.True(
                expected[variant] == actual[variant],
                $"{variant}: expected {expected[variant]}, got {actual[variant]} (distance {expected[variant].DistanceTo(actual[variant])})");
        }

        Assert.Equal(expected.Quality, actual.Quality);
    }
}
