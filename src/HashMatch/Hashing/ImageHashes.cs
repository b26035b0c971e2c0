using System.Diagnostics.CodeAnalysis;
using HashMatch.Local;
using HashMatch.Pdq;

namespace HashMatch.Hashing;

/// <summary>Everything <see cref="ImageHasher"/> computes for one input.</summary>
public sealed class ImageHashes
{
    /// <summary>Made by the library only.</summary>
    internal ImageHashes()
    {
    }

    /// <summary>MD5, SHA-1 and SHA-256 of the input's exact bytes.</summary>
    public ExactHashes Exact { get; internal init; }

    /// <summary>PDQ hash and quality of the decoded image.</summary>
    public PdqHashResult Pdq { get; internal init; }

    /// <summary>All eight PDQ variants, when <see cref="ImageHasherOptions.Dihedral"/> is set.</summary>
    public PdqDihedralHashes? Dihedral { get; internal init; }

    /// <summary>
    /// The query variants' hashes, the original first (its hash is <see cref="Pdq"/>); only the original unless
    /// <see cref="ImageHasherOptions.Variants"/> asked for more.
    /// </summary>
    public IReadOnlyList<QueryVariantHash> Variants { get; internal init; } = [];

    /// <summary>The list-side crop hashes, when <see cref="ImageHasherOptions.AugmentCrops"/> asked for them; otherwise empty.</summary>
    public IReadOnlyList<AugmentedHash> Augmented { get; internal init; } = [];

    /// <summary>The local-feature signal of the picture, when <see cref="ImageHasherOptions.Local"/> asked for it; otherwise null.</summary>
    [Experimental(LocalApi.DiagnosticId)]
    public LocalSignal? Local { get; internal init; }

    /// <summary>The mirror image's signal, when a matcher asked for it (see <see cref="ImageHasherOptions.Local"/>).</summary>
    internal LocalSignal? LocalMirrored { get; init; }

    /// <summary>Width stored in the file.</summary>
    public int Width { get; internal init; }

    /// <summary>Height stored in the file.</summary>
    public int Height { get; internal init; }

    /// <summary>Encoded format name, e.g. "jpeg".</summary>
    public string EncodedFormat { get; internal init; } = "";

    /// <summary>Frames in the file: above 1 for animated GIF and WebP, whose first frame is what was hashed.</summary>
    public int FrameCount { get; internal init; } = 1;
}
