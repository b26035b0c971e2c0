namespace HashMatch;

/// <summary>Everything <see cref="ImageHasher"/> computes for one input.</summary>
/// <param name="Md5">MD5 of the input's exact bytes.</param>
/// <param name="Pdq">PDQ hash and quality of the decoded image.</param>
/// <param name="Dihedral">All eight PDQ variants, when <see cref="ImageHasherOptions.Dihedral"/> is set.</param>
/// <param name="Width">Width stored in the file.</param>
/// <param name="Height">Height stored in the file.</param>
/// <param name="Format">Encoded format name, e.g. "jpeg".</param>
public sealed record ImageHashes(Md5Hash Md5, PdqHashResult Pdq, PdqDihedralHashes? Dihedral, int Width, int Height, string Format);
