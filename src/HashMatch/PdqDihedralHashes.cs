using System.Runtime.CompilerServices;

namespace HashMatch;

/// <summary>
/// The hashes of all eight <see cref="PdqVariant"/>s of one image, computed from one DCT, and the image's quality.
/// </summary>
public readonly struct PdqDihedralHashes : IEquatable<PdqDihedralHashes>
{
    private readonly Variants _hashes;

    internal PdqDihedralHashes(ReadOnlySpan<PdqHash> hashes, int quality)
    {
        hashes[..VariantCount].CopyTo(_hashes);
        Quality = quality;
    }

    /// <summary>Number of variants (8).</summary>
    public const int VariantCount = 8;

    /// <summary>Quality of the image (the same for every variant).</summary>
    public int Quality { get; }

    /// <summary>The hash of the image as stored.</summary>
    public PdqHash Original => _hashes[0];

    /// <summary>The hash of <paramref name="variant"/> of the image.</summary>
    public PdqHash this[PdqVariant variant] =>
        (uint)variant < VariantCount ? _hashes[(int)variant] : throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown dihedral variant.");

    /// <summary>The hash of the original and its quality.</summary>
    public PdqHashResult ToResult() => new(Original, Quality);

    /// <summary>Copies the eight hashes, in <see cref="PdqVariant"/> order, into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<PdqHash> destination) => ((ReadOnlySpan<PdqHash>)_hashes).CopyTo(destination);

    /// <inheritdoc/>
    public bool Equals(PdqDihedralHashes other)
    {
        for (int v = 0; v < VariantCount; v++)
        {
            if (_hashes[v] != other._hashes[v])
            {
                return false;
            }
        }

        return Quality == other.Quality;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PdqDihedralHashes other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Quality, _hashes[0], _hashes[1]);

    /// <summary>True when all hashes and the quality are equal.</summary>
    public static bool operator ==(PdqDihedralHashes left, PdqDihedralHashes right) => left.Equals(right);

    /// <summary>True when any hash or the quality differs.</summary>
    public static bool operator !=(PdqDihedralHashes left, PdqDihedralHashes right) => !left.Equals(right);

    [InlineArray(VariantCount)]
    private struct Variants
    {
        private PdqHash _element;
    }
}
